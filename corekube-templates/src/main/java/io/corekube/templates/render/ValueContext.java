package io.corekube.templates.render;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a value lands, and what it may therefore contain. Values are checked, never escaped: a value that does
 * not fit is refused, so that no value can add a directive, a key or a command.
 */
public enum ValueContext {
    /** A systemd option value on one line: no line breaks, NUL or other control characters, no edge spaces. */
    VALUE("value"),
    /** One shell word: letters, digits and {@code _./:=@+,-} only (no spaces, quotes, {@code $}, backticks, ;|&<>(), nor {@code %}, a systemd specifier). */
    WORD("word"),
    /** An http(s) URL without quotes, spaces, {@code $}, backticks, parentheses or {@code %} (a systemd specifier). */
    URL("url"),
    /** A dotted IPv4 address. */
    IP("ip"),
    /** An IPv4 CIDR. */
    CIDR("cidr"),
    /** Hexadecimal digits (a machine ID, a SHA-256). */
    HEX("hex"),
    /** A decimal integer. */
    INT("int"),
    /** A DNS name. */
    DOMAIN("domain"),
    /** A YAML plain scalar on one line: no control characters and none of YAML's structural characters. */
    YAML("yaml");

    private static final Pattern WORD_CHARS = Pattern.compile("[A-Za-z0-9_./:=@+,-]+");
    private static final Pattern URL_CHARS = Pattern.compile("https?://[A-Za-z0-9._~:/?#@+,=&-]+");
    private static final Pattern IP4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern HEX_CHARS = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern INT_CHARS = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DOMAIN_CHARS = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern YAML_PLAIN = Pattern.compile("[^\\x00-\\x1F\\x7F:#{}\\[\\],&*!|>'\"%@`]+");

    private final String tag;

    ValueContext(String tag) {
        this.tag = tag;
    }

    /** The name used in placeholders, e.g. {@code word}. */
    public String tag() {
        return tag;
    }

    /** The context named {@code tag}. */
    public static Optional<ValueContext> ofTag(String tag) {
        for (ValueContext c : values()) {
            if (c.tag.equals(tag)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Why {@code value} cannot land here, or empty when it can. */
    public Optional<String> problem(String value) {
        if (value == null) {
            return Optional.of("no value");
        }
        for (char c : value.toCharArray()) {
            if (c == '\n' || c == '\r') {
                return Optional.of("contains a line break, which would start a new line of the file: " + visible(value));
            }
            if (c == 0 || c < 0x20 && c != '\t' || c == 0x7F) {
                return Optional.of("contains a control character (code " + (int) c + "): " + visible(value));
            }
        }
        boolean ok = switch (this) {
            case VALUE -> !value.isEmpty() && value.strip().equals(value);
            case WORD -> WORD_CHARS.matcher(value).matches();
            case URL -> URL_CHARS.matcher(value).matches();
            case IP -> IP4.matcher(value).matches();
            case CIDR -> value.contains("/") && IP4.matcher(value.substring(0, value.indexOf('/'))).matches()
                    && value.substring(value.indexOf('/') + 1).matches("[0-9]|[12][0-9]|3[0-2]");
            case HEX -> HEX_CHARS.matcher(value).matches();
            case INT -> INT_CHARS.matcher(value).matches();
            case DOMAIN -> value.length() <= 253 && DOMAIN_CHARS.matcher(value).matches();
            case YAML -> YAML_PLAIN.matcher(value).matches() && value.strip().equals(value) && !value.startsWith("-")
                    && !value.startsWith("?");
        };
        return ok ? Optional.empty() : Optional.of("is not a valid " + tag + describe() + ": " + visible(value));
    }

    private String describe() {
        return switch (this) {
            case WORD -> " (one shell word: letters, digits and _./:=@+,- only)";
            case URL -> " (http(s) URL without quotes, spaces, $, backticks, parentheses or %)";
            case YAML -> " (a plain YAML scalar without : # { } [ ] , & * ! | > ' \" % @ `)";
            case VALUE -> " (non-empty, no leading or trailing white space)";
            default -> "";
        };
    }

    private static String visible(String s) {
        return "'" + s.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0") + "'";
    }
}
