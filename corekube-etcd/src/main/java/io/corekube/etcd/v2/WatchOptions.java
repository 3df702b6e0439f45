package io.corekube.etcd.v2;

import java.util.Optional;
import org.immutables.value.Value;

/** Options of a v2 watch. */
@Value.Immutable
public interface WatchOptions {

    /** Watch the whole subtree of a directory. */
    @Value.Default
    default boolean recursive() {
        return false;
    }

    /** The first index to deliver (inclusive); absent: every change after the watch is opened. */
    Optional<Long> fromIndex();

    /** A watch of one key from now on. */
    static WatchOptions defaults() {
        return builder().build();
    }

    /** A builder for watch options. */
    static ImmutableWatchOptions.Builder builder() {
        return ImmutableWatchOptions.builder();
    }
}
