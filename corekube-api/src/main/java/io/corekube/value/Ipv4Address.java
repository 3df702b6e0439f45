package io.corekube.value;

/**
 * A dotted IPv4 address as Go's {@code net.ParseIP} reads one (and so flannel, Kubernetes and etcd): four decimal
 * octets 0-255 of ASCII digits, no leading zeros, nothing else. The one place that decides what an IPv4 address is.
 */
public final class Ipv4Address {

    private static final String KIND = "IPv4 address";

    private final long bits;

    private Ipv4Address(long bits) {
        this.bits = bits;
    }

    /** The address, or {@link InvalidValueException} naming {@code field}. */
    public static Ipv4Address parse(String field, String text) {
        long bits = bits(text);
        if (bits < 0) {
            throw new InvalidValueException(field, KIND, "four octets 0-255 of ASCII digits without leading zeros: "
                    + (text == null ? "no value" : Chars.show(text)));
        }
        return new Ipv4Address(bits);
    }

    /** The address as an unsigned 32-bit value, or -1 when {@code text} is not one. */
    public static long bits(String text) {
        if (text == null || text.length() > 15) {
            return -1;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0') {
                return -1;
            }
            int octet = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                return -1;
            }
            value = value << 8 | octet;
        }
        return value;
    }

    /** The dotted form of an unsigned 32-bit value. */
    public static String format(long bits) {
        return (bits >>> 24 & 255) + "." + (bits >>> 16 & 255) + "." + (bits >>> 8 & 255) + "." + (bits & 255);
    }

    /** The address as an unsigned 32-bit value. */
    public long bits() {
        return bits;
    }

    @Override
    public String toString() {
        return format(bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Address a && a.bits == bits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bits);
    }
}
