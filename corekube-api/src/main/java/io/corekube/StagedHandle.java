package io.corekube;

import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A deployment whose engine starts after preparatory steps (provisioning, publishing the network config). */
final class StagedHandle implements DeploymentHandle {

    private final CompletableFuture<DeploymentHandle> started;
    private final Supplier<ClusterStatus> status;
    private final CompletableFuture<ClusterStatus> completion;

    StagedHandle(CompletableFuture<DeploymentHandle> started, Supplier<ClusterStatus> status) {
        this.started = started;
        this.status = status;
        this.completion = started.thenCompose(DeploymentHandle::completion);
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
        started.cancel(false);
        if (started.isDone() && !started.isCompletedExceptionally()) {
            started.join().close();
        }
    }
}
