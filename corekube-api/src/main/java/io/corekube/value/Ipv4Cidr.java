package io.corekube.value;

/**
 * An IPv4 network {@code address/prefix}: an {@link Ipv4Address} and a prefix length 0-32 of ASCII digits without
 * leading zeros. Kept as written; {@link #network()} is the address with its host bits cleared, as Go's
 * {@code net.ParseCIDR} returns it.
 */
public final class Ipv4Cidr {

    private static final String KIND = "IPv4 CIDR";

    private final Ipv4Address address;
    private final int prefix;

    private Ipv4Cidr(Ipv4Address address, int prefix) {
        this.address = address;
        this.prefix = prefix;
    }

    /** The CIDR, or {@link InvalidValueException} naming {@code field}. */
    public static Ipv4Cidr parse(String field, String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        String length = slash < 0 ? "" : text.substring(slash + 1);
        long bits = slash < 0 ? -1 : Ipv4Address.bits(text.substring(0, slash));
        if (bits < 0 || !length.matches("[0-9]|[12][0-9]|3[0-2]")) {
            throw new InvalidValueException(field, KIND, "an IPv4 address, '/' and a prefix length 0-32: "
                    + (text == null ? "no value" : Chars.show(text)));
        }
        return new Ipv4Cidr(Ipv4Address.parse(field, text.substring(0, slash)), Integer.parseInt(length));
    }

    /** The address as written. */
    public Ipv4Address address() {
        return address;
    }

    /** The prefix length. */
    public int prefix() {
        return prefix;
    }

    /** The network address: host bits cleared. */
    public long network() {
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return address.bits() & mask;
    }

    /** How many addresses the network holds. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** True when {@code a} lies in the network. */
    public boolean contains(Ipv4Address a) {
        return a.bits() >= network() && a.bits() < network() + size();
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Cidr c && c.address.equals(address) && c.prefix == prefix;
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + prefix;
    }
}
