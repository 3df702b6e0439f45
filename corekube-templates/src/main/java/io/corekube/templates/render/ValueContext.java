package io.corekube.templates.render;

import io.corekube.value.DnsName;
import io.corekube.value.FilePath;
import io.corekube.value.HexDigest;
import io.corekube.value.HttpUrl;
import io.corekube.value.InvalidValueException;
import io.corekube.value.Ipv4Address;
import io.corekube.value.Ipv4Cidr;
import io.corekube.value.PlainText;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The kind of value a placeholder holds, checked by that kind's one validator in {@link io.corekube.value};
 * values are never escaped into shape, a value that does not fit is refused. Templates are systemd units, so
 * every rendered value is written with {@code %} doubled (systemd's specifier escape): the value reaches the
 * program exactly as given.
 */
public enum ValueContext {
    /** An http(s) URL ({@link HttpUrl}). */
    URL("url", (f, v) -> HttpUrl.parse(f, v).toString()),
    /** A dotted IPv4 address ({@link Ipv4Address}). */
    IP("ip", ValueContext::ipv4),
    /** An IPv4 CIDR ({@link Ipv4Cidr}). */
    CIDR("cidr", ValueContext::cidr4),
    /** Hexadecimal digits, 1 to 128 (a machine ID, a digest): {@link HexDigest}. */
    HEX("hex", (f, v) -> HexDigest.ofLength(f, v, 1, 128).toString()),
    /** A decimal integer that fits a 64-bit signed value. */
    INT("int", ValueContext::integer),
    /** A DNS name ({@link DnsName}). */
    DOMAIN("domain", (f, v) -> DnsName.parse(f, v).toString()),
    /** An absolute file path ({@link FilePath}). */
    PATH("path", (f, v) -> FilePath.parse(f, v).toString()),
    /** One line of text ({@link PlainText#line}); in a command line it may hold spaces, so use it for data only. */
    TEXT("text", (f, v) -> PlainText.line(f, v).toString());

    private final String tag;
    private final BiFunction<String, String, String> validator;

    ValueContext(String tag, BiFunction<String, String, String> validator) {
        this.tag = tag;
        this.validator = validator;
    }

    /** The name used in placeholders, e.g. {@code url}. */
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

    /**
     * {@code value} as written into a unit ({@code %} doubled), or {@link InvalidValueException} naming
     * {@code field} when it is not of this kind.
     */
    public String render(String field, String value) {
        if (value == null) {
            throw new InvalidValueException(field, tag, "no value");
        }
        return validator.apply(field, value).replace("%", "%%");
    }

    /** Why {@code value} cannot land here, or empty when it can. */
    public Optional<String> problem(String value) {
        try {
            render("value", value);
            return Optional.empty();
        } catch (InvalidValueException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String ipv4(String field, String v) {
        return Ipv4Address.parse(field, v).toString();
    }

    private static String cidr4(String field, String v) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(field, v);
        return cidr.toString();
    }

    private static String integer(String field, String v) {
        if (!v.matches("-?(0|[1-9][0-9]{0,18})")) {
            throw new InvalidValueException(field, "integer", "not a decimal integer: '" + visible(v) + "'");
        }
        try {
            return Long.toString(Long.parseLong(v));
        } catch (NumberFormatException e) {
            throw new InvalidValueException(field, "integer", "out of the 64-bit range: " + v);
        }
    }

    private static String visible(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder out = new StringBuilder();
        cut.chars().forEach(c -> out.append(c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
