package io.corekube.deploy;

import io.corekube.RetryPolicy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.immutables.value.Value;

/** How the deployment engine paces itself: its bounds, retries and observation intervals. */
@Value.Immutable
public interface EngineSettings {

    /** The name this engine campaigns under; the process name and a random suffix unless said otherwise. */
    @Value.Default
    default String candidateId() {
        return ManagementFactory.getRuntimeMXBean().getName().replaceAll("[^A-Za-z0-9_.@-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** How many machines deploy at once; later machines start as earlier ones finish. 64 by default. */
    @Value.Default
    default int maxConcurrentMachines() {
        return 64;
    }

    /** Threads that submit units and write records; 8 by default. */
    @Value.Default
    default int workerThreads() {
        return 8;
    }

    /**
     * How failed units are retried: {@link RetryPolicy#maxAttempts()} attempts per unit (a failed submit or a
     * failed start each count one), backoff with jitter between them; then the machine fails. 3 attempts,
     * 1 s doubling up to 30 s by default.
     */
    @Value.Default
    default RetryPolicy retry() {
        return RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(30))
                .build();
    }

    /** The shortest interval between bulk state observations, used while states change; 100 ms by default. */
    @Value.Default
    default Duration minObserveInterval() {
        return Duration.ofMillis(100);
    }

    /**
     * The longest interval between observations, reached by growing the interval by half while nothing changes;
     * 500 ms by default.
     */
    @Value.Default
    default Duration maxObserveInterval() {
        return Duration.ofMillis(500);
    }

    /**
     * In {@code run()} mode, how often the states of done units are read while no machine deploys, to repair a unit
     * that failed, stopped or vanished; 2 s by default (one paged {@code /state} listing each time).
     */
    @Value.Default
    default Duration healInterval() {
        return Duration.ofSeconds(2);
    }

    /**
     * How long after a retry a failed state is taken for the old one still reported, not a new failure;
     * 5 s by default (fleet reports a destroyed unit's state for a few seconds).
     */
    @Value.Default
    default Duration failureSettle() {
        return Duration.ofSeconds(5);
    }

    /**
     * How much of its lease a leader keeps in reserve: it sends no write (to fleet, to the store) once less than
     * this remains by its own clock, so that a write in flight lands before another candidate can be elected.
     * Keep it above the longest time a write takes to reach its server and below two thirds of the store's lease
     * TTL (renewals come every quarter of it). 1 s by default.
     */
    @Value.Default
    default Duration fenceMargin() {
        return Duration.ofSeconds(1);
    }

    /**
     * The longest a unit may wait for its done state, counted from when the leader first sees it pending (after a
     * submission, or after taking over), by stage name; a stage not named here gets {@link #defaultUnitDeadline()}.
     * {@code download: 30 min} by default (release tarballs are large); giving any stage replaces that default.
     */
    @Value.Default
    default Map<String, Duration> stageDeadlines() {
        return Map.of("download", Duration.ofMinutes(30));
    }

    /** The deadline of a unit whose stage has none of its own; 10 min by default. */
    @Value.Default
    default Duration defaultUnitDeadline() {
        return Duration.ofMinutes(10);
    }

    /** Deadlines of single units by unit name (e.g. {@code master-addons@<machine>.service}); they win over stages. */
    Map<String, Duration> unitDeadlines();

    /** The deadline of {@code unit} in {@code stage}: its own, its stage's, or the default. */
    default Duration unitDeadline(String stage, String unit) {
        return unitDeadlines().getOrDefault(unit, stageDeadlines().getOrDefault(stage, defaultUnitDeadline()));
    }

    /**
     * How units of machines already deployed are replaced when the catalog changed; none by default (every changed
     * machine at once, bounded only by {@link #maxConcurrentMachines()}).
     */
    java.util.Optional<RolloutPolicy> rollout();

    /** The defaults. */
    static EngineSettings defaults() {
        return builder().build();
    }

    /** A builder for settings. */
    static ImmutableEngineSettings.Builder builder() {
        return ImmutableEngineSettings.builder();
    }

    /** Rejects bounds below one and intervals that are not positive or out of order. */
    @Value.Check
    default void check() {
        if (maxConcurrentMachines() < 1 || workerThreads() < 1) {
            throw new IllegalArgumentException("maxConcurrentMachines and workerThreads must be >= 1");
        }
        if (minObserveInterval().isZero() || minObserveInterval().isNegative()
                || maxObserveInterval().compareTo(minObserveInterval()) < 0) {
            throw new IllegalArgumentException("observe intervals must be positive with min <= max, got "
                    + minObserveInterval() + " and " + maxObserveInterval());
        }
        List<Duration> deadlines = new ArrayList<>(stageDeadlines().values());
        deadlines.addAll(unitDeadlines().values());
        deadlines.add(defaultUnitDeadline());
        for (Duration deadline : deadlines) {
            if (deadline.isZero() || deadline.isNegative()) {
                throw new IllegalArgumentException("unit deadlines must be positive, got " + deadline);
            }
        }
        if (fenceMargin().isNegative()) {
            throw new IllegalArgumentException("fenceMargin must not be negative, got " + fenceMargin());
        }
        if (healInterval().isZero() || healInterval().isNegative()) {
            throw new IllegalArgumentException("healInterval must be positive, got " + healInterval());
        }
        if (failureSettle().isNegative()) {
            throw new IllegalArgumentException("failureSettle must not be negative");
        }
        if (!candidateId().matches("[A-Za-z0-9_.@-]+")) {
            throw new IllegalArgumentException("candidateId must use only [A-Za-z0-9_.@-]: '" + candidateId() + "'");
        }
    }
}
