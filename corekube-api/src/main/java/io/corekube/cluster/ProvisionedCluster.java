package io.corekube.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** A cluster as its provisioner created it: identity, addresses of its well-known machines, and raw outputs. */
@Value.Immutable
public interface ProvisionedCluster {

    /** The cluster's name. */
    String name();

    /** The provisioner's ID for it (a Heat stack ID). */
    String id();

    /** The provisioner's status text, e.g. {@code CREATE_COMPLETE}. */
    String status();

    /** IP of the private etcd discovery machine, when the cluster has one. */
    Optional<String> discoveryIp();

    /** IP of the overlord machine, when the cluster has one. */
    Optional<String> overlordIp();

    /** IP of the Kubernetes master, once known. */
    Optional<String> masterIp();

    /** IPs of the minions, in the provisioner's order. */
    List<String> minionIps();

    /** Every output the provisioner reported, as text. */
    Map<String, String> outputs();

    /** A builder for a provisioned cluster. */
    static ImmutableProvisionedCluster.Builder builder() {
        return ImmutableProvisionedCluster.builder();
    }
}
