package io.corekube.examples.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on loopback in front of one server that logs each request it forwards with the moment it arrived
 * (on this JVM's monotonic clock), so that a test can count what a client sent and tell which client sent what, and
 * when.
 *
 * <p>As a reverse proxy does, it rewrites a {@code Location} header that points at the server to point at itself, so
 * that a client following a redirect (Heat answers a stack looked up by name with a 302) comes back through it and
 * every request it makes is counted.
 */
public final class CountingProxy implements AutoCloseable {

    /**
     * One forwarded request.
     *
     * @param arrivedNanos when it arrived, by {@link System#nanoTime()}
     * @param method its method
     * @param path its path
     */
    public record Forwarded(long arrivedNanos, String method, String path) {
        /** True for a request that changes something (not GET or HEAD). */
        public boolean writes() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
            "expect", "keep-alive");

    private final HttpServer server;
    private final java.util.List<Forwarded> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(8);

    /** A proxy to the server on {@code 127.0.0.1:targetPort}, listening on a free loopback port. */
    public CountingProxy(int targetPort) throws IOException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        String targetOrigin = "http://127.0.0.1:" + targetPort;
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            log.add(new Forwarded(System.nanoTime(), exchange.getRequestMethod(), exchange.getRequestURI().getPath()));
            try {
                URI target = URI.create(targetOrigin + exchange.getRequestURI());
                byte[] body = exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder forward = HttpRequest.newBuilder(target).method(exchange.getRequestMethod(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!HOP_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().map().forEach((name, values) -> {
                    String lower = name.toLowerCase(java.util.Locale.ROOT);
                    if (lower.equals("location")) {
                        exchange.getResponseHeaders().put(name, values.stream().map(v -> throughProxy(v, targetOrigin)).toList());
                    } else if (!HOP_HEADERS.contains(lower) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private String throughProxy(String location, String targetOrigin) {
        return location.startsWith(targetOrigin + "/") ? "http://127.0.0.1:" + port() + location.substring(targetOrigin.length())
                : location;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request forwarded so far, in order of arrival. */
    public java.util.List<Forwarded> log() {
        return java.util.List.copyOf(log);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
