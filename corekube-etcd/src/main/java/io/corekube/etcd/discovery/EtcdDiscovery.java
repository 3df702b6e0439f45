package io.corekube.etcd.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.internal.discovery.DefaultEtcdDiscovery;
import io.corekube.etcd.internal.discovery.V2DiscoveryBackend;
import io.corekube.etcd.internal.discovery.V3DiscoveryBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * etcd discovery on a self-hosted etcd, as etcd members themselves speak it. A member is admitted when it is
 * among the first {@code size} registrations in creation order; later ones are refused as full. Instances are
 * thread-safe and must be closed.
 *
 * <pre>{@code
 * try (EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of("http://10.0.0.2:2379"))) {
 *     DiscoveryToken token = discovery.createToken(3);
 *     // start etcd members with --discovery token.url().get()
 *     List<DiscoveryMember> cluster = discovery.awaitFull(token, Duration.ofMinutes(5), m -> {}).join();
 * }
 * }</pre>
 */
public interface EtcdDiscovery extends io.corekube.spi.DiscoveryTokens, AutoCloseable {

    /** The v2 key prefix etcd's documentation uses for self-hosted discovery. */
    String DEFAULT_V2_PREFIX = "/_etcd/registry";

    /** v2 discovery ({@code etcd --discovery <url>}) on the configured etcd, under {@link #DEFAULT_V2_PREFIX}. */
    static EtcdDiscovery v2(EtcdConfig config) {
        return v2(config, DEFAULT_V2_PREFIX);
    }

    /** v2 discovery under another key prefix, e.g. {@code /discovery} as the original Corekube used. */
    static EtcdDiscovery v2(EtcdConfig config, String prefix) {
        return new DefaultEtcdDiscovery(new V2DiscoveryBackend(config, prefix));
    }

    /** v3 discovery ({@code etcd --discovery-token}, etcd 3.6 key layout {@code /_etcd/registry/<token>/...}). */
    static EtcdDiscovery v3(EtcdConfig config) {
        return new DefaultEtcdDiscovery(new V3DiscoveryBackend(config));
    }

    /** Creates a fresh token (32 random lowercase hex characters) for a cluster of {@code size} members. */
    DiscoveryToken createToken(int size);

    /**
     * The largest discovery size accepted: the number of voting etcd members that bootstrap through the token.
     * etcd advises 3, 5 or 7 members (every write waits for a majority, so more members mean slower writes); 15
     * leaves room above that and refuses the typos (1000, 10^9) that would leave a token waiting for ever.
     */
    int MAX_SIZE = 15;

    /** Creates the given token for a cluster of {@code size}; {@code TOKEN_EXISTS} if it exists already. */
    DiscoveryToken createToken(String token, int size);

    /** The token of this flavour: for v2 a discovery URL or a bare token on this etcd; for v3 a bare token. */
    DiscoveryToken token(String tokenOrUrl);

    /**
     * Registers a member as etcd does at bootstrap and returns it with its computed ID. Refuses, before
     * writing, a token without size, a full cluster, a duplicate ID or name and invalid peer URLs; and throws
     * {@link ClusterFullException} when others came first while it registered (the surplus registration stays,
     * as etcd's does).
     */
    DiscoveryMember register(DiscoveryToken token, String name, List<String> peerUrls);

    /** Every registration, in creation order. */
    List<DiscoveryMember> members(DiscoveryToken token);

    /** Size, registrations, admitted and surplus members. */
    DiscoveryStatus inspect(DiscoveryToken token);

    /**
     * Completes with the admitted members once {@code size} have registered; calls {@code onRegistered} for each
     * registration seen, the earlier ones included. Completes exceptionally with a
     * {@link java.util.concurrent.TimeoutException} after {@code timeout}.
     */
    CompletableFuture<List<DiscoveryMember>> awaitFull(DiscoveryToken token, Duration timeout,
                                                       Consumer<DiscoveryMember> onRegistered);

    /** Deletes the token and every registration; false when there was none. */
    boolean deleteToken(DiscoveryToken token);

    /** Deletes the token named by a bare token or a discovery URL of this flavour; false when there was none. */
    @Override
    default boolean deleteToken(String tokenOrUrl) {
        return deleteToken(token(tokenOrUrl));
    }

    @Override
    void close();
}
