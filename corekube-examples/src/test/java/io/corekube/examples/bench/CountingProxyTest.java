package io.corekube.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counting proxy counts a redirected request twice, because the redirect is rewritten to come back through it. */
class CountingProxyTest {

    private HttpServer backend;
    private CountingProxy proxy;

    @BeforeEach
    void start() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        String origin = "http://127.0.0.1:" + backend.getAddress().getPort();
        backend.createContext("/stacks/web", exchange -> {
            // Heat's answer to a lookup by name: a 302 to the stack's full address, built on the host it was asked on
            exchange.getResponseHeaders().add("Location", origin + "/stacks/web/42/events?sort_dir=asc");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        backend.createContext("/stacks/web/42", exchange -> answer(exchange.getResponseBody(), exchange));
        backend.createContext("/elsewhere", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://192.0.2.1:8004/v1/other");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        backend.start();
        proxy = new CountingProxy(backend.getAddress().getPort());
    }

    private static void answer(OutputStream body, com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        byte[] bytes = "events".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (body) {
            body.write(bytes);
        }
    }

    @AfterEach
    void stop() {
        proxy.close();
        backend.stop(0);
    }

    @Test
    void aFollowedRedirectComesBackThroughTheProxyAndIsCounted() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(proxied("/stacks/web/events"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, answer.statusCode());
        assertEquals("events", answer.body());
        assertEquals(proxied("/stacks/web/42/events?sort_dir=asc"), answer.uri());
        assertEquals(List.of("/stacks/web/events", "/stacks/web/42/events"), proxy.log().stream().map(CountingProxy.Forwarded::path).toList());
        assertEquals(2, proxy.log().size());
    }

    @Test
    void aRedirectToAnotherServerIsLeftAsItIs() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(proxied("/elsewhere")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());

        assertEquals(301, answer.statusCode());
        assertEquals("http://192.0.2.1:8004/v1/other", answer.headers().firstValue("Location").orElseThrow());
    }

    private URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + proxy.port() + path);
    }
}
