package io.corekube.cluster;

import java.util.Map;
import org.immutables.value.Value;

/** What a {@link io.corekube.spi.ClusterProvisioner} is asked to create: a named cluster of machines. */
@Value.Immutable
public interface ProvisioningRequest {

    /** The cluster's name (the Heat stack's name with the OpenStack provisioner). */
    String clusterName();

    /** How many minion machines to create besides the discovery, overlord and master machines. */
    int minionCount();

    /** Provisioner-specific parameters (image, flavor, key name, network ...), by name; left out of {@code toString}. */
    @Value.Redacted
    Map<String, String> parameters();

    /** A builder for a request. */
    static ImmutableProvisioningRequest.Builder builder() {
        return ImmutableProvisioningRequest.builder();
    }

    /** Rejects blank names and negative minion counts. */
    @Value.Check
    default void check() {
        if (clusterName().isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (minionCount() < 0) {
            throw new IllegalArgumentException("minionCount must be >= 0, got " + minionCount());
        }
    }
}
