package io.corekube.testing.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server (keep-alive, Content-Length bodies) on a loopback TCP port and, optionally, a Unix
 * socket, that writes exactly the status, headers and body its handler returns, and can drop a connection
 * without answering. Made for simulators whose wire details matter.
 */
public final class MiniHttpServer implements AutoCloseable {

    /** A request: method, decoded path, query parameters in order, headers by lower-case name, body. */
    public record Request(String method, String path, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {
        /** The first value of a query parameter, or null. */
        public String queryParam(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Every value of a header (name in any case). */
        public List<String> header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    /** A response; {@link #DROP} closes the connection without one. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        /** Closes the connection without answering. */
        public static final Response DROP = new Response(-1, Map.of(), new byte[0]);
    }

    private final Function<Request, Response> handler;
    private final ServerSocketChannel tcp;
    private final ServerSocketChannel unix;
    private final Path unixPath;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "corekube-mini-http");
        t.setDaemon(true);
        return t;
    });
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Starts serving on a free loopback port and, when {@code unixPath} is not null, on that socket. */
    public MiniHttpServer(Function<Request, Response> handler, Path unixPath) {
        this.handler = handler;
        this.unixPath = unixPath;
        try {
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            accept(tcp);
            if (unixPath != null) {
                Files.deleteIfExists(unixPath);
                unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                unix.bind(UnixDomainSocketAddress.of(unixPath));
                accept(unix);
            } else {
                unix = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the HTTP server", e);
        }
    }

    /** The TCP port. */
    public int port() {
        try {
            return ((InetSocketAddress) tcp.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel server) {
        threads.execute(() -> {
            while (!closed) {
                try {
                    SocketChannel client = server.accept();
                    if (client.getLocalAddress() instanceof InetSocketAddress) {
                        client.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    }
                    open.add(client);
                    threads.execute(() -> serve(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            while (!closed) {
                Request request = read(in);
                if (request == null) {
                    return;
                }
                Response response = handler.apply(request);
                if (response == Response.DROP) {
                    return;
                }
                write(out, response);
                if (request.header("connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent garbage: close the connection
        } finally {
            open.remove(channel);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3) {
            throw new IOException("bad request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
        }
        int length = headers.getOrDefault("content-length", List.of("0")).stream().findFirst().map(Integer::parseInt).orElse(0);
        byte[] body = in.readNBytes(length);
        String target = parts[1];
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : target.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new Request(parts[0], URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8), query,
                headers, body);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\n");
        response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        boolean noBody = response.status() == 204 || response.status() == 304;
        if (!noBody) {
            head.append("Content-Length: ").append(response.body().length).append("\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!noBody) {
            whole.write(response.body());
        }
        out.write(whole.toByteArray()); // one write: head and body in one segment, no Nagle delay
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            tcp.close();
            if (unix != null) {
                unix.close();
                Files.deleteIfExists(unixPath);
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
