package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdException;
import io.corekube.etcd.internal.HttpTransport;
import io.corekube.etcd.internal.V2Wire;
import io.corekube.spi.Subscription;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The long-poll loop behind {@link EtcdV2Client#watch}: one thread, one outstanding request at a time. */
final class V2Watcher implements Subscription {

    private static final Logger LOG = LoggerFactory.getLogger(V2Watcher.class);

    private final EtcdV2Client client;
    private final HttpTransport transport;
    private final List<String> segments;
    private final String key;
    private final boolean recursive;
    private final EtcdV2WatchListener listener;
    private final AtomicReference<Call> inFlight = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closed;
    private long nextIndex;

    V2Watcher(EtcdV2Client client, HttpTransport transport, List<String> segments, boolean recursive, long fromIndex,
              EtcdV2WatchListener listener) {
        this.client = client;
        this.transport = transport;
        this.segments = segments;
        this.key = "/" + String.join("/", segments);
        this.recursive = recursive;
        this.listener = listener;
        this.nextIndex = fromIndex;
        this.thread = new Thread(this::run, "corekube-etcd-v2-watch " + key);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        int failures = 0;
        while (!closed) {
            try {
                HttpTransport.Reply reply = poll();
                failures = 0;
                if (reply.ok() && reply.body().isBlank()) {
                    continue; // the server closed the long poll: ask again from the same index
                }
                if (!reply.ok()) {
                    throw V2Wire.error(reply);
                }
                EtcdV2Response event = V2Wire.response(reply);
                nextIndex = event.node().modifiedIndex() + 1;
                listener.onEvent(event);
            } catch (EventIndexClearedException cleared) {
                resync();
            } catch (IOException | EtcdException e) {
                if (closed) {
                    return;
                }
                if (e instanceof EtcdException ee && !ee.isRetryable()) {
                    listener.onError(ee);
                    return;
                }
                failures++;
                transport.failOver();
                LOG.debug("watch of {} interrupted ({}), retrying from index {}", key, e.toString(), nextIndex);
                pause(transport.retryPolicy().delayFor(failures).toMillis());
            } catch (RuntimeException e) {
                if (!closed) {
                    listener.onError(EtcdV2Client.asEtcdException(e));
                }
                return;
            }
        }
    }

    private HttpTransport.Reply poll() throws IOException {
        Call call = transport.newWatchCall(endpoint -> {
            HttpUrl.Builder url = EtcdV2Client.url(endpoint, segments).addQueryParameter("wait", "true")
                    .addQueryParameter("waitIndex", Long.toString(nextIndex));
            if (recursive) {
                url.addQueryParameter("recursive", "true");
            }
            return new Request.Builder().url(url.build()).get().build();
        });
        inFlight.set(call);
        if (closed) {
            call.cancel();
        }
        try {
            return HttpTransport.send(call, call.request().url());
        } finally {
            inFlight.set(null);
        }
    }

    private void resync() {
        long index;
        EtcdV2Response listing = null;
        try {
            listing = client.get(key, GetOptions.builder().recursive(recursive).quorum(true).build());
            index = listing.etcdIndex();
        } catch (KeyNotFoundException gone) {
            index = gone.index();
        }
        LOG.debug("watch of {}: history cleared, resuming after index {}", key, index);
        nextIndex = index + 1;
        if (listing != null) {
            listener.onResync(listing);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(Math.max(millis, 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Call call = inFlight.get();
        if (call != null) {
            call.cancel();
        }
        if (Thread.currentThread() != thread) {
            thread.interrupt();
        }
    }
}
