package io.corekube.value;

import java.util.Locale;
import java.util.Optional;

/**
 * A DNS name as RFC 1123 hosts use it: labels of ASCII letters, digits and inner hyphens, 1-63 characters each,
 * at most 253 characters in all, no trailing dot; kept in lower case. A name that is all digits and dots (an
 * IPv4 address look-alike) is refused.
 */
public final class DnsName extends TextValue {

    /** The longest name accepted. */
    public static final int MAX_LENGTH = 253;
    private static final String KIND = "DNS name";

    private DnsName(String name) {
        super(name);
    }

    /** The name, or {@link InvalidValueException} naming {@code field}. */
    public static DnsName parse(String field, String text) {
        Chars.requireLength(field, KIND, text, MAX_LENGTH);
        String lower = text.toLowerCase(Locale.ROOT);
        problem(lower).ifPresent(p -> {
            throw new InvalidValueException(field, KIND, p + ": " + Chars.show(text));
        });
        return new DnsName(lower);
    }

    /** Why {@code lower} (lower case) is not a DNS name, or empty. Also used for URL hosts. */
    static Optional<String> problem(String lower) {
        if (lower.isEmpty() || lower.length() > MAX_LENGTH) {
            return Optional.of("must have 1 to " + MAX_LENGTH + " characters");
        }
        String[] labels = lower.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                return Optional.of("every label must have 1 to 63 characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return Optional.of("character " + Chars.code(c) + " is not a letter, digit or '-'");
                }
                numeric &= c >= '0' && c <= '9';
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("a label may not start or end with '-'");
            }
        }
        if (numeric) {
            return Optional.of("all-numeric names are not host names (an address is not a DNS name)");
        }
        return Optional.empty();
    }
}
