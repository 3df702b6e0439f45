package io.corekube.deploy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The cluster a {@link io.corekube.CorekubeDeployer} deploys: its name, how many machines of each role it
 * expects (one master, {@link #minionCount()} minions), and what it publishes and cleans up besides the roles.
 */
@Value.Immutable
public interface ClusterSpec {

    /** The role of the machine every minion needs. */
    String MASTER = "master";

    /** The role of the worker machines. */
    String MINION = "minion";

    /** The cluster's name; the stack's name when a provisioner creates the machines. */
    String name();

    /** How many minions the cluster has. */
    int minionCount();

    /** Parameters for the provisioner (image, flavor, key name, network ...), by name. */
    Map<String, String> provisioningParameters();

    /** The flannel network config (JSON) to publish before deploying, when the cluster uses one. */
    Optional<String> networkConfig();

    /** The discovery token or URL the cluster's etcd used, deleted by teardown. */
    Optional<String> discoveryToken();

    /** How long a deploy waits for the expected machines and their roles; 30 minutes unless said otherwise. */
    @Value.Default
    default Duration timeout() {
        return Duration.ofMinutes(30);
    }

    /** How many machines of each role the cluster expects. */
    default Map<String, Integer> expectedRoles() {
        return Map.of(MASTER, 1, MINION, minionCount());
    }

    /** A spec named {@code name} with {@code minions} minions. */
    static ClusterSpec of(String name, int minions) {
        return builder().name(name).minionCount(minions).build();
    }

    /** A builder for a spec. */
    static ImmutableClusterSpec.Builder builder() {
        return ImmutableClusterSpec.builder();
    }

    /** Rejects blank names, negative minion counts and non-positive timeouts. */
    @Value.Check
    default void check() {
        if (!name().matches("[A-Za-z][A-Za-z0-9_.-]{0,254}")) {
            throw new IllegalArgumentException("cluster name must start with a letter and use only [A-Za-z0-9_.-]: '"
                    + name() + "'");
        }
        if (minionCount() < 0) {
            throw new IllegalArgumentException("minionCount must be >= 0, got " + minionCount());
        }
        if (timeout().isNegative() || timeout().isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout());
        }
    }
}
