package io.corekube;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.immutables.value.Value;

/**
 * How a client retries a failed request: at most {@link #maxAttempts()} attempts, waiting an exponentially
 * growing delay ({@link #baseDelay()} doubled per attempt, at most {@link #maxDelay()}) with full jitter.
 * Clients apply it only to retryable failures (connection failures, 5xx) of requests safe to repeat.
 */
@Value.Immutable
@CorekubeStyle
public interface RetryPolicy {

    /** Attempts in all, the first included; 1 means no retry. */
    @Value.Default
    default int maxAttempts() {
        return 4;
    }

    /** The delay before the first retry, before jitter. */
    @Value.Default
    default Duration baseDelay() {
        return Duration.ofMillis(100);
    }

    /** The longest delay between two attempts, before jitter. */
    @Value.Default
    default Duration maxDelay() {
        return Duration.ofSeconds(5);
    }

    /** The default policy: 4 attempts, 100 ms doubling up to 5 s, full jitter. */
    static RetryPolicy defaults() {
        return ImmutableRetryPolicy.builder().build();
    }

    /** A policy that never retries. */
    static RetryPolicy none() {
        return ImmutableRetryPolicy.builder().maxAttempts(1).build();
    }

    /** A builder for a policy. */
    static ImmutableRetryPolicy.Builder builder() {
        return ImmutableRetryPolicy.builder();
    }

    /** The capped exponential delay before retry number {@code retry} (1 for the first retry), before jitter. */
    default Duration ceilingFor(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long millis = baseDelay().toMillis() << shift;
        return Duration.ofMillis(Math.min(millis < 0 ? Long.MAX_VALUE : millis, maxDelay().toMillis()));
    }

    /** The delay before retry number {@code retry}: uniformly random up to {@link #ceilingFor(int)}. */
    default Duration delayFor(int retry) {
        long ceiling = ceilingFor(retry).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** Rejects policies that could never attempt or would wait backwards. */
    @Value.Check
    default void check() {
        if (maxAttempts() < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts());
        }
        if (baseDelay().isNegative() || maxDelay().isNegative()) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }
}
