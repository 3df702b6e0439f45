package io.corekube.deploy;

/** A deployment did not finish in its time: machines were missing or still deploying. */
public class DeploymentTimeoutException extends DeploymentFailedException {

    /** An exception for a deployment that stood at {@code status} when its time ran out. */
    public DeploymentTimeoutException(ClusterStatus status) {
        super("deployment timed out: " + status.count(DeploymentPhase.DEPLOYED) + " machines deployed, "
                + status.count(DeploymentPhase.DEPLOYING) + " deploying, " + status.count(DeploymentPhase.PENDING)
                + " pending, " + status.count(DeploymentPhase.FAILED) + " failed", status);
    }
}
