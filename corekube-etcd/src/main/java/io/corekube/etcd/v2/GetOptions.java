package io.corekube.etcd.v2;

import org.immutables.value.Value;

/** Options of a v2 read. */
@Value.Immutable
public interface GetOptions {

    /** List a directory's whole subtree. */
    @Value.Default
    default boolean recursive() {
        return false;
    }

    /** Sort directory entries by key. */
    @Value.Default
    default boolean sorted() {
        return false;
    }

    /** Linearizable read through the leader. */
    @Value.Default
    default boolean quorum() {
        return false;
    }

    /** Plain read options. */
    static GetOptions defaults() {
        return builder().build();
    }

    /** A builder for read options. */
    static ImmutableGetOptions.Builder builder() {
        return ImmutableGetOptions.builder();
    }
}
