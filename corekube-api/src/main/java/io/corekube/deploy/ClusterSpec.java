package io.corekube.deploy;

import io.corekube.value.InvalidValueException;
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

    /**
     * The most minions a cluster may have: the engine is measured and tested up to 1,000 machines (see the
     * deployment benchmarks), and a count beyond it is far more likely a mistake than a plan.
     */
    int MAX_MINIONS = 1000;

    /** The cluster's name; the stack's name when a provisioner creates the machines. */
    String name();

    /** How many minions the cluster has. */
    int minionCount();

    /**
     * Parameters for the provisioner (image, flavor, key name, network ...), by name. Left out of
     * {@code toString}: a parameter may be a password.
     */
    @Value.Redacted
    Map<String, String> provisioningParameters();

    /**
     * The flannel network config (JSON) to publish before deploying, when the cluster uses one. Left out of
     * {@code toString}: an ipsec backend's config holds its pre-shared key.
     */
    @Value.Redacted
    Optional<String> networkConfig();

    /** The discovery token or URL the cluster's etcd used, deleted by teardown; a capability, so left out of {@code toString}. */
    @Value.Redacted
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

    /** Rejects blank names, minion counts outside 0..{@link #MAX_MINIONS} and timeouts outside 1 s..7 days. */
    @Value.Check
    default void check() {
        if (!name().matches("[A-Za-z][A-Za-z0-9_.-]{0,254}")) {
            throw new InvalidValueException("name", "cluster name", "must start with a letter and use only [A-Za-z0-9_.-],"
                    + " at most 255: '" + name() + "'");
        }
        if (minionCount() < 0 || minionCount() > MAX_MINIONS) {
            throw new InvalidValueException("minionCount", "count", "must be 0.." + MAX_MINIONS + ", got " + minionCount());
        }
        if (timeout().compareTo(Duration.ofSeconds(1)) < 0 || timeout().compareTo(Duration.ofDays(7)) > 0) {
            throw new InvalidValueException("timeout", "duration", "must be 1 s to 7 days, got " + timeout());
        }
    }
}
