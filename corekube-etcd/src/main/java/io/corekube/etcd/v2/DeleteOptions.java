package io.corekube.etcd.v2;

import java.util.Optional;
import org.immutables.value.Value;

/** Options and preconditions of a v2 delete. */
@Value.Immutable
public interface DeleteOptions {

    /** Delete a directory and everything below it. */
    @Value.Default
    default boolean recursive() {
        return false;
    }

    /** Delete an empty directory. */
    @Value.Default
    default boolean dir() {
        return false;
    }

    /** Delete only if the current value equals this (compare-and-delete). */
    Optional<String> prevValue();

    /** Delete only if the key was last modified at this index (compare-and-delete). */
    Optional<Long> prevIndex();

    /** An unconditional delete of a key. */
    static DeleteOptions defaults() {
        return builder().build();
    }

    /** A builder for delete options. */
    static ImmutableDeleteOptions.Builder builder() {
        return ImmutableDeleteOptions.builder();
    }
}
