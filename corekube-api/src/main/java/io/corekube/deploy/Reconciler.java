package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import io.corekube.spi.Leadership;
import io.corekube.spi.WriteFence;
import io.corekube.spi.Subscription;
import io.corekube.unit.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's coordinator: one thread that campaigns for leadership and, while leading, reacts to machine
 * changes, worker reports and bulk state observations; decides each machine's next step and hands it to a
 * bounded pool of workers. All decisions are made on this thread; workers only act and report.
 */
final class Reconciler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final DeploymentEngine engine;
    private final EventDispatcher events;
    private final Optional<Map<String, Integer>> expectedRoles;
    private final Instant deadline;
    private final CompletableFuture<ClusterStatus> completion;
    private final MachineStepper stepper;
    private final Object signal = new Object();
    private final ConcurrentLinkedQueue<MachineEvent> machineEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<MachineWork.Result> results = new ConcurrentLinkedQueue<>();
    private final Map<String, MachineState> states = new TreeMap<>();
    private volatile boolean stopped;
    private volatile Leadership leadership;
    private boolean wakeRequested;
    private int discovered = -1;
    private Optional<Machine> master = Optional.empty();
    private Map<String, UnitStatus> observed = Map.of();
    private Instant nextObservation = Instant.MIN;
    private Duration observeInterval;
    private boolean progressed;

    Reconciler(DeploymentEngine engine, EventDispatcher events, Optional<Map<String, Integer>> expectedRoles,
               Duration timeout, CompletableFuture<ClusterStatus> completion) {
        this.engine = engine;
        this.events = events;
        this.expectedRoles = expectedRoles;
        this.deadline = engine.clock().instant().plus(timeout);
        this.completion = completion;
        this.stepper = new MachineStepper(engine.settings(), engine.catalog(), events::emit);
        this.observeInterval = engine.settings().minObserveInterval();
    }

    /** Where a rollout stands, as the user set it. */
    enum Rollout {
        /** Machines start their replacements within the policy's bound. */
        RUNNING,
        /** No machine starts its replacement. */
        PAUSED,
        /** No machine starts its replacement, and the deployment ends once those under way have settled. */
        ABORTED
    }

    private volatile Rollout rollout = Rollout.RUNNING;

    /** Sets the rollout's state; an aborted rollout stays aborted. */
    void rollout(Rollout next) {
        if (rollout != Rollout.ABORTED) {
            rollout = next;
        }
        wake();
    }

    boolean isLeading() {
        Leadership l = leadership;
        return l != null && l.isHeld();
    }

    void stop() {
        stopped = true;
        wake();
    }

    private void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    @Override
    public void run() {
        try {
            while (!stopped && !completion.isDone()) {
                Optional<Leadership> won = campaign();
                if (won.isEmpty()) {
                    break;
                }
                lead(won.get());
            }
        } catch (RuntimeException e) {
            LOG.error("deployment engine stopped on an unexpected error", e);
            events.afterDelivered(() -> completion.completeExceptionally(e));
        } finally {
            // after the outcome a completed or timed-out deployment queued on the event thread, never before it
            events.afterDelivered(() -> completion.completeExceptionally(
                    new java.util.concurrent.CancellationException("engine stopped")));
        }
    }

    private Optional<Leadership> campaign() {
        CompletableFuture<Leadership> pending = engine.store().campaign(engine.settings().candidateId());
        while (!stopped) {
            if (checkDeadline()) {
                break;
            }
            try {
                return Optional.of(pending.get(200, TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                // keep waiting, checking stop and deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("campaign for leadership failed: " + e.getCause(), e.getCause());
            }
        }
        pending.thenAccept(Leadership::close);
        pending.cancel(false);
        return Optional.empty();
    }

    private void lead(Leadership won) {
        leadership = won;
        won.lost().thenRun(this::wake);
        events.emit(new DeploymentEvent.LeadershipAcquired(won.candidateId()));
        List<String> unverified = engine.catalog().unverifiedDownloads();
        if (!unverified.isEmpty()) {
            events.emit(new DeploymentEvent.UnverifiedDownloads(unverified));
        }
        WriteFence fence = WriteFence.of(won, engine.settings().fenceMargin());
        MachineWorker worker = new MachineWorker(engine.scheduler().fencedBy(fence), engine.store(), engine.clock(),
                fence, won.candidateId());
        ExecutorService workers = Executors.newFixedThreadPool(engine.settings().workerThreads(), daemonThreads());
        Subscription watch = null;
        int failedRounds = 0;
        try {
            while (!stopped && won.isHeld() && !completion.isDone()) {
                try {
                    if (watch == null) {
                        load();
                        watch = engine.registry().watch(e -> {
                            machineEvents.add(e);
                            wake();
                        });
                    }
                    tick(workers, worker);
                    failedRounds = 0;
                } catch (RuntimeException e) {
                    failedRounds++;
                    LOG.warn("deployment round failed ({} in a row), retrying: {}", failedRounds, e.toString());
                    pause(engine.settings().retry().delayFor(failedRounds).plus(engine.settings().minObserveInterval()));
                }
                if (checkDeadline()) {
                    break;
                }
                await();
            }
        } finally {
            if (watch != null) {
                watch.close();
            }
            workers.shutdown();
            try {
                workers.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            leadership = null;
            won.close();
            events.emit(new DeploymentEvent.LeadershipLost(won.candidateId()));
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "corekube-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Reads every record and the registry's machines: the state a new leader continues from. */
    private void load() {
        states.clear();
        results.clear();
        machineEvents.clear();
        discovered = -1;
        for (Versioned<DeploymentRecord> r : engine.store().snapshot().records()) {
            state(r.value().machineId()).record = r;
        }
        for (Machine m : engine.registry().machines()) {
            state(m.id()).machine = m;
        }
        nextObservation = Instant.MIN;
    }

    private MachineState state(String id) {
        return states.computeIfAbsent(id, MachineState::new);
    }

    private void await() {
        Instant now = engine.clock().instant();
        Instant wakeAt = now.plus(engine.settings().maxObserveInterval());
        if (awaitingStates()) {
            wakeAt = min(wakeAt, nextObservation);
        }
        for (MachineState s : states.values()) {
            for (Instant at : s.retryAt.values()) {
                wakeAt = min(wakeAt, at);
            }
            for (Instant at : s.settleUntil.values()) {
                wakeAt = min(wakeAt, at);
            }
            if (s.settledAt != null) {
                wakeAt = min(wakeAt, s.settledAt);
            }
        }
        long millis = wakeAt.isAfter(now) ? Math.max(1, Duration.between(now, wakeAt).toMillis()) : 1;
        synchronized (signal) {
            if (!wakeRequested) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            wakeRequested = false;
        }
    }

    /** Waits {@code duration}, or less when stopped or woken. */
    private void pause(Duration duration) {
        synchronized (signal) {
            try {
                signal.wait(Math.max(1, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            }
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private boolean checkDeadline() {
        if (expectedRoles.isPresent() && engine.clock().instant().isAfter(deadline) && !completion.isDone()) {
            ClusterStatus status = statusNow();
            events.afterDelivered(() -> completion.completeExceptionally(new DeploymentTimeoutException(status)));
            stopped = true;
            return true;
        }
        return false;
    }

    // ---- one round ----

    private void tick(ExecutorService workers, MachineWorker worker) {
        progressed = false;
        applyMachineEvents();
        applyResults();
        Optional<Machine> newMaster = ClusterView.masterOf(states.values().stream().map(s -> s.machine)
                .filter(Objects::nonNull).toList());
        if (!newMaster.equals(master)) {
            master = newMaster;
        }
        observe();
        Instant now = engine.clock().instant();
        int active = (int) states.values().stream().filter(this::isActive).count();
        settleRollout(now);
        for (MachineState s : ordered()) {
            if (s.busy || !mayReplace(s)) {
                continue;
            }
            Optional<MachineWork> work = s.machine == null ? stepper.removal(s)
                    : stepper.step(s, master, observed, now, active < engine.settings().maxConcurrentMachines(), heals());
            if (work.isPresent()) {
                if (s.phase() == DeploymentPhase.PENDING && s.machine != null) {
                    active++;
                }
                s.busy = true;
                progressed = true;
                workers.execute(() -> {
                    MachineWork.Result result;
                    try {
                        result = worker.perform(work.get());
                    } catch (RuntimeException e) {
                        LOG.warn("step for machine {} failed: {}", s.id, e.toString());
                        result = new MachineWork.Result(work.get(), work.get().state().record, false, Map.of(), List.of());
                    }
                    results.add(result);
                    wake();
                });
            }
        }
        states.values().removeIf(s -> s.machine == null && s.record == null && !s.busy);
        checkCompletion();
    }

    /**
     * With a rollout policy, whether a deployed machine whose units changed may start its replacement now: masters
     * first and alone, then others while fewer than the policy's bound are out of service. Starting marks it
     * out of service. Machines that need no replacement always may step.
     */
    private boolean mayReplace(MachineState s) {
        Optional<RolloutPolicy> policy = engine.settings().rollout();
        if (policy.isEmpty() || s.upgrading || s.machine == null || s.phase() != DeploymentPhase.DEPLOYED) {
            return true;
        }
        stepper.render(s, master); // a new leader has not rendered yet: it must see the change before it acts
        if (!s.needsReplacement()) {
            return true;
        }
        if (rollout != Rollout.RUNNING) {
            return false;
        }
        // out of service: being replaced or settling, and (after a crash of the last leader) any machine not done
        long out = states.values().stream().filter(m -> m.machine != null && (m.upgrading
                || m.phase() == DeploymentPhase.DEPLOYING || m.phase() == DeploymentPhase.FAILED)).count();
        boolean mastersPending = states.values().stream().anyMatch(m -> isMaster(m)
                && (m.upgrading || m.phase() != DeploymentPhase.DEPLOYED || m.needsReplacement()));
        int machines = (int) states.values().stream().filter(m -> m.machine != null).count();
        boolean allowed = isMaster(s) ? out == 0 : !mastersPending && out < policy.get().bound(machines);
        if (allowed) {
            s.upgrading = true;
            events.emit(new DeploymentEvent.MachineUpgradeStarted(s.machine));
        }
        return allowed;
    }

    private static boolean isMaster(MachineState s) {
        return s.machine != null && s.machine.role().filter(ClusterSpec.MASTER::equals).isPresent();
    }

    /** Puts back in service the replaced machines that are done again and have stayed so for the settle time. */
    private void settleRollout(Instant now) {
        Optional<RolloutPolicy> policy = engine.settings().rollout();
        for (MachineState s : states.values()) {
            if (!s.upgrading || s.busy || s.machine == null || s.phase() != DeploymentPhase.DEPLOYED || s.needsReplacement()) {
                continue;
            }
            if (s.settledAt == null) {
                s.settledAt = now.plus(policy.map(RolloutPolicy::settle).orElse(Duration.ZERO));
            }
            if (!now.isBefore(s.settledAt)) {
                s.upgrading = false;
                s.settledAt = null;
                events.emit(new DeploymentEvent.MachineUpgraded(s.machine));
            }
        }
    }

    private boolean isActive(MachineState s) {
        return s.machine != null && (s.phase() == DeploymentPhase.DEPLOYING
                || (s.busy && s.phase() == DeploymentPhase.PENDING));
    }

    private List<MachineState> ordered() {
        List<MachineState> list = new ArrayList<>(states.values());
        list.sort(ClusterView.deployOrder(s -> Optional.ofNullable(s.machine).flatMap(Machine::role), s -> s.id));
        return list;
    }

    private void applyMachineEvents() {
        for (MachineEvent e; (e = machineEvents.poll()) != null; ) {
            MachineState s = state(e.machine().id());
            s.machine = e.type() == MachineEvent.Type.LEFT ? null : e.machine();
        }
        int count = (int) states.values().stream().filter(s -> s.machine != null).count();
        if (count != discovered) {
            discovered = count;
            events.emit(new DeploymentEvent.MachinesDiscovered(count));
        }
        for (MachineState s : states.values()) {
            if (s.machine != null && !s.found && s.machine.role().filter(engine.catalog().roles()::contains).isPresent()) {
                s.found = true;
                events.emit(new DeploymentEvent.MachineFound(s.machine));
            }
        }
    }

    private void applyResults() {
        Instant now = engine.clock().instant();
        for (MachineWork.Result r; (r = results.poll()) != null; ) {
            MachineState s = r.work().state();
            s.busy = false;
            s.record = r.record();
            r.events().forEach(events::emit);
            for (Map.Entry<String, String> error : r.submitErrors().entrySet()) {
                stepper.failed(s, error.getKey(), error.getValue(), now);
            }
        }
    }

    private boolean awaitingStates() {
        return states.values().stream().anyMatch(this::isObserved);
    }

    /** Whether a machine's units are read at the next observation: while it deploys, and in {@code run()} once done. */
    private boolean isObserved(MachineState s) {
        return s.awaitsStates() || heals() && s.isWatchedWhenDone();
    }

    /** True in {@code run()} mode: done units stay watched and are repaired when they go wrong. */
    private boolean heals() {
        return expectedRoles.isEmpty();
    }

    /** One bulk observation of the units of every machine still deploying, at an interval that adapts. */
    private void observe() {
        Instant now = engine.clock().instant();
        if (now.isBefore(nextObservation)) {
            return;
        }
        Set<String> names = new HashSet<>();
        boolean deploying = false;
        for (MachineState s : states.values()) {
            if (isObserved(s)) {
                deploying |= s.awaitsStates();
                s.stages.forEach(stage -> stage.units().forEach(u -> names.add(u.submission().name())));
            }
        }
        if (names.isEmpty()) {
            observed = Map.of();
            return;
        }
        try {
            Map<String, UnitStatus> fresh = engine.scheduler().observe(names);
            boolean changed = !fresh.equals(observed);
            observed = fresh;
            Duration min = engine.settings().minObserveInterval();
            Duration max = engine.settings().maxObserveInterval();
            Duration grown = observeInterval.plus(observeInterval.dividedBy(2));
            observeInterval = changed || progressed ? min : (grown.compareTo(max) > 0 ? max : grown);
        } catch (RuntimeException e) {
            LOG.warn("observing unit states failed: {}", e.toString());
            observeInterval = engine.settings().maxObserveInterval();
        }
        // with every machine done, watching for repairs goes at its own, slower pace
        nextObservation = now.plus(deploying || progressed ? observeInterval : engine.settings().healInterval());
    }

    // ---- completion ----

    private void checkCompletion() {
        if (expectedRoles.isEmpty() || completion.isDone()) {
            return;
        }
        for (Map.Entry<String, Integer> expected : expectedRoles.get().entrySet()) {
            List<MachineState> ofRole = states.values().stream().filter(s -> s.machine != null
                    && s.machine.role().filter(expected.getKey()::equals).isPresent()).toList();
            if (ofRole.size() < expected.getValue() || ofRole.stream().anyMatch(s -> s.busy || !s.isTerminal()
                    || s.upgrading || s.needsReplacement() && rollout != Rollout.ABORTED)) {
                return;
            }
        }
        ClusterStatus status = statusNow();
        Optional<UnitTimeout> timedOut = states.values().stream().map(s -> s.timedOut).filter(Objects::nonNull)
                .filter(t -> status.inPhase(DeploymentPhase.FAILED).stream().anyMatch(m -> m.machineId().equals(t.machineId())))
                .findFirst();
        int waiting = (int) states.values().stream().filter(MachineState::needsReplacement).count();
        events.emit(new DeploymentEvent.DeploymentCompleted(status));
        stopped = true;
        events.afterDelivered(() -> {
            if (waiting > 0) {
                completion.completeExceptionally(new RolloutAbortedException(status, waiting));
            } else if (status.count(DeploymentPhase.FAILED) > 0) {
                completion.completeExceptionally(timedOut.isPresent() ? new DeploymentTimeoutException(status, timedOut.get())
                        : new DeploymentFailedException(status));
            } else {
                completion.complete(status);
            }
        });
    }

    private ClusterStatus statusNow() {
        List<ClusterStatus.MachineStatus> out = new ArrayList<>();
        for (MachineState s : states.values()) {
            int rendered = s.stages == null ? 0 : s.stages.stream().mapToInt(st -> st.units().size()).sum();
            out.add(ClusterView.statusOf(s.id, Optional.ofNullable(s.machine),
                    Optional.ofNullable(s.record).map(Versioned::value), rendered));
        }
        return new ClusterStatus(out);
    }
}
