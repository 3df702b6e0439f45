package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.spi.Leadership;
import io.corekube.spi.Subscription;
import io.corekube.unit.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final MachineWorker worker;
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
        this.worker = new MachineWorker(engine.scheduler(), engine.store(), engine.clock());
        this.observeInterval = engine.settings().minObserveInterval();
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
            completion.completeExceptionally(e);
        } finally {
            if (!completion.isDone()) {
                completion.completeExceptionally(new java.util.concurrent.CancellationException("engine stopped"));
            }
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
        ExecutorService workers = Executors.newFixedThreadPool(engine.settings().workerThreads(), daemonThreads());
        Subscription watch = null;
        try {
            load();
            watch = engine.registry().watch(e -> {
                machineEvents.add(e);
                wake();
            });
            while (!stopped && won.isHeld() && !completion.isDone()) {
                tick(workers, won);
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

    private void tick(ExecutorService workers, Leadership won) {
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
        for (MachineState s : ordered()) {
            if (s.busy) {
                continue;
            }
            Optional<MachineWork> work = s.machine == null ? removal(s) : step(s, now, active);
            if (work.isPresent()) {
                if (s.phase() == DeploymentPhase.PENDING && s.machine != null) {
                    active++;
                }
                s.busy = true;
                progressed = true;
                workers.execute(() -> {
                    MachineWork.Result result;
                    try {
                        result = worker.perform(work.get(), won);
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

    private boolean isActive(MachineState s) {
        return s.machine != null && (s.phase() == DeploymentPhase.DEPLOYING
                || (s.busy && s.phase() == DeploymentPhase.PENDING));
    }

    private List<MachineState> ordered() {
        List<MachineState> list = new ArrayList<>(states.values());
        list.sort(java.util.Comparator.comparing((MachineState s) -> !(s.machine != null
                && s.machine.role().filter(ClusterSpec.MASTER::equals).isPresent())).thenComparing(s -> s.id));
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
                failed(s, error.getKey(), error.getValue(), now);
            }
        }
    }

    /** Counts a failure of a unit: schedules a retry with backoff, or marks the machine to fail. */
    private void failed(MachineState s, String unit, String reason, Instant now) {
        int attempt = s.failures.merge(unit, 1, Integer::sum);
        boolean retry = attempt < engine.settings().retry().maxAttempts();
        Machine machine = s.machine != null ? s.machine : s.renderedFor;
        if (machine != null) {
            events.emit(new DeploymentEvent.UnitFailed(machine, unit, reason, attempt, retry));
        }
        if (retry) {
            s.retryAt.put(unit, now.plus(engine.settings().retry().delayFor(attempt)));
        } else {
            s.pendingFailure = "unit " + unit + " failed " + attempt + " times; last: " + reason;
        }
    }

    private boolean awaitingStates() {
        return states.values().stream().anyMatch(s -> s.machine != null && s.stages != null && !s.isTerminal());
    }

    /** One bulk observation of the units of every machine still deploying, at an interval that adapts. */
    private void observe() {
        Instant now = engine.clock().instant();
        if (now.isBefore(nextObservation)) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (MachineState s : states.values()) {
            if (s.machine != null && s.stages != null && !s.isTerminal()) {
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
        nextObservation = now.plus(observeInterval);
    }

    private Optional<MachineWork> removal(MachineState s) {
        if (s.record == null) {
            return Optional.empty();
        }
        DeploymentRecord r = s.record.value();
        List<String> units = new ArrayList<>(r.units().keySet());
        return Optional.of(new MachineWork(s, null, s.revision(), r.role(), units, List.of(), Set.of(), Map.of(),
                r.units(), r.phase(), Optional.empty(), true, List.of(new DeploymentEvent.MachineRemoved(s.id, units))));
    }

    /** Decides the next step of a present machine: render, mark done, submit the next stage, retry, fail. */
    private Optional<MachineWork> step(MachineState s, Instant now, int active) {
        Optional<String> role = s.machine.role().filter(engine.catalog().roles()::contains);
        if (role.isEmpty() || s.phase() == DeploymentPhase.FAILED) {
            return Optional.empty();
        }
        if (!render(s, role.get())) {
            return s.pendingFailure == null ? Optional.empty() : Optional.of(failure(s, role.get(), s.recordedUnits()));
        }
        if (s.phase() == DeploymentPhase.PENDING && active >= engine.settings().maxConcurrentMachines()) {
            return Optional.empty();
        }
        Map<String, UnitProgress> units = new LinkedHashMap<>(s.recordedUnits());
        List<RoleUnit> submits = new ArrayList<>();
        Set<String> retries = new HashSet<>();
        Map<String, Integer> attempts = new HashMap<>();
        List<DeploymentEvent> after = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        s.stages.forEach(stage -> stage.units().forEach(u -> wanted.add(u.submission().name())));
        boolean changed = false;
        boolean allDone = true;
        for (RoleStage stage : s.stages) {
            boolean stageDone = true;
            for (RoleUnit unit : stage.units()) {
                String name = unit.submission().name();
                UnitStatus reported = observed.get(name);
                UnitCondition condition = UnitCondition.of(unit, units.get(name), reported);
                if (condition.isDone()) {
                    if (condition == UnitCondition.BECAME_DONE) {
                        units.put(name, progress(unit, UnitProgress.State.DONE, s.attempts(name)));
                        after.add(new DeploymentEvent.UnitDone(s.machine, name));
                        changed = true;
                    }
                    continue;
                }
                stageDone = false;
                if (condition == UnitCondition.STARTING && !units.containsKey(name)) {
                    units.put(name, progress(unit, UnitProgress.State.SUBMITTED, s.attempts(name)));
                    changed = true;
                } else if (condition == UnitCondition.FAILED) {
                    if (due(s.settleUntil, name, now) && !s.retryAt.containsKey(name)) {
                        failed(s, name, "systemd reports " + reported.activeState() + "/" + reported.subState()
                                + " on " + reported.machineId(), now);
                    }
                    if (s.retryAt.containsKey(name) && due(s.retryAt, name, now)) {
                        s.retryAt.remove(name);
                        s.settleUntil.put(name, now.plus(engine.settings().failureSettle()));
                        retries.add(name);
                        submits.add(unit);
                        attempts.put(name, s.attempts(name));
                    }
                } else if (condition.needsSubmit() && due(s.retryAt, name, now)) {
                    s.retryAt.remove(name);
                    submits.add(unit);
                    attempts.put(name, s.attempts(name));
                }
            }
            if (!stageDone) {
                allDone = false;
                break;
            }
        }
        if (s.pendingFailure != null) {
            return Optional.of(failure(s, role.get(), units));
        }
        List<String> destroys = units.keySet().stream().filter(u -> !wanted.contains(u)).toList();
        DeploymentPhase phase = allDone ? DeploymentPhase.DEPLOYED : DeploymentPhase.DEPLOYING;
        if (phase != s.phase()) {
            changed = true;
            if (allDone) {
                after.add(new DeploymentEvent.MachineDeployed(s.machine));
            }
        }
        if (!changed && submits.isEmpty() && destroys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MachineWork(s, s.machine, s.revision(), role.get(), destroys, submits, retries,
                attempts, units, phase, Optional.empty(), false, after));
    }

    private MachineWork failure(MachineState s, String role, Map<String, UnitProgress> units) {
        String reason = s.pendingFailure;
        s.pendingFailure = null;
        return new MachineWork(s, s.machine, s.revision(), role, List.of(), List.of(), Set.of(), Map.of(), units,
                DeploymentPhase.FAILED, Optional.of(reason), false, List.of(new DeploymentEvent.MachineFailed(s.machine, reason)));
    }

    private static boolean due(Map<String, Instant> times, String unit, Instant now) {
        Instant at = times.get(unit);
        return at == null || !now.isBefore(at);
    }

    private static UnitProgress progress(RoleUnit unit, UnitProgress.State state, int attempts) {
        return UnitProgress.builder().hash(unit.submission().unit().hash()).state(state).attempts(attempts).build();
    }

    /** Renders the machine's stages when its machine or the master changed; false when it cannot yet. */
    private boolean render(MachineState s, String role) {
        if (s.stages != null && s.machine.equals(s.renderedFor) && s.renderedMaster.equals(master)) {
            return true;
        }
        try {
            s.stages = engine.catalog().render(role, s.machine, master);
            s.renderedFor = s.machine;
            s.renderedMaster = master;
            s.waitingReason = null;
            events.emit(new DeploymentEvent.UnitsRendered(s.machine, s.stages.stream()
                    .flatMap(stage -> stage.units().stream()).map(u -> u.submission().name()).toList()));
            return true;
        } catch (IllegalArgumentException e) {
            s.stages = null;
            if (master.isEmpty() && !ClusterSpec.MASTER.equals(role)) {
                if (!Objects.equals(s.waitingReason, e.getMessage())) {
                    s.waitingReason = e.getMessage();
                    events.emit(new DeploymentEvent.MachineWaiting(s.machine, e.getMessage()));
                }
            } else {
                s.pendingFailure = "cannot render role " + role + ": " + e.getMessage();
            }
            return false;
        }
    }

    // ---- completion ----

    private void checkCompletion() {
        if (expectedRoles.isEmpty() || completion.isDone()) {
            return;
        }
        for (Map.Entry<String, Integer> expected : expectedRoles.get().entrySet()) {
            List<MachineState> ofRole = states.values().stream().filter(s -> s.machine != null
                    && s.machine.role().filter(expected.getKey()::equals).isPresent()).toList();
            if (ofRole.size() < expected.getValue() || ofRole.stream().anyMatch(s -> s.busy || !s.isTerminal())) {
                return;
            }
        }
        ClusterStatus status = statusNow();
        events.emit(new DeploymentEvent.DeploymentCompleted(status));
        stopped = true;
        events.afterDelivered(() -> {
            if (status.count(DeploymentPhase.FAILED) > 0) {
                completion.completeExceptionally(new DeploymentFailedException(status));
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
