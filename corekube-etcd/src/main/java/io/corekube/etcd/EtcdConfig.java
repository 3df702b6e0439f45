package io.corekube.etcd;

import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.TlsConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach an etcd cluster: client endpoints, optional user and password, optional TLS, timeouts and the
 * retry policy. Shared by the v2 keys client and the jetcd-based components. The password never shows in
 * {@code toString}.
 */
@Value.Immutable
public interface EtcdConfig {

    /** Client URLs, e.g. {@code http://127.0.0.1:2379}; tried in order, the next on connection failure. */
    List<URI> endpoints();

    /** The user for etcd's authentication, when enabled. */
    Optional<String> user();

    /** The user's password. */
    Optional<Secret> password();

    /** TLS settings for https endpoints. */
    Optional<TlsConfig> tls();

    /** The longest a single request may take (watches excepted). */
    @Value.Default
    default Duration requestTimeout() {
        return Duration.ofSeconds(10);
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
            String scheme = endpoint.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
                throw new EtcdArgumentException("endpoints", "not an http(s) URL with a host: " + endpoint);
            }
            if ("https".equals(scheme) && tls().isEmpty()) {
                throw new EtcdArgumentException("tls", "https endpoint " + endpoint + " needs a TlsConfig");
            }
        }
        if (user().isPresent() != password().isPresent()) {
            throw new EtcdArgumentException("user", "user and password must be given together");
        }
    }
}
