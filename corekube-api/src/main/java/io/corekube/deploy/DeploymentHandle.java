package io.corekube.deploy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running engine: a deploy that completes when every expected machine is deployed, or the long-lived
 * Overlord mode that never completes by itself. Closing it stops the engine and resigns its leadership.
 */
public interface DeploymentHandle extends AutoCloseable {

    /** The cluster's status now, read from the registry and the store. */
    ClusterStatus status();

    /**
     * Completes with the final status when every expected machine is deployed; exceptionally with
     * {@link DeploymentFailedException} when some failed, {@link DeploymentTimeoutException} when time ran out,
     * and a {@link java.util.concurrent.CancellationException} when closed first.
     */
    CompletableFuture<ClusterStatus> completion();

    /**
     * Waits at most {@code timeout} for the completion and returns the final status; throws
     * {@link DeploymentFailedException} (or its timeout subclass) as {@link #completion()} ends.
     */
    default ClusterStatus await(Duration timeout) {
        try {
            return completion().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeploymentTimeoutException(status());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the deployment", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Pauses a rollout ({@link EngineSettings#rollout()}): no further machine starts its replacement; those under
     * way finish. The deployment does not complete while paused (its deadline still runs).
     */
    default void pauseRollout() {
        throw new UnsupportedOperationException("this handle runs no rollout");
    }

    /** Resumes a paused rollout. */
    default void resumeRollout() {
        throw new UnsupportedOperationException("this handle runs no rollout");
    }

    /**
     * Aborts a rollout: no further machine starts its replacement; once those under way have settled, the
     * deployment ends with {@link RolloutAbortedException}. Roll back with the old catalog.
     */
    default void abortRollout() {
        throw new UnsupportedOperationException("this handle runs no rollout");
    }

    /** True while this engine leads and acts. */
    boolean isLeading();

    /** Stops the engine, waits for its workers and resigns its leadership. */
    @Override
    void close();
}
