package io.corekube.spi;

import io.corekube.cluster.ProvisionedCluster;
import io.corekube.cluster.ProvisioningRequest;
import java.time.Duration;
import java.util.Optional;

/** Creates, scales and deletes the machines of a cluster (a Heat stack behind it). */
public interface ClusterProvisioner extends AutoCloseable {

    /** Creates the cluster and waits, at most {@code timeout}, until its machines exist. */
    ProvisionedCluster provision(ProvisioningRequest request, Duration timeout);

    /** Changes the number of minions and waits, at most {@code timeout}, until done. */
    ProvisionedCluster scale(String clusterName, int minionCount, Duration timeout);

    /** The cluster as it is now, when it exists. */
    Optional<ProvisionedCluster> describe(String clusterName);

    /** Deletes the cluster and waits, at most {@code timeout}, until it is gone; absent clusters are fine. */
    void delete(String clusterName, Duration timeout);

    /** Releases the provisioner's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
