package io.corekube.etcd.v2;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** A key or directory as etcd v2 returns it. */
@Value.Immutable
public interface EtcdV2Node {

    /** The full key, e.g. {@code /coreos.com/network/config}; empty for the root directory. */
    String key();

    /** The value; empty for directories and in delete results. */
    Optional<String> value();

    /** True for a directory. */
    @Value.Default
    default boolean dir() {
        return false;
    }

    /** When the key expires, if it has a TTL. */
    Optional<Instant> expiration();

    /** Seconds left to live, if it has a TTL. */
    Optional<Long> ttl();

    /** Children of a directory (all descendants' nodes nested when listed recursively). */
    List<EtcdV2Node> nodes();

    /** The index of the last change of the key. */
    long modifiedIndex();

    /** The index at which the key was created. */
    long createdIndex();

    /** The last path segment of the key. */
    default String name() {
        return key().substring(key().lastIndexOf('/') + 1);
    }

    /** A builder for a node. */
    static ImmutableEtcdV2Node.Builder builder() {
        return ImmutableEtcdV2Node.builder();
    }
}
