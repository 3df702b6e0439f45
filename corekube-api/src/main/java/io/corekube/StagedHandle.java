package io.corekube;

import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A deployment whose engine starts after preparatory steps (provisioning, publishing the network config). Closing
 * it before the engine started stops the engine as soon as it starts.
 */
final class StagedHandle implements DeploymentHandle {

    private final CompletableFuture<DeploymentHandle> started;
    private final Supplier<ClusterStatus> status;
    private final CompletableFuture<ClusterStatus> completion = new CompletableFuture<>();
    private volatile boolean closed;

    StagedHandle(CompletableFuture<DeploymentHandle> started, Supplier<ClusterStatus> status) {
        this.started = started;
        this.status = status;
        started.thenAccept(engine -> {
            if (closed) {
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

    @Override
    public boolean isLeading() {
        return started.isDone() && !started.isCompletedExceptionally() && started.join().isLeading();
    }

    @Override
    public void close() {
        closed = true;
        completion.cancel(false);
        if (started.isDone() && !started.isCompletedExceptionally()) {
            started.join().close();
        }
    }
}
