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
        return network == null ? Optional.empty() : Optional.of(Addresses.ipv4Text(subnetMin));
    }

    /** The last IPv4 host subnet. */
    public Optional<String> subnetMax() {
        return network == null ? Optional.empty() : Optional.of(Addresses.ipv4Text(subnetMax));
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
        return Optional.ofNullable(ipv6SubnetMin).map(Addresses::ipv6Text);
    }

    /** The last IPv6 host subnet. */
    public Optional<String> ipv6SubnetMax() {
        return Optional.ofNullable(ipv6SubnetMax).map(Addresses::ipv6Text);
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
     * for dual stack and IPv6 only also the IPv6 lease), with the MTU for a host interface of {@code interfaceMtu}.
     * A lease that is not one of this network's host subnets, an IPv6 lease missing or not wanted, and an impossible
     * interface MTU are refused. Without IPv4 (IPv6 only), {@code lease} is not used.
     */
    public String subnetEnv(String lease, Optional<String> ipv6Lease, int interfaceMtu, boolean ipMasq) {
        int mtu = backend.mtu(interfaceMtu);
        if (ipv6Lease == null || ipv6Lease.isPresent() != (ipv6Network != null)) {
            throw FlannelConfigException.sdk(ipv6Network == null ? "an IPv6 lease was given for a network without IPv6"
                    : "an IPv6 lease is needed for the IPv6 network " + ipv6Network);
        }
        StringBuilder env = new StringBuilder();
        if (network != null) {
            long subnet = ipv4Lease(lease);
            env.append("FLANNEL_NETWORK=").append(network).append('\n');
            env.append("FLANNEL_SUBNET=").append(Addresses.ipv4Text(subnet + 1)).append('/').append(subnetLen).append('\n');
        }
        if (ipv6Network != null) {
            BigInteger subnet = ipv6Lease(ipv6Lease.get());
            env.append("FLANNEL_IPV6_NETWORK=").append(ipv6Network).append('\n');
            env.append("FLANNEL_IPV6_SUBNET=").append(Addresses.ipv6Text(subnet.add(BigInteger.ONE))).append('/')
                    .append(ipv6SubnetLen).append('\n');
        }
        env.append("FLANNEL_MTU=").append(mtu).append('\n');
        env.append("FLANNEL_IPMASQ=").append(ipMasq).append('\n');
        return env.toString();
    }

    /** The lease's subnet address, when it is exactly one of the host subnets from SubnetMin to SubnetMax. */
    private long ipv4Lease(String lease) {
        String text = lease == null ? "" : lease.replaceFirst("-([0-9]+)$", "/$1");
        Cidr4 subnet = Cidr4.parse(text);
        long written = Addresses.ipv4("lease", text.substring(0, text.indexOf('/')));
        if (written != subnet.ip() || subnet.prefix() != subnetLen || !network.contains(subnet.ip())
                || subnet.ip() < subnetMin || subnet.ip() > subnetMax) {
            throw FlannelConfigException.sdk("lease " + text + " is not a /" + subnetLen + " subnet between "
                    + Addresses.ipv4Text(subnetMin) + " and " + Addresses.ipv4Text(subnetMax) + " of " + network);
        }
        return subnet.ip();
    }

    /** The IPv6 lease's subnet address, when it is exactly one of the IPv6 host subnets. */
    private BigInteger ipv6Lease(String lease) {
        String text = lease.replaceFirst("-([0-9]+)$", "/$1");
        Cidr6 subnet = Cidr6.parse(text);
        BigInteger written = Addresses.ipv6("IPv6 lease", text.substring(0, text.indexOf('/')));
        if (!written.equals(subnet.ip()) || subnet.prefix() != ipv6SubnetLen || !ipv6Network.contains(subnet.ip())
                || subnet.ip().compareTo(ipv6SubnetMin) < 0 || subnet.ip().compareTo(ipv6SubnetMax) > 0) {
            throw FlannelConfigException.sdk("IPv6 lease " + text + " is not a /" + ipv6SubnetLen + " subnet between "
                    + Addresses.ipv6Text(ipv6SubnetMin) + " and " + Addresses.ipv6Text(ipv6SubnetMax) + " of " + ipv6Network);
        }
        return subnet.ip();
    }

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
