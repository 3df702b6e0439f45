package io.corekube.templates.flannel;

import io.corekube.value.Ipv4Address;

/** IPv4 addresses as unsigned 32-bit values; what an address is, {@link Ipv4Address} decides (Go's rules). */
final class Ipv4 {

    private Ipv4() {
    }

    /** The address, or -1 when {@code s} is not a dotted IPv4 address. */
    static long parse(String s) {
        return Ipv4Address.bits(s);
    }

    static String format(long ip) {
        return Ipv4Address.format(ip);
    }
}
