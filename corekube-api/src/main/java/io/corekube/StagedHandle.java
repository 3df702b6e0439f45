package io.corekube;

import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A deployment whose engine starts after preparatory steps (provisioning, publishing the network config). Closing
 * it before the engine started stops the engine as soon as it starts.
 */
final class StagedHandle implements DeploymentHandle {

    private final CompletableFuture<DeploymentHandle> started;
    private final Supplier<ClusterStatus> status;
    private final CompletableFuture<ClusterStatus> completion = new CompletableFuture<>();
    private final AtomicBoolean closed;

    /** {@code closed} is shared with the preparation, which checks it before it starts the engine. */
    StagedHandle(CompletableFuture<DeploymentHandle> started, Supplier<ClusterStatus> status, AtomicBoolean closed) {
        this.started = started;
        this.status = status;
        this.closed = closed;
        started.thenAccept(engine -> {
            if (closed.get()) {
                engine.close();
            }
        });
        started.thenCompose(DeploymentHandle::completion).whenComplete((result, failure) -> {
            if (failure == null) {
                completion.complete(result);
            } else {
                completion.completeExceptionally(failure);
            }
        });
    }

    @Override
    public ClusterStatus status() {
        return status.get();
    }

    @Override
    public CompletableFuture<ClusterStatus> completion() {
        return completion;
    }

    /** Pauses the engine's rollout; asked before the engine started (still provisioning), it applies at its start. */
    @Override
    public void pauseRollout() {
        started.thenAccept(DeploymentHandle::pauseRollout);
    }

    /** Resumes the engine's rollout, at its start when asked before. */
    @Override
    public void resumeRollout() {
        started.thenAccept(DeploymentHandle::resumeRollout);
    }

    /** Aborts the engine's rollout, at its start when asked before. */
    @Override
    public void abortRollout() {
        started.thenAccept(DeploymentHandle::abortRollout);
    }

    @Override
    public boolean isLeading() {
        return started.isDone() && !started.isCompletedExceptionally() && started.join().isLeading();
    }

    @Override
    public void close() {
        closed.set(true);
        completion.cancel(false);
        if (started.isDone() && !started.isCompletedExceptionally()) {
            started.join().close();
        }
    }
}
