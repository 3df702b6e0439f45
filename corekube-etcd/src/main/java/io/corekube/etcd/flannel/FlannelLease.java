package io.corekube.etcd.flannel;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** A subnet lease held by a flanneld host, as stored under {@code <prefix>/subnets/<ip>-<len>}. */
@Value.Immutable
public interface FlannelLease {

    /** The leased IPv4 subnet, e.g. {@code 10.244.94.0/24} ({@code 0.0.0.0/0} for an IPv6-only lease). */
    String subnet();

    /** The leased IPv6 subnet, for dual-stack and IPv6 leases. */
    Optional<String> ipv6Subnet();

    /** The host's public IP. */
    String publicIp();

    /** The host's public IPv6 address, when it has one. */
    Optional<String> publicIpv6();

    /** The backend type, e.g. {@code vxlan}; udp and alloc leases have none. */
    Optional<String> backendType();

    /** The backend's data as raw JSON, e.g. {@code {"VNI":1,"VtepMAC":"..."}}. */
    Optional<String> backendData();

    /** When the lease expires; empty for a reservation, which never does. */
    Optional<Instant> expiration();

    /** The lease's key in etcd. */
    String key();

    /** A builder for a lease. */
    static ImmutableFlannelLease.Builder builder() {
        return ImmutableFlannelLease.builder();
    }
}
