package io.corekube.templates.flannel;

/** An IPv4 network as flannel holds it: the masked address and the prefix length. */
record Cidr4(long ip, int prefix) {

    /** Go's net.ParseCIDR for IPv4; host bits are masked as Go does. */
    static Cidr4 parse(String text) {
        int slash = text.indexOf('/');
        if (slash > 0 && text.contains(":") && Cidr6.isCidr(text)) {
            throw FlannelConfigException.sdk("Network must be an IPv4 CIDR (put IPv6 networks in IPv6Network): " + text);
        }
        if (slash < 0) {
            throw FlannelConfigException.flannel("invalid CIDR address: " + text);
        }
        long ip = Ipv4.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (ip < 0 || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(len) > 32) {
            throw FlannelConfigException.flannel("invalid CIDR address: " + text);
        }
        int prefix = Integer.parseInt(len);
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return new Cidr4(ip & mask, prefix);
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
        return Ipv4.format(ip) + "/" + prefix;
    }
}
