package io.corekube.value;

/**
 * An IPv4 or IPv6 network {@code address/prefix}, read as Go's {@code net.ParseCIDR} reads one: an {@link IpAddress},
 * a {@code /} and a prefix length of ASCII digits, 0-32 for IPv4 and 0-128 for IPv6, without leading zeros (as Go's
 * {@code net/netip}). Host bits are cleared as Go does: {@code 10.1.2.3/8} is the network {@code 10.0.0.0/8}.
 */
public final class Cidr {

    private static final String KIND = "CIDR";

    private final IpAddress address;
    private final int prefixLength;

    private Cidr(IpAddress address, int prefixLength) {
        this.address = address;
        this.prefixLength = prefixLength;
    }

    /** The network, or {@link InvalidValueException} naming {@code field}. */
    public static Cidr parse(String field, String text) {
        Chars.requireLength(field, KIND, text, IpAddress.MAX_LENGTH + 4);
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidValueException(field, KIND, "an IP address, '/' and a prefix length: " + Chars.show(text));
        }
        IpAddress address;
        try {
            address = IpAddress.parse(field, text.substring(0, slash));
        } catch (InvalidValueException e) {
            throw new InvalidValueException(field, KIND, "its address is not an IP address: " + Chars.show(text));
        }
        int max = address.isIpv4() ? 32 : 128;
        int prefix = prefixLength(text.substring(slash + 1));
        if (prefix < 0 || prefix > max) {
            throw new InvalidValueException(field, KIND, "the prefix length must be 0-" + max
                    + " in ASCII digits without leading zeros: " + Chars.show(text));
        }
        return new Cidr(IpAddress.of(masked(address.toBytes(), prefix)), prefix);
    }

    /** The length, or -1 when {@code s} is not 1-3 ASCII digits without a leading zero. */
    private static int prefixLength(String s) {
        if (s.isEmpty() || s.length() > 3 || s.length() > 1 && s.charAt(0) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            bytes[i] &= (byte) (0xFF00 >>> bits);
        }
        return bytes;
    }

    /** The network address: the address as written with its host bits cleared. */
    public IpAddress address() {
        return address;
    }

    /** The prefix length: 0-32 for IPv4, 0-128 for IPv6. */
    public int prefixLength() {
        return prefixLength;
    }

    /** True for an IPv4 network. */
    public boolean isIpv4() {
        return address.isIpv4();
    }

    /** True for an IPv6 network. */
    public boolean isIpv6() {
        return address.isIpv6();
    }

    /** True when {@code ip} is of this network's family and lies in it. */
    public boolean contains(IpAddress ip) {
        if (ip.isIpv4() != address.isIpv4()) {
            return false;
        }
        return java.util.Arrays.equals(masked(ip.toBytes(), prefixLength), address.toBytes());
    }

    /** The canonical {@code network/prefix}, e.g. {@code 10.0.0.0/8} or {@code fd00::/48}. */
    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.address.equals(address) && c.prefixLength == prefixLength;
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + prefixLength;
    }
}
