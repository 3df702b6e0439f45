package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdException;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.internal.HttpTransport;
import io.corekube.etcd.internal.V2Wire;
import io.corekube.spi.Subscription;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * A client for etcd's v2 keys API. Thread-safe; one instance per cluster, closed when done. Every method
 * throws {@link EtcdV2Exception} (with subclasses for missing keys, failed comparisons, existing keys) when
 * etcd refuses, {@link V2ApiNotEnabledException} when the server has no v2 API, and
 * {@link io.corekube.etcd.EtcdArgumentException} for an invalid key before anything is sent.
 *
 * <pre>{@code
 * try (EtcdV2Client etcd = EtcdV2Client.create(EtcdConfig.of("http://127.0.0.1:2379"))) {
 *     etcd.create("/coreos.com/network/config", json);
 * }
 * }</pre>
 */
public final class EtcdV2Client implements AutoCloseable {

    private final HttpTransport transport;

    private EtcdV2Client(EtcdConfig config) {
        this.transport = new HttpTransport(config);
    }

    /** A client for the configured cluster. */
    public static EtcdV2Client create(EtcdConfig config) {
        return new EtcdV2Client(config);
    }

    /** Reads a key or lists a directory. */
    public EtcdV2Response get(String key) {
        return get(key, GetOptions.defaults());
    }

    /** Reads a key or lists a directory, with options. */
    public EtcdV2Response get(String key, GetOptions options) {
        List<String> segments = EtcdKeys.segments("key", key);
        return call(endpoint -> {
            HttpUrl.Builder url = url(endpoint, segments);
            flag(url, "recursive", options.recursive());
            flag(url, "sorted", options.sorted());
            flag(url, "quorum", options.quorum());
            return new Request.Builder().url(url.build()).get().build();
        }, true);
    }

    /** Sets a key unconditionally. */
    public EtcdV2Response set(String key, String value) {
        return set(key, value, SetOptions.defaults());
    }

    /** Writes a key (or directory) with options and preconditions. */
    public EtcdV2Response set(String key, String value, SetOptions options) {
        List<String> segments = EtcdKeys.segments("key", key);
        if (segments.isEmpty()) {
            throw new io.corekube.etcd.EtcdArgumentException("key", "the root directory cannot be written");
        }
        FormBody.Builder form = new FormBody.Builder();
        if (!options.dir() && !options.refresh()) {
            form.add("value", value == null ? "" : value);
        }
        options.ttl().ifPresent(ttl -> form.add("ttl", Long.toString(ttl.toSeconds())));
        options.prevExist().ifPresent(p -> form.add("prevExist", p.toString()));
        options.prevValue().ifPresent(p -> form.add("prevValue", p));
        options.prevIndex().ifPresent(p -> form.add("prevIndex", p.toString()));
        if (options.dir()) {
            form.add("dir", "true");
        }
        if (options.refresh()) {
            form.add("refresh", "true");
        }
        FormBody body = form.build();
        boolean idempotent = options.prevExist().isEmpty() && options.prevValue().isEmpty()
                && options.prevIndex().isEmpty() && !options.dir();
        return call(endpoint -> new Request.Builder().url(url(endpoint, segments).build()).put(body).build(), idempotent);
    }

    /** Creates a key that must not exist yet ({@code prevExist=false}); {@link KeyExistsException} otherwise. */
    public EtcdV2Response create(String key, String value) {
        return set(key, value, SetOptions.builder().prevExist(false).build());
    }

    /** Updates a key that must exist ({@code prevExist=true}); {@link KeyNotFoundException} otherwise. */
    public EtcdV2Response update(String key, String value) {
        return set(key, value, SetOptions.builder().prevExist(true).build());
    }

    /** Writes only if the current value is {@code prevValue}; {@link CompareFailedException} otherwise. */
    public EtcdV2Response compareAndSwap(String key, String value, String prevValue) {
        return set(key, value, SetOptions.builder().prevValue(prevValue).build());
    }

    /** Writes only if the key was last modified at {@code prevIndex}; {@link CompareFailedException} otherwise. */
    public EtcdV2Response compareAndSwap(String key, String value, long prevIndex) {
        return set(key, value, SetOptions.builder().prevIndex(prevIndex).build());
    }

