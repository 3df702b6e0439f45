package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdArgumentException;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/** Options and preconditions of a v2 write. */
@Value.Immutable
public interface SetOptions {

    /** Time to live, in whole seconds. */
    Optional<Duration> ttl();

    /** {@code false}: create only; {@code true}: update only; absent: either. */
    Optional<Boolean> prevExist();

    /** Write only if the current value equals this (compare-and-swap). */
    Optional<String> prevValue();

    /** Write only if the key was last modified at this index (compare-and-swap). */
    Optional<Long> prevIndex();

    /** Make a directory instead of a key. */
    @Value.Default
    default boolean dir() {
        return false;
    }

    /** Renew the TTL of an existing key without changing its value or notifying watchers. */
    @Value.Default
    default boolean refresh() {
        return false;
    }

    /** An unconditional write. */
    static SetOptions defaults() {
        return builder().build();
    }

    /** A builder for write options. */
    static ImmutableSetOptions.Builder builder() {
        return ImmutableSetOptions.builder();
    }

    /** TTLs are whole positive seconds; a refresh needs a TTL; an empty prevValue is meaningless. */
    @Value.Check
    default void check() {
        ttl().ifPresent(ttl -> {
            if (ttl.toMillis() < 1000 || ttl.toMillis() % 1000 != 0) {
                throw new EtcdArgumentException("ttl", "must be a whole number of seconds >= 1, got " + ttl);
            }
        });
        if (refresh() && ttl().isEmpty()) {
            throw new EtcdArgumentException("ttl", "a refresh needs a TTL");
        }
        if (prevValue().filter(String::isEmpty).isPresent()) {
            throw new EtcdArgumentException("prevValue", "must not be empty");
        }
        if (prevIndex().filter(i -> i < 0).isPresent()) {
            throw new EtcdArgumentException("prevIndex", "must not be negative");
        }
    }
}
