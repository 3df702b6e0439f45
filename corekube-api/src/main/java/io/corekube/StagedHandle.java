package io.corekube;

import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    /** The last rollout request made before the engine started; an abort stays, since it is final. */
    private final AtomicReference<RolloutRequest> rolloutRequest = new AtomicReference<>();

    private enum RolloutRequest {
        PAUSE, RESUME, ABORT;

        void applyTo(DeploymentHandle engine) {
            switch (this) {
                case PAUSE -> engine.pauseRollout();
                case RESUME -> engine.resumeRollout();
                case ABORT -> engine.abortRollout();
                default -> throw new IllegalStateException(name());
            }
        }
    }

    /** {@code closed} is shared with the preparation, which checks it before it starts the engine. */
    StagedHandle(CompletableFuture<DeploymentHandle> started, Supplier<ClusterStatus> status, AtomicBoolean closed) {
        this.started = started;
        this.status = status;
        this.closed = closed;
        started.thenAccept(engine -> {
            if (closed.get()) {
                engine.close();
                return;
            }
            RolloutRequest request = rolloutRequest.get();
            if (request != null) {
                request.applyTo(engine);
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
        request(RolloutRequest.PAUSE);
    }

    /** Resumes the engine's rollout, at its start when asked before. */
    @Override
    public void resumeRollout() {
        request(RolloutRequest.RESUME);
    }

    /** Aborts the engine's rollout, at its start when asked before; a pause or resume asked after it is ignored. */
    @Override
    public void abortRollout() {
        request(RolloutRequest.ABORT);
    }

    /** Requests made before the start apply at it, the last one only (in order, unlike callbacks on the future). */
    private void request(RolloutRequest request) {
        RolloutRequest now = rolloutRequest.updateAndGet(previous -> previous == RolloutRequest.ABORT ? previous : request);
        if (started.isDone() && !started.isCompletedExceptionally()) {
            now.applyTo(started.join());
        }
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