    /** Renews an existing key's TTL without changing its value or waking watchers. */
    public EtcdV2Response refresh(String key, java.time.Duration ttl) {
        return set(key, null, SetOptions.builder().prevExist(true).refresh(true).ttl(ttl).build());
    }

    /** Creates a directory that must not exist yet. */
    public EtcdV2Response mkdir(String key) {
        return set(key, null, SetOptions.builder().dir(true).prevExist(false).build());
    }

    /** Deletes a key. */
    public EtcdV2Response delete(String key) {
        return delete(key, DeleteOptions.defaults());
    }

    /** Deletes a key or directory, with options and preconditions. */
    public EtcdV2Response delete(String key, DeleteOptions options) {
        List<String> segments = EtcdKeys.segments("key", key);
        if (segments.isEmpty()) {
            throw new io.corekube.etcd.EtcdArgumentException("key", "the root directory cannot be deleted");
        }
        boolean conditional = options.prevValue().isPresent() || options.prevIndex().isPresent();
        return call(endpoint -> {
            HttpUrl.Builder url = url(endpoint, segments);
            flag(url, "recursive", options.recursive());
            flag(url, "dir", options.dir());
            options.prevValue().ifPresent(p -> url.addQueryParameter("prevValue", p));
            options.prevIndex().ifPresent(p -> url.addQueryParameter("prevIndex", p.toString()));
            return new Request.Builder().url(url.build()).delete().build();
        }, !conditional);
    }

    /** Deletes only if the current value is {@code prevValue}. */
    public EtcdV2Response compareAndDelete(String key, String prevValue) {
        return delete(key, DeleteOptions.builder().prevValue(prevValue).build());
    }

    /** Deletes only if the key was last modified at {@code prevIndex}. */
    public EtcdV2Response compareAndDelete(String key, long prevIndex) {
        return delete(key, DeleteOptions.builder().prevIndex(prevIndex).build());
    }

    /**
     * Watches a key (or a directory's subtree) and delivers every change in order, on a thread of its own,
     * until the returned subscription is closed. Without {@link WatchOptions#fromIndex()} it delivers every
     * change made after this method returns. It survives lost connections and restarted servers, resuming
     * where it stopped; when etcd no longer has the events it needs, it re-reads the key and resumes after it
     * (see {@link EtcdV2WatchListener#onResync}).
     */
    public Subscription watch(String key, WatchOptions options, EtcdV2WatchListener listener) {
        List<String> segments = EtcdKeys.segments("key", key);
        long fromIndex = options.fromIndex().orElseGet(() -> currentIndex(key) + 1);
        V2Watcher watcher = new V2Watcher(this, transport, segments, options.recursive(), fromIndex, listener);
        watcher.start();
        return watcher;
    }

    /** The store index now, read with the key (a missing key reports it too). */
    private long currentIndex(String key) {
        try {
            return get(key).etcdIndex();
        } catch (KeyNotFoundException e) {
            return e.index();
        }
    }

    /**
     * Checks that the server serves the v2 keys API; throws {@link V2ApiNotEnabledException} with the fix
     * when it does not.
     */
    public void checkV2Enabled() {
        get("/");
    }

    @Override
    public void close() {
        transport.close();
    }

    static HttpUrl.Builder url(HttpUrl endpoint, List<String> segments) {
        HttpUrl.Builder url = endpoint.newBuilder().addPathSegment("v2").addPathSegment("keys");
        segments.forEach(url::addPathSegment);
        if (segments.isEmpty()) {
            url.addPathSegment("");
        }
        return url;
    }

    private static void flag(HttpUrl.Builder url, String name, boolean on) {
        if (on) {
            url.addQueryParameter(name, "true");
        }
    }

    private EtcdV2Response call(java.util.function.Function<HttpUrl, Request> request, boolean idempotent) {
        HttpTransport.Reply reply = transport.execute(request, idempotent);
        if (!reply.ok()) {
            throw V2Wire.error(reply);
        }
        return V2Wire.response(reply);
    }

    static EtcdException asEtcdException(RuntimeException e) {
        return e instanceof EtcdException ee ? ee : new EtcdException(e.toString(), false, e);
    }
}
