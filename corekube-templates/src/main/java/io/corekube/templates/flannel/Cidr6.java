package io.corekube.templates.flannel;

import io.corekube.value.Cidr;
import java.math.BigInteger;

/** An IPv6 network as flannel holds it: the masked address as an unsigned 128-bit value and the prefix length. */
record Cidr6(BigInteger ip, int prefix) {

    /** Go's net.ParseCIDR for flannel's {@code IPv6Network}, through {@link Cidr}; host bits are masked. */
    static Cidr6 parse(String text) {
        Cidr cidr = Addresses.cidr(text);
        if (!cidr.isIpv6()) {
            throw FlannelConfigException.sdk("IPv6Network must be an IPv6 CIDR (put IPv4 networks in Network): " + text);
        }
        BigInteger ip = Addresses.number(cidr.address());
        if (Addresses.ipv4Mapped(ip)) {
            throw FlannelConfigException.sdk("IPv6Network may not be an IPv4-mapped network (::ffff:0:0/96): " + text);
        }
        return new Cidr6(ip, cidr.prefixLength());
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

    @Override
    public String toString() {
        return Addresses.ipv6Text(ip) + "/" + prefix;
    }
}
