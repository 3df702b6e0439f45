package io.corekube.testing.fleet;

import io.corekube.testing.internal.MiniHttpServer.Request;
import io.corekube.testing.internal.MiniHttpServer.Response;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts requests per endpoint ({@code GET /units}, {@code PUT /units/*}, ...) and the bytes answered. */
final class RequestLog {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();

    void record(Request request, Response response) {
        counts.computeIfAbsent(endpoint(request), k -> new AtomicLong()).incrementAndGet();
        bytes.addAndGet(response.body().length);
    }

    static String endpoint(Request r) {
        String path = r.path().replaceFirst("^/(fleet/v1|v1-alpha)", "");
        String[] parts = path.split("/");
        String template = parts.length > 2 ? "/" + parts[1] + "/*" : path;
        return r.method() + " " + (template.isEmpty() ? "/" : template);
    }

    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long bytes() {
        return bytes.get();
    }

    void reset() {
        counts.clear();
        bytes.set(0);
    }
}
