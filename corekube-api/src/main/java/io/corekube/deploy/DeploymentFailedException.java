package io.corekube.deploy;

/** A deployment ended with machines that failed; {@link #status()} names them and why. */
public class DeploymentFailedException extends RuntimeException {

    private final transient ClusterStatus status;

    /** An exception for a deployment that ended in {@code status}. */
    public DeploymentFailedException(ClusterStatus status) {
        this(summary(status), status);
    }

    DeploymentFailedException(String message, ClusterStatus status) {
        super(message);
        this.status = status;
    }

    /** The cluster's status when the deployment ended. */
    public ClusterStatus status() {
        return status;
    }

    private static String summary(ClusterStatus status) {
        StringBuilder out = new StringBuilder(status.count(DeploymentPhase.FAILED) + " machines failed:");
        status.inPhase(DeploymentPhase.FAILED).forEach(m -> out.append(' ').append(m.machineId()).append(" (")
                .append(m.failureReason().orElse("no reason recorded")).append(')'));
        return out.toString();
    }
}
