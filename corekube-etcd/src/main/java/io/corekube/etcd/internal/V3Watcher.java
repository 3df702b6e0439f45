package io.corekube.etcd.internal;

import io.corekube.RetryPolicy;
import io.corekube.etcd.EtcdException;
import io.corekube.spi.Subscription;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A v3 watch of a key prefix that outlives broken streams: events are delivered in revision order, and when
 * the stream fails (a restarted server, a lost connection) it is opened again from the last delivered
 * revision + 1 after a backoff, so that nothing is lost or delivered twice. A compacted start revision is
 * fatal and reported to {@code onFatal}.
 */
public final class V3Watcher implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(V3Watcher.class);
    private static final RetryPolicy BACKOFF = RetryPolicy.builder().maxAttempts(Integer.MAX_VALUE)
            .baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(2)).build();
    private static final ScheduledExecutorService RESTARTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "corekube-etcd-v3-watch-restarts");
        t.setDaemon(true);
        return t;
    });

    private final Client client;
    private final ByteSequence prefix;
    private final Consumer<WatchEvent> onEvent;
    private final Consumer<EtcdException> onFatal;
    private long lastRevision;
    private int failures;
    private Watch.Watcher current;
    private boolean closed;

    private V3Watcher(Client client, ByteSequence prefix, long afterRevision, Consumer<WatchEvent> onEvent,
                      Consumer<EtcdException> onFatal) {
        this.client = client;
        this.prefix = prefix;
        this.lastRevision = afterRevision;
        this.onEvent = onEvent;
        this.onFatal = onFatal;
    }

    /** Watches every key under {@code prefix} changed after {@code afterRevision}; fatal errors are logged. */
    public static V3Watcher start(Client client, ByteSequence prefix, long afterRevision, Consumer<WatchEvent> onEvent) {
        return start(client, prefix, afterRevision, onEvent,
                e -> LOG.warn("watch of {} stopped: {}", Jetcd.text(prefix), e.getMessage()));
    }

    /** Watches every key under {@code prefix} changed after {@code afterRevision}. */
    public static V3Watcher start(Client client, ByteSequence prefix, long afterRevision, Consumer<WatchEvent> onEvent,
                                  Consumer<EtcdException> onFatal) {
        V3Watcher watcher = new V3Watcher(client, prefix, afterRevision, onEvent, onFatal);
        watcher.open();
        return watcher;
    }

    private synchronized void open() {
        if (closed) {
            return;
        }
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(lastRevision + 1).build();
        current = client.getWatchClient().watch(prefix, option, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                deliver(response);
            }

            @Override
            public void onError(Throwable error) {
                failed(error);
            }

            @Override
            public void onCompleted() {
                failed(new IllegalStateException("watch stream completed"));
            }
        });
    }

    private synchronized void deliver(WatchResponse response) {
        if (closed) {
            return;
        }
        failures = 0;
        for (WatchEvent event : response.getEvents()) {
            long revision = event.getKeyValue().getModRevision();
            if (revision > lastRevision) {
                lastRevision = revision;
                onEvent.accept(event);
            }
        }
    }

    private synchronized void failed(Throwable error) {
        if (closed) {
            return;
        }
        if (current != null) {
            current.close();
            current = null;
        }
        if (error instanceof CompactedException) {
            closed = true;
            onFatal.accept(new EtcdException("revision " + (lastRevision + 1) + " of " + Jetcd.text(prefix)
                    + " was compacted; re-read and watch from the new revision", false, error));
            return;
        }
        failures++;
        long delay = BACKOFF.delayFor(failures).toMillis();
        LOG.debug("watch of {} broke ({}), reopening from revision {} in {} ms", Jetcd.text(prefix), error.toString(),
                lastRevision + 1, delay);
        RESTARTS.schedule(this::open, Math.max(delay, 20), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
