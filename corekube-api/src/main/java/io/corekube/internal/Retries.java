package io.corekube.internal;

import io.corekube.RetryPolicy;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Runs an attempt under a {@link RetryPolicy}: retries only failures the predicate calls retryable. */
public final class Retries {

    private Retries() {
    }

    /**
     * The attempt's result, retried with the policy's backoff while it fails retryably and while the deadline
     * leaves room for the backoff; each attempt is given the deadline to bound itself by.
     */
    public static <T> T run(RetryPolicy policy, Deadline deadline, java.util.function.Function<Deadline, T> attempt,
                            Predicate<RuntimeException> retryable) {
        for (int n = 1; ; n++) {
            try {
                return attempt.apply(deadline);
            } catch (RuntimeException e) {
                java.time.Duration delay = policy.delayFor(n);
                if (n >= policy.maxAttempts() || !retryable.test(e) || deadline.remaining().compareTo(delay) <= 0) {
                    throw e;
                }
                sleep(delay, e);
            }
        }
    }

    private static void sleep(java.time.Duration delay, RuntimeException pending) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            pending.addSuppressed(interrupted);
            throw pending;
        }
    }

    /** The attempt's result, retried with the policy's backoff while it fails retryably. */
    public static <T> T run(RetryPolicy policy, Supplier<T> attempt, Predicate<RuntimeException> retryable) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (n >= policy.maxAttempts() || !retryable.test(e)) {
                    throw e;
                }
                try {
                    Thread.sleep(policy.delayFor(n).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }
}
