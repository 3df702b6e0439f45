package io.corekube.deploy;

import org.immutables.value.Value;

/**
 * A value with the store revision that last wrote it; the revision is what compare-and-set compares.
 *
 * @param <T> the value's type
 */
@Value.Immutable
public interface Versioned<T> {

    /** The value. */
    @Value.Parameter
    T value();

    /** The store revision of the write that produced this value (always positive). */
    @Value.Parameter
    long revision();

    /** A versioned value. */
    static <T> Versioned<T> of(T value, long revision) {
        return ImmutableVersioned.of(value, revision);
    }
}
