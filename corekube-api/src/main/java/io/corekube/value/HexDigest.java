package io.corekube.value;

import java.util.Locale;

/**
 * Hexadecimal digits of a fixed or bounded length: a SHA-256 or SHA-512 digest, a fleet machine ID. ASCII
 * {@code 0-9a-f} only (upper case is accepted and kept in lower case).
 */
public final class HexDigest extends TextValue {

    private static final String KIND = "hex digest";

    private HexDigest(String hex) {
        super(hex);
    }

    /** A SHA-256 digest: 64 hex digits. */
    public static HexDigest sha256(String field, String text) {
        return ofLength(field, text, 64, 64);
    }

    /** A SHA-512 digest: 128 hex digits. */
    public static HexDigest sha512(String field, String text) {
        return ofLength(field, text, 128, 128);
    }

    /** Hex digits, {@code min} to {@code max} of them (e.g. a machine ID: 1 to 128). */
    public static HexDigest ofLength(String field, String text, int min, int max) {
        Chars.requireLength(field, KIND, text, max);
        if (text.length() < min) {
            throw new InvalidValueException(field, KIND, text.length() + " digits, fewer than the " + min + " needed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new InvalidValueException(field, KIND, "character " + Chars.code(c) + " at index " + i
                        + " is not a hex digit: " + Chars.show(text));
            }
        }
        return new HexDigest(text.toLowerCase(Locale.ROOT));
    }
}
