package io.corekube.etcd.internal;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdException;
import io.corekube.etcd.EtcdTimeoutException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.Status;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** jetcd plumbing: a client from an {@link EtcdConfig}, UTF-8 byte sequences, and futures awaited with a deadline. */
public final class Jetcd {

    private Jetcd() {
    }

    /** A jetcd client for the config's endpoints, credentials and TLS. */
    public static Client client(EtcdConfig config) {
        ClientBuilder b = Client.builder()
                .endpoints(config.endpoints().toArray(java.net.URI[]::new))
                .connectTimeout(config.connectTimeout())
                .retryMaxAttempts(Math.max(config.retryPolicy().maxAttempts() - 1, 0))
                .retryDelay(Math.max(config.retryPolicy().baseDelay().toMillis(), 1))
                .retryMaxDelay(Math.max(config.retryPolicy().maxDelay().toMillis(), 1));
        config.exchangeListener().ifPresent(listener -> b.interceptor(new GrpcExchangeInterceptor(listener)));
        config.user().ifPresent(user -> b.user(bytes(user)).password(bytes(config.password().orElseThrow().reveal())));
        if (config.tls().isPresent()) {
            var tls = config.tls().get();
            try {
                b.sslContext(ssl -> {
                    ssl.trustManager(tls.caCertificate().toFile());
                    if (tls.clientCertificate().isPresent()) {
                        File cert = tls.clientCertificate().get().toFile();
                        ssl.keyManager(cert, tls.clientKey().orElseThrow().toFile());
                    }
                });
            } catch (SSLException e) {
                throw new EtcdException("cannot build TLS context for etcd: " + e.getMessage(), false, e);
            }
        }
        return b.build();
    }

    /** UTF-8 bytes. */
    public static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** UTF-8 text. */
    public static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    /** Waits for a jetcd future, turning its failures into {@link EtcdException}s (retryable when gRPC says so). */
    public static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EtcdException("interrupted while " + what, false, e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new EtcdTimeoutException(what, timeout, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), what);
        }
    }

    /** A jetcd failure as an {@link EtcdException}. */
    public static EtcdException failure(Throwable cause, String what) {
        if (cause instanceof EtcdException ee) {
            return ee;
        }
        Status status = Status.fromThrowable(cause);
        boolean retryable = status.getCode() == Status.Code.UNAVAILABLE
                || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
        return new EtcdException("etcd failed while " + what + ": " + status.getCode()
                + (status.getDescription() == null ? "" : " " + status.getDescription()), retryable, cause);
    }
}
