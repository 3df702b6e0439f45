package io.corekube;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password, token or key that never shows itself: {@link #toString()} is {@code ****}, so a secret put in a
 * log line, an exception message or a value's {@code toString} leaks nothing. Read it with {@link #reveal()}
 * where it is sent, and nowhere else.
 */
public final class Secret {

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        return new Secret(value.toCharArray());
    }

    /** The secret value itself, for the one place that sends it. */
    public String reveal() {
        return new String(value);
    }

    /** Always {@code ****}. */
    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
