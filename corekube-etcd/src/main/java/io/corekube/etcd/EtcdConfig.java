package io.corekube.etcd;

import io.corekube.ClientExchange;
import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.TlsConfig;
import io.corekube.internal.Deadline;
import io.corekube.internal.Endpoints;
import io.corekube.value.InvalidValueException;
import java.util.Set;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.immutables.value.Value;

/**
 * How to reach an etcd cluster: client endpoints, optional user and password, optional TLS, timeouts and the
 * retry policy. Shared by the v2 keys client and the jetcd-based components. The password never shows in
 * {@code toString}.
 */
@Value.Immutable
public interface EtcdConfig {

    /**
     * Client URLs, e.g. {@code http://127.0.0.1:2379}; tried in order, the next on connection failure. No user
     * information (refused): credentials go to {@link #user()} and {@link #password()}.
     */
    List<URI> endpoints();

    /** The user for etcd's authentication, when enabled. */
    Optional<String> user();

    /** The user's password. */
    Optional<Secret> password();

    /** TLS settings for https endpoints. */
    Optional<TlsConfig> tls();

    /**
     * The longest one call may take, retries and fail-over included (watches and awaits excepted: they take their
     * own deadlines): 15 seconds unless said otherwise; more than 0 and at most an hour.
     */
    @Value.Default
    default Duration requestTimeout() {
        return Duration.ofSeconds(15);
    }

    /** The longest a connection may take to open. */
    @Value.Default
    default Duration connectTimeout() {
        return Duration.ofSeconds(5);
    }

    /** How requests that failed for retryable reasons are retried. */
    @Value.Default
    default RetryPolicy retryPolicy() {
        return RetryPolicy.defaults();
    }

    /**
     * Told of every request to etcd, for metrics: the keys API as client {@code etcd-v2} (a long poll's route ends
     * in {@code ?wait}) and gRPC calls as client {@code etcd} (streams when they end). Called on the client's threads;
     * it must not throw. Not part of {@code equals} or {@code toString}.
     */
    @Value.Auxiliary
    Optional<Consumer<ClientExchange>> exchangeListener();

    /** A configuration for the given endpoints with every default. */
    static EtcdConfig of(String... endpoints) {
        ImmutableEtcdConfig.Builder builder = builder();
        for (String endpoint : endpoints) {
            builder.addEndpoint(URI.create(endpoint));
        }
        return builder.build();
    }

    /** A builder for a configuration. */
    static ImmutableEtcdConfig.Builder builder() {
        return ImmutableEtcdConfig.builder();
    }

    /** Every endpoint is an absolute http or https URL with a host; user and password come together. */
    @Value.Check
    default void check() {
        if (endpoints().isEmpty()) {
            throw new EtcdArgumentException("endpoints", "at least one endpoint is required");
        }
        for (URI endpoint : endpoints()) {
            try {
                Endpoints.check("endpoints", endpoint, Set.of("http", "https"));
                Deadline.check("requestTimeout", requestTimeout());
                Deadline.check("connectTimeout", connectTimeout());
            } catch (InvalidValueException e) {
                throw new EtcdArgumentException(e.field(), e.getMessage().substring(e.field().length() + 2));
            }
            if ("https".equalsIgnoreCase(endpoint.getScheme()) && tls().isEmpty()) {
                throw new EtcdArgumentException("tls", "https endpoint " + Endpoints.redact(endpoint) + " needs a TlsConfig");
            }
        }
        if (user().isPresent() != password().isPresent()) {
            throw new EtcdArgumentException("user", "user and password must be given together");
        }
    }
}
