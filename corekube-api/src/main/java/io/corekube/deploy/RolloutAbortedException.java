package io.corekube.deploy;

/**
 * A rollout was aborted ({@link DeploymentHandle#abortRollout()}): no machine started its replacement after that,
 * those under way finished and settled, and the deployment ended here. {@link #status()} tells what stands; a
 * rollback is a rollout of the old catalog.
 */
public class RolloutAbortedException extends DeploymentFailedException {

    /** An exception for a rollout aborted with the cluster at {@code status}, {@code waiting} machines not replaced. */
    public RolloutAbortedException(ClusterStatus status, int waiting) {
        super("rollout aborted: " + waiting + " machines were not replaced; " + status.count(DeploymentPhase.DEPLOYED)
                + " deployed, " + status.count(DeploymentPhase.FAILED) + " failed", status);
    }
}
