package io.corekube.deploy;

import java.util.Optional;

/**
 * A deployment did not finish in its time: machines were missing or still deploying; or a machine failed because
 * one of its units missed its deadline ({@link #unit()} names it, its last state and the time spent).
 */
public class DeploymentTimeoutException extends DeploymentFailedException {

    private final transient UnitTimeout unit;

    /** An exception for a deployment that stood at {@code status} when its time ran out. */
    public DeploymentTimeoutException(ClusterStatus status) {
        super("deployment timed out: " + status.count(DeploymentPhase.DEPLOYED) + " machines deployed, "
                + status.count(DeploymentPhase.DEPLOYING) + " deploying, " + status.count(DeploymentPhase.PENDING)
                + " pending, " + status.count(DeploymentPhase.FAILED) + " failed", status);
        this.unit = null;
    }

    /** An exception for a deployment that ended at {@code status} with a machine failed by {@code unit}'s deadline. */
    public DeploymentTimeoutException(ClusterStatus status, UnitTimeout unit) {
        super("machine " + unit.machineId() + " failed: " + unit.describe() + "; " + status.count(DeploymentPhase.FAILED)
                + " machines failed, " + status.count(DeploymentPhase.DEPLOYED) + " deployed", status);
        this.unit = unit;
    }

    /** The unit whose deadline failed its machine, when that is why. */
    public Optional<UnitTimeout> unit() {
        return Optional.ofNullable(unit);
    }
}
