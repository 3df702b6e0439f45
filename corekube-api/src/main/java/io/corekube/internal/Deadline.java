package io.corekube.internal;

import io.corekube.value.InvalidValueException;
import java.time.Duration;

/**
 * A point on the monotonic clock by which a call must end, and the one rule for configured timeouts: positive and
 * at most {@link #MAX}, so that zero never means "wait forever" in one client and "fail at once" in another, and no
 * arithmetic on a huge value overflows.
 */
public final class Deadline {

    /** The longest timeout any client accepts. */
    public static final Duration MAX = Duration.ofHours(1);

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    /** {@code timeout} if it is positive and at most {@link #MAX}, else {@link InvalidValueException} naming {@code field}. */
    public static Duration check(String field, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX) > 0) {
            throw new InvalidValueException(field, "timeout", "must be more than 0 and at most " + MAX.toMinutes()
                    + " minutes, got " + timeout);
        }
        return timeout;
    }

    /** The deadline {@code timeout} from now (a checked timeout). */
    public static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + check("timeout", timeout).toNanos());
    }

    /** Time left, zero once passed. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** True once the deadline has passed. */
    public boolean passed() {
        return endNanos - System.nanoTime() <= 0;
    }
}
