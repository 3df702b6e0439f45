package io.corekube.templates.flannel;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A validated flannel network with flannel's defaults filled in: the IPv4 (and IPv6) network, each host's subnet
 * length, the first and last host subnets, and the backend. Gives the capacity and the subnet.env of a lease.
 */
public final class FlannelNetwork {

    private final Cidr4 network;
    private final int subnetLen;
    private final long subnetMin;
    private final long subnetMax;
    private final Cidr6 ipv6Network;
    private final int ipv6SubnetLen;
    private final BigInteger ipv6SubnetMin;
    private final BigInteger ipv6SubnetMax;
    private final FlannelBackend backend;

    private FlannelNetwork(Builder b) {
        this.network = b.network;
        this.subnetLen = b.subnetLen;
        this.subnetMin = b.subnetMin;
        this.subnetMax = b.subnetMax;
        this.ipv6Network = b.ipv6Network;
        this.ipv6SubnetLen = b.ipv6SubnetLen;
        this.ipv6SubnetMin = b.ipv6SubnetMin;
        this.ipv6SubnetMax = b.ipv6SubnetMax;
        this.backend = b.backend;
    }

    /** The IPv4 network as flannel prints it (host bits masked), when IPv4 is enabled. */
    public Optional<String> network() {
        return Optional.ofNullable(network).map(Cidr4::toString);
    }

    /** Each host's IPv4 subnet length. */
    public int subnetLen() {
        return subnetLen;
    }

    /** The first IPv4 host subnet, e.g. {@code 10.244.1.0}. */
    public Optional<String> subnetMin() {
        return network == null ? Optional.empty() : Optional.of(Ipv4.format(subnetMin));
    }

    /** The last IPv4 host subnet. */
    public Optional<String> subnetMax() {
        return network == null ? Optional.empty() : Optional.of(Ipv4.format(subnetMax));
    }

    /** The IPv6 network, when IPv6 is enabled. */
    public Optional<String> ipv6Network() {
        return Optional.ofNullable(ipv6Network).map(Cidr6::toString);
    }

    /** Each host's IPv6 subnet length (0 without IPv6). */
    public int ipv6SubnetLen() {
        return ipv6SubnetLen;
    }

    /** The first and last IPv6 host subnets. */
    public Optional<String> ipv6SubnetMin() {
        return Optional.ofNullable(ipv6SubnetMin).map(Cidr6::format);
    }

    /** The last IPv6 host subnet. */
    public Optional<String> ipv6SubnetMax() {
        return Optional.ofNullable(ipv6SubnetMax).map(Cidr6::format);
    }

    /** The backend. */
    public FlannelBackend backend() {
        return backend;
    }

    /** How many hosts can hold a lease: the IPv4 subnets from SubnetMin to SubnetMax (IPv6 ones without IPv4). */
    public long capacity() {
        if (network != null) {
            long size = 1L << (32 - subnetLen);
            return subnetMax < subnetMin ? 0 : (subnetMax - subnetMin) / size + 1;
        }
        BigInteger size = BigInteger.ONE.shiftLeft(128 - ipv6SubnetLen);
        BigInteger n = ipv6SubnetMax.subtract(ipv6SubnetMin).divide(size).add(BigInteger.ONE);
        return n.signum() <= 0 ? 0 : n.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /**
     * The subnet.env flanneld writes for a lease ({@code 10.244.94.0/24} or the lease key form {@code 10.244.94.0-24};
     * for dual stack also the IPv6 lease), with the MTU for a host interface of {@code interfaceMtu}.
     */
    public String subnetEnv(String lease, Optional<String> ipv6Lease, int interfaceMtu, boolean ipMasq) {
        if (interfaceMtu < MIN_INTERFACE_MTU || interfaceMtu > MAX_INTERFACE_MTU) {
            throw FlannelConfigException.sdk("interface MTU must be " + MIN_INTERFACE_MTU + " to " + MAX_INTERFACE_MTU
                    + ", got " + interfaceMtu);
        }
        StringBuilder env = new StringBuilder();
        if (network != null) {
            Cidr4 subnet = Cidr4.parse(lease == null ? "" : lease.replace('-', '/'));
            if (subnet.prefix() != subnetLen || !network.contains(subnet.ip()) || subnet.ip() < subnetMin || subnet.ip() > subnetMax) {
                throw FlannelConfigException.sdk("lease " + subnet + " is not a /" + subnetLen + " subnet between "
                        + Ipv4.format(subnetMin) + " and " + Ipv4.format(subnetMax) + " of " + network);
            }
            env.append("FLANNEL_NETWORK=").append(network).append('\n');
            env.append("FLANNEL_SUBNET=").append(Ipv4.format(subnet.ip() + 1)).append('/').append(subnet.prefix()).append('\n');
        }
        if (ipv6Network != null) {
            Cidr6 subnet = Cidr6.parse(ipv6Lease.orElseThrow(() -> new IllegalArgumentException("an IPv6 lease is needed"))
                    .replaceFirst("-(\\d+)$", "/$1"));
            if (subnet.prefix() != ipv6SubnetLen || !ipv6Network.contains(subnet.ip()) || subnet.ip().compareTo(ipv6SubnetMin) < 0
                    || subnet.ip().compareTo(ipv6SubnetMax) > 0) {
                throw FlannelConfigException.sdk("IPv6 lease " + Cidr6.format(subnet.ip()) + "/" + subnet.prefix()
                        + " is not a /" + ipv6SubnetLen + " subnet in range of " + ipv6Network);
            }
            env.append("FLANNEL_IPV6_NETWORK=").append(ipv6Network).append('\n');
            env.append("FLANNEL_IPV6_SUBNET=").append(Cidr6.format(subnet.ip().add(BigInteger.ONE))).append('/')
                    .append(subnet.prefix()).append('\n');
        }
        env.append("FLANNEL_MTU=").append(backend.mtu(interfaceMtu)).append('\n');
        env.append("FLANNEL_IPMASQ=").append(ipMasq).append('\n');
        return env.toString();
    }

    /** The smallest interface MTU accepted: IPv4's minimum (RFC 791) plus the largest backend overhead (80). */
    static final int MIN_INTERFACE_MTU = 68 + 80;
    /** The largest interface MTU accepted (jumbo frames). */
    static final int MAX_INTERFACE_MTU = 65535;

    static final class Builder {
        private Cidr4 network;
        private int subnetLen;
        private long subnetMin;
        private long subnetMax;
        private Cidr6 ipv6Network;
        private int ipv6SubnetLen;
        private BigInteger ipv6SubnetMin;
        private BigInteger ipv6SubnetMax;
        private FlannelBackend backend;

        Builder ipv4(Cidr4 network, int subnetLen, long min, long max) {
            this.network = network;
            this.subnetLen = subnetLen;
            this.subnetMin = min;
            this.subnetMax = max;
            return this;
        }

        Builder ipv6(Cidr6 network, int subnetLen, BigInteger min, BigInteger max) {
            this.ipv6Network = network;
            this.ipv6SubnetLen = subnetLen;
            this.ipv6SubnetMin = min;
            this.ipv6SubnetMax = max;
            return this;
        }

        Builder backend(FlannelBackend backend) {
            this.backend = backend;
            return this;
        }

        FlannelNetwork build() {
            return new FlannelNetwork(this);
        }
    }
}
