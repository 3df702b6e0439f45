package io.corekube.templates.flannel;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv6 network: the masked address as a 128-bit number and the prefix; printed in Go's compressed form. */
record Cidr6(BigInteger ip, int prefix) {

    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    static Cidr6 parse(String text) {
        int slash = text.indexOf('/');
        BigInteger ip = slash < 0 ? null : literal(text.substring(0, slash));
        String len = slash < 0 ? "" : text.substring(slash + 1);
        if (ip == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(len) > 128) {
            throw FlannelConfigException.flannel("invalid CIDR address: " + text);
        }
        int prefix = Integer.parseInt(len);
        BigInteger mask = ALL.shiftRight(prefix).xor(ALL);
        return new Cidr6(ip.and(mask), prefix);
    }

    static boolean isCidr(String text) {
        int slash = text.indexOf('/');
        return slash > 0 && literal(text.substring(0, slash)) != null;
    }

    static BigInteger address(String text) {
        BigInteger ip = literal(text);
        if (ip == null) {
            throw FlannelConfigException.flannel("Invalid IP address format");
        }
        return ip;
    }

    private static BigInteger literal(String s) {
        if (!s.contains(":") || !s.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return new BigInteger(1, InetAddress.getByName(s).getAddress()).and(ALL);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    BigInteger size() {
        return BigInteger.ONE.shiftLeft(128 - prefix);
    }

    BigInteger next() {
        return ip.add(size());
    }

    boolean contains(BigInteger address) {
        return address.compareTo(ip) >= 0 && address.compareTo(next()) < 0;
    }

    /** Go's net.IP.String(): lowercase hex groups, the longest run of two or more zero groups as {@code ::}. */
    static String format(BigInteger value) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i >= 2 && j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return format(ip) + "/" + prefix;
    }
}
