package io.corekube.deploy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners in order on one thread of its own, so that a slow listener never stalls the engine. */
final class EventDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final List<DeploymentListener> listeners;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "corekube-events");
        t.setDaemon(true);
        return t;
    });

    EventDispatcher(List<DeploymentListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void emit(DeploymentEvent event) {
        thread.execute(() -> deliver(event));
    }

    /** Runs {@code action} on the event thread once every earlier event was delivered (at once when closed). */
    void afterDelivered(Runnable action) {
        try {
            thread.execute(action);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            action.run();
        }
    }

    private void deliver(DeploymentEvent event) {
        for (DeploymentListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("deployment listener {} failed on {}", l, event, e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
