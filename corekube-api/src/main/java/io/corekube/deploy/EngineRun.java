package io.corekube.deploy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A started engine: its coordinator thread, its event thread and its completion. */
final class EngineRun implements DeploymentHandle {

    private final DeploymentEngine engine;
    private final CompletableFuture<ClusterStatus> completion = new CompletableFuture<>();
    private final EventDispatcher events;
    private final Reconciler reconciler;
    private final Thread thread;

    EngineRun(DeploymentEngine engine, Optional<Map<String, Integer>> expected, Duration timeout) {
        this.engine = engine;
        this.events = new EventDispatcher(engine.listeners());
        this.reconciler = new Reconciler(engine, events, expected, timeout, completion);
        this.thread = new Thread(reconciler, "corekube-engine");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public ClusterStatus status() {
        return engine.status();
    }

    @Override
    public CompletableFuture<ClusterStatus> completion() {
        return completion;
    }

    @Override
    public void pauseRollout() {
        reconciler.rollout(Reconciler.Rollout.PAUSED);
    }

    @Override
    public void resumeRollout() {
        reconciler.rollout(Reconciler.Rollout.RUNNING);
    }

    @Override
    public void abortRollout() {
        reconciler.rollout(Reconciler.Rollout.ABORTED);
    }

    @Override
    public boolean isLeading() {
        return reconciler.isLeading();
    }

    @Override
    public void close() {
        reconciler.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        events.close();
    }
}
