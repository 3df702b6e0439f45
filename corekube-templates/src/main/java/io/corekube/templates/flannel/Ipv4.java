package io.corekube.templates.flannel;

/** IPv4 addresses as unsigned 32-bit values, parsed as Go's net package does (no leading zeros). */
final class Ipv4 {

    private Ipv4() {
    }

    /** The address, or -1 when {@code s} is not a dotted IPv4 address. */
    static long parse(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || p.length() > 1 && p.charAt(0) == '0') {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            value = value << 8 | octet;
        }
        return value;
    }

    static String format(long ip) {
        return (ip >>> 24 & 255) + "." + (ip >>> 16 & 255) + "." + (ip >>> 8 & 255) + "." + (ip & 255);
    }
}
