package io.corekube.etcd.internal;

import io.corekube.RetryPolicy;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdException;
import io.corekube.etcd.EtcdMalformedReplyException;
import io.corekube.etcd.EtcdTimeoutException;
import io.corekube.internal.Deadline;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends requests to an etcd cluster: tries the endpoints in turn (starting with the last one that answered),
 * and retries with the configured policy. A request that never reached a server is always safe to try again;
 * one that may have been applied is repeated only when {@code idempotent}.
 */
public final class HttpTransport implements AutoCloseable {

    /** A server's answer, read whole. */
    public record Reply(int status, String body, long etcdIndex, String endpoint) {
        /** True for 2xx. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final List<HttpUrl> endpoints;
    private final AtomicInteger preferred = new AtomicInteger();
    private final OkHttpClient client;
    private final OkHttpClient watchClient;
    private final RetryPolicy retryPolicy;
    private final Duration requestTimeout;

    /** A transport for the config's endpoints. */
    public HttpTransport(EtcdConfig config) {
        this.endpoints = config.endpoints().stream().map(URI::toString).map(HttpUrl::get).toList();
        this.client = OkHttpClients.requests(config);
        this.watchClient = OkHttpClients.watches(client);
        this.retryPolicy = config.retryPolicy();
        this.requestTimeout = config.requestTimeout();
    }

    /** The retry policy, for loops of callers (watches) that retry on their own. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Executes the request built for an endpoint, failing over and retrying as the class describes, all within one
     * deadline of {@link EtcdConfig#requestTimeout()}: a silent server ends the call with an
     * {@link EtcdTimeoutException} by then, and the next call starts with the next endpoint.
     */
    public Reply execute(Function<HttpUrl, Request> request, boolean idempotent) {
        Deadline deadline = Deadline.after(requestTimeout);
        EtcdException last = null;
        for (int attempt = 1; attempt <= retryPolicy.maxAttempts(); attempt++) {
            if (attempt > 1) {
                Duration delay = retryPolicy.delayFor(attempt - 1);
                if (deadline.remaining().compareTo(delay) <= 0) {
                    break;
                }
                sleep(delay);
            }
            int start = preferred.get();
            for (int i = 0; i < endpoints.size() && !deadline.passed(); i++) {
                int index = (start + i) % endpoints.size();
                HttpUrl endpoint = endpoints.get(index);
                Call call = client.newCall(request.apply(endpoint));
                call.timeout().timeout(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
                try {
                    Reply reply = send(call, endpoint);
                    if (reply.status() >= 500 && idempotent) {
                        last = V2Wire.error(reply);
                        continue;
                    }
                    preferred.set(index);
                    return reply;
                } catch (IOException e) {
                    preferred.compareAndSet(index, (index + 1) % endpoints.size());
                    boolean timedOut = e instanceof InterruptedIOException && deadline.passed();
                    last = timedOut ? new EtcdTimeoutException(call.request().method() + " " + call.request().url().encodedPath()
                            + " at " + shown(endpoint), requestTimeout, e)
                            : new EtcdException("cannot reach etcd at " + shown(endpoint) + ": " + e, true, e);
                    if (!idempotent && !neverSent(e)) {
                        throw timedOut ? last : new EtcdException("request to etcd at " + shown(endpoint) + " failed after it was"
                                + " sent, so it may or may not have been applied: " + e, true, e);
                    }
                }
            }
        }
        throw last != null ? last : new EtcdTimeoutException("waiting to retry", requestTimeout, null);
    }

    /** Starts a long poll on the preferred endpoint; the caller reads and retries it. */
    public Call newWatchCall(Function<HttpUrl, Request> request) {
        return watchClient.newCall(request.apply(endpoints.get(preferred.get())));
    }

    /** Moves the preferred endpoint on, after a long poll failed to connect. */
    public void failOver() {
        preferred.updateAndGet(i -> (i + 1) % endpoints.size());
    }

    /** Reads a call's whole answer. */
    public static Reply send(Call call, HttpUrl endpoint) throws IOException {
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            String index = response.header("X-Etcd-Index");
            long etcdIndex = 0;
            if (index != null) {
                try {
                    etcdIndex = Long.parseLong(index.trim());
                } catch (NumberFormatException e) {
                    throw new EtcdMalformedReplyException(shown(endpoint), "X-Etcd-Index is not a number: "
                            + V2Wire.abbreviate(index), e);
                }
            }
            return new Reply(response.code(), text, etcdIndex, shown(endpoint));
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static String shown(HttpUrl endpoint) {
        return endpoint.scheme() + "://" + endpoint.host() + ":" + endpoint.port();
    }

    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException("interrupted while waiting to retry", false, new InterruptedIOException());
        }
    }
}
