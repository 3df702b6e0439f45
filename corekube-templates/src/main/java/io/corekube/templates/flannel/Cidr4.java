package io.corekube.templates.flannel;

import io.corekube.value.Cidr;

/** An IPv4 network as flannel holds it: the masked address as an unsigned 32-bit value and the prefix length. */
record Cidr4(long ip, int prefix) {

    /** Go's net.ParseCIDR for flannel's {@code Network}, through {@link Cidr}; host bits are masked as Go does. */
    static Cidr4 parse(String text) {
        Cidr cidr = Addresses.cidr(text);
        if (!cidr.isIpv4()) {
            throw FlannelConfigException.sdk("Network must be an IPv4 CIDR (put IPv6 networks in IPv6Network): " + text);
        }
        return new Cidr4(Addresses.number(cidr.address()).longValue(), cidr.prefixLength());
    }

    long size() {
        return 1L << (32 - prefix);
    }

    long next() {
        return ip + size();
    }

    boolean contains(long address) {
        return address >= ip && address < next();
    }

    @Override
    public String toString() {
        return Addresses.ipv4Text(ip) + "/" + prefix;
    }
}
