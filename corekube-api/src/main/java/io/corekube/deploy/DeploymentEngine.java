package io.corekube.deploy;

import io.corekube.spi.DeploymentStore;
import io.corekube.spi.MachineRegistry;
import io.corekube.spi.UnitScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The role-deployment engine (the Overlord, done right): deploys each machine's role units through the
 * {@link UnitScheduler}, recording progress in the {@link DeploymentStore}, for the machines the
 * {@link MachineRegistry} lists. Machines deploy concurrently within a bound; each machine's stages run in
 * order; minions start as soon as the master is known. Only the store's leader acts, and a new leader
 * continues from the store and the scheduler's states. Thread-safe; the engine holds no resources of its own
 * until {@link #deploy} or {@link #run} starts it.
 *
 * <pre>{@code
 * DeploymentEngine engine = DeploymentEngine.builder()
 *         .registry(registry).scheduler(scheduler).store(store).roles(catalog)
 *         .listener(new OverlordLogListener()).build();
 * System.out.print(engine.plan(Map.of("master", 1, "minion", 3)).toText());
 * try (DeploymentHandle handle = engine.deploy(Map.of("master", 1, "minion", 3), Duration.ofMinutes(10))) {
 *     handle.await(Duration.ofMinutes(10));
 * }
 * }</pre>
 */
public final class DeploymentEngine {

    private final MachineRegistry registry;
    private final UnitScheduler scheduler;
    private final DeploymentStore store;
    private final RoleCatalog catalog;
    private final List<DeploymentListener> listeners;
    private final EngineSettings settings;
    private final Clock clock;

    private DeploymentEngine(Builder b) {
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.store = Objects.requireNonNull(b.store, "store");
        this.catalog = Objects.requireNonNull(b.catalog, "roles");
        this.listeners = List.copyOf(b.listeners);
        this.settings = b.settings;
        this.clock = b.clock;
    }

    /** A builder; registry, scheduler, store and roles are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a deploy would do now, without acting: units to submit, replace, retry or destroy, and what it waits
     * for (machines missing for {@code expectedRoles}, units starting).
     */
    public DeploymentPlan plan(Map<String, Integer> expectedRoles) {
        ClusterView view = ClusterView.load(registry, store, catalog);
        return Planner.plan(view, scheduler.observe(Planner.unitNames(view)), expectedRoles);
    }

    /** The status of every machine the registry or the store knows. */
    public ClusterStatus status() {
        return ClusterView.load(registry, store, catalog).status();
    }

    /**
     * Removes every deployment: destroys each recorded unit on the scheduler and deletes its record (a record
     * written meanwhile by a running engine is kept). Stop running engines first.
     *
     * @return how many units were destroyed and how many records deleted
     */
    public Removal removeAll() {
        int units = 0;
        int records = 0;
        for (Versioned<DeploymentRecord> r : store.snapshot().records()) {
            for (String unit : r.value().units().keySet()) {
                if (scheduler.destroy(unit)) {
                    units++;
                }
            }
            if (store.delete(r.value().machineId(), r.revision())) {
                records++;
            }
        }
        return new Removal(units, records);
    }

    /**
     * What {@link #removeAll()} removed.
     *
     * @param unitsDestroyed units destroyed on the scheduler
     * @param recordsDeleted deployment records deleted
     */
    public record Removal(int unitsDestroyed, int recordsDeleted) {
    }

    /**
     * Starts deploying: campaigns for leadership, then deploys until every machine of {@code expectedRoles}
     * (role to count) is deployed or failed, or {@code timeout} passes. Returns at once.
     */
    public DeploymentHandle deploy(Map<String, Integer> expectedRoles, Duration timeout) {
        return start(Optional.of(Map.copyOf(expectedRoles)), timeout);
    }

    /**
     * Starts the long-lived Overlord mode: campaigns, deploys every machine that appears, destroys the units of
     * machines that leave, campaigns again after losing leadership; until the handle is closed.
     */
    public DeploymentHandle run() {
        return start(Optional.empty(), Duration.ofDays(365_000));
    }

    private DeploymentHandle start(Optional<Map<String, Integer>> expected, Duration timeout) {
        return new EngineRun(this, expected, timeout);
    }

    MachineRegistry registry() {
        return registry;
    }

    UnitScheduler scheduler() {
        return scheduler;
    }

    DeploymentStore store() {
        return store;
    }

    RoleCatalog catalog() {
        return catalog;
    }

    List<DeploymentListener> listeners() {
        return listeners;
    }

    EngineSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** Builds a {@link DeploymentEngine}. */
    public static final class Builder {
        private MachineRegistry registry;
        private UnitScheduler scheduler;
        private DeploymentStore store;
        private RoleCatalog catalog;
        private final List<DeploymentListener> listeners = new ArrayList<>();
        private EngineSettings settings = EngineSettings.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Where the machines come from. */
        public Builder registry(MachineRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Where the units run. */
        public Builder scheduler(UnitScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Where progress is recorded and leadership decided. */
        public Builder store(DeploymentStore store) {
            this.store = store;
            return this;
        }

        /** What each role deploys. */
        public Builder roles(RoleCatalog catalog) {
            this.catalog = catalog;
            return this;
        }

        /** Adds a listener for the engine's events. */
        public Builder listener(DeploymentListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Bounds, retries and intervals; {@link EngineSettings#defaults()} unless set. */
        public Builder settings(EngineSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The clock records are stamped with; the system's UTC clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The engine; throws {@link NullPointerException} naming a missing port. */
        public DeploymentEngine build() {
            return new DeploymentEngine(this);
        }
    }
}
