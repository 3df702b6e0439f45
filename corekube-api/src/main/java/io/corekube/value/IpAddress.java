package io.corekube.value;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address, read as Go's {@code net.ParseIP} reads one (and so flannel, Kubernetes and etcd): ASCII
 * only; IPv4 as four decimal octets without leading zeros (Go 1.17+, see {@link Ipv4Address}); IPv6 as hex groups
 * with at most one {@code ::} and an optional trailing dotted IPv4. Stricter than Go 1.19 where Go's newer
 * {@code net/netip} is too: a hex group has at most four digits, and zones ({@code %eth0}) are refused.
 *
 * <p>The family is kept as written: {@code ::ffff:10.0.0.1} is an IPv6 address. {@link #toString()} is canonical
 * (RFC 5952: lowercase, the longest run of zero groups as {@code ::}, IPv4-mapped addresses in dotted form) and
 * parses back to an equal address.
 */
public final class IpAddress {

    private static final String KIND = "IP address";
    /** The longest IPv6 text: eight groups' worth with a trailing dotted IPv4. */
    static final int MAX_LENGTH = 45;

    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address, or {@link InvalidValueException} naming {@code field}. */
    public static IpAddress parse(String field, String text) {
        Chars.requireLength(field, KIND, text, MAX_LENGTH);
        byte[] parsed = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
        if (parsed == null) {
            throw new InvalidValueException(field, KIND, (text.indexOf(':') >= 0
                    ? "hex groups of one to four ASCII digits with at most one '::': "
                    : "four octets 0-255 of ASCII digits without leading zeros: ") + Chars.show(text));
        }
        return new IpAddress(parsed);
    }

    /** The address of 4 (IPv4) or 16 (IPv6) bytes, in network order. */
    public static IpAddress of(byte[] bytes) {
        if (bytes == null || bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
        }
        return new IpAddress(bytes.clone());
    }

    /** True for an IPv4 address (4 bytes). */
    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** True for an IPv6 address (16 bytes), IPv4-mapped ones included. */
    public boolean isIpv6() {
        return bytes.length == 16;
    }

    /** The address's bytes in network order (a copy): 4 for IPv4, 16 for IPv6. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    private static byte[] ipv4(String text) {
        long bits = Ipv4Address.bits(text);
        return bits < 0 ? null : new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    /** Go's parseIPv6, with groups of at most four hex digits; null when {@code s} is not an address. */
    private static byte[] ipv6(String s) {
        byte[] ip = new byte[16];
        int ellipsis = -1;
        int at = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            at = 2;
            if (at == s.length()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int end = at;
            int group = 0;
            while (end < s.length() && end - at < 5 && Character.digit(s.charAt(end), 16) >= 0 && s.charAt(end) < 0x80) {
                group = group * 16 + Character.digit(s.charAt(end), 16);
                end++;
            }
            if (end == at || end - at > 4) {
                return null;
            }
            if (end < s.length() && s.charAt(end) == '.') {
                byte[] v4 = (ellipsis < 0 && i != 12) || i + 4 > 16 ? null : ipv4(s.substring(at));
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, ip, i, 4);
                i += 4;
                at = s.length();
                break;
            }
            ip[i++] = (byte) (group >>> 8);
            ip[i++] = (byte) group;
            at = end;
            if (at == s.length()) {
                break;
            }
            if (s.charAt(at) != ':' || at + 1 == s.length()) {
                return null;
            }
            at++;
            if (s.charAt(at) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                at++;
                if (at == s.length()) {
                    break;
                }
            }
        }
        if (at != s.length()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int shift = 16 - i;
            System.arraycopy(ip, ellipsis, ip, ellipsis + shift, i - ellipsis);
            Arrays.fill(ip, ellipsis, ellipsis + shift, (byte) 0);
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }

    /** Dotted IPv4, or RFC 5952 IPv6 (IPv4-mapped ones as {@code ::ffff:a.b.c.d}). */
    @Override
    public String toString() {
        if (isIpv4()) {
            return dotted(0);
        }
        if (mappedIpv4()) {
            return "::ffff:" + dotted(12);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            int run = 0;
            while (g + run < 8 && group(g + run) == 0) {
                run++;
            }
            if (run > bestLength) {
                bestStart = g;
                bestLength = run;
            }
            g += Math.max(run, 1);
        }
        StringBuilder out = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                out.append("::");
                g += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(group(g)));
        }
        return out.toString();
    }

    private boolean mappedIpv4() {
        for (int b = 0; b < 10; b++) {
            if (bytes[b] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private int group(int g) {
        return (bytes[2 * g] & 0xFF) << 8 | bytes[2 * g + 1] & 0xFF;
    }

    private String dotted(int from) {
        return (bytes[from] & 0xFF) + "." + (bytes[from + 1] & 0xFF) + "." + (bytes[from + 2] & 0xFF) + "." + (bytes[from + 3] & 0xFF);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && Arrays.equals(a.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
