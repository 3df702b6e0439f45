package io.corekube.deploy;

import java.time.Duration;

/**
 * How a changed {@link RoleCatalog} (a new version, flags or units) replaces the units of machines already
 * deployed: masters first and one at a time, then the others with at most {@code maxUnavailable} machines out of
 * service at once. A machine is out of service from the start of its replacement until its units are done again
 * and have stayed so for {@code settle} (the health gate). Rollback is the same operation with the old catalog.
 *
 * @param maxUnavailable at most this many machines out of service at once, at least 1
 * @param maxUnavailablePercent or at most this share of the machines (rounded down, at least 1); 0 to use the count
 * @param settle how long a replaced machine must stay done before the next one may start
 */
public record RolloutPolicy(int maxUnavailable, int maxUnavailablePercent, Duration settle) {

    /** Checks the bounds. */
    public RolloutPolicy {
        if (maxUnavailable < 1 || maxUnavailablePercent < 0 || maxUnavailablePercent > 100) {
            throw new IllegalArgumentException("maxUnavailable must be >= 1 and maxUnavailablePercent 0..100, got "
                    + maxUnavailable + " and " + maxUnavailablePercent);
        }
        if (settle == null || settle.isNegative()) {
            throw new IllegalArgumentException("settle must not be negative, got " + settle);
        }
    }

    /** At most {@code count} machines out of service at once, each settling for {@code settle}. */
    public static RolloutPolicy maxUnavailable(int count, Duration settle) {
        return new RolloutPolicy(count, 0, settle);
    }

    /** At most {@code percent} % of the machines (at least one) out of service at once. */
    public static RolloutPolicy maxUnavailablePercent(int percent, Duration settle) {
        return new RolloutPolicy(1, percent, settle);
    }

    /** The bound for a cluster of {@code machines} machines. */
    public int bound(int machines) {
        return maxUnavailablePercent == 0 ? maxUnavailable : Math.max(1, machines * maxUnavailablePercent / 100);
    }
}
