package io.corekube.fuzz;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP server on 127.0.0.1 whose every answer comes from a script (tests only): feeds fuzzed or misbehaving
 * replies to a real client over a real socket, one request at a time.
 */
public final class ScriptedHttpServer implements AutoCloseable {

    /** One answer: status, headers and body. */
    public record Reply(int status, Map<String, String> headers, String body) {
        /** A 200 with a JSON content type. */
        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body);
        }
    }

    static {
        // the JDK server writes headers and body apart; without TCP_NODELAY each answer waits for a delayed ACK
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private ScriptedHttpServer(Function<String, Reply> script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Reply reply = script.apply(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** A started server answering each request ({@code "METHOD /path?query"}) with what {@code script} returns. */
    public static ScriptedHttpServer start(Function<String, Reply> script) throws IOException {
        return new ScriptedHttpServer(script);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
