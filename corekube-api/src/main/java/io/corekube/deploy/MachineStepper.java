package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
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
import java.util.function.Consumer;

/**
 * Decides one machine's next step from its state, the master and the observed unit states: render its units,
 * mark units done, submit the next stage, retry failed units with backoff, fail the machine, or remove a machine
 * that left. Runs on the coordinator thread; the worker carries the step out.
 */
final class MachineStepper {

    private final EngineSettings settings;
    private final RoleCatalog catalog;
    private final Consumer<DeploymentEvent> emit;

    MachineStepper(EngineSettings settings, RoleCatalog catalog, Consumer<DeploymentEvent> emit) {
        this.settings = settings;
        this.catalog = catalog;
        this.emit = emit;
    }

    /** Counts a failure of a unit: schedules a retry with backoff, or marks the machine to fail. */
    void failed(MachineState s, String unit, String reason, Instant now) {
        int attempt = s.failures.merge(unit, 1, Integer::sum);
        boolean retry = attempt < settings.retry().maxAttempts();
        Machine machine = s.machine != null ? s.machine : s.renderedFor;
        if (machine != null) {
            emit.accept(new DeploymentEvent.UnitFailed(machine, unit, reason, attempt, retry));
        }
        if (retry) {
            s.retryAt.put(unit, now.plus(settings.retry().delayFor(attempt)));
        } else {
            s.pendingFailure = "unit " + unit + " failed " + attempt + " times; last: " + reason;
        }
    }

    /** The step of a machine that left: destroy its recorded units and delete its record. */
    Optional<MachineWork> removal(MachineState s) {
        if (s.record == null) {
            return Optional.empty();
        }
        DeploymentRecord r = s.record.value();
        List<String> units = new ArrayList<>(r.units().keySet());
        return Optional.of(new MachineWork(s, null, s.revision(), r.role(), units, List.of(), Set.of(), Map.of(),
                r.units(), r.phase(), Optional.empty(), true, List.of(new DeploymentEvent.MachineRemoved(s.id, units))));
    }

    /**
     * Decides the next step of a present machine: render, mark done, submit the next stage, retry, fail; and when
     * {@code heal}, repair done units that went wrong.
     */
    Optional<MachineWork> step(MachineState s, Optional<Machine> master, Map<String, UnitStatus> observed, Instant now,
                               boolean mayStart, boolean heal) {
        Optional<String> role = s.machine.role().filter(catalog.roles()::contains);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        boolean failed = s.phase() == DeploymentPhase.FAILED;
        if (!render(s, role.get(), master)) {
            if (failed) {
                s.pendingFailure = null;
                return Optional.empty();
            }
            return s.pendingFailure == null ? Optional.empty() : Optional.of(failure(s, role.get(), s.recordedUnits()));
        }
        if (failed) {
            // a failed machine gets a new try only when a unit its record holds is now rendered with other content
            if (!s.renderedDiffersFromRecord(false)) {
                return Optional.empty();
            }
            s.failures.clear();
            s.retryAt.clear();
            s.settleUntil.clear();
            s.pendingSince.clear();
            s.timedOut = null;
        }
        if (s.phase() == DeploymentPhase.PENDING && !mayStart) {
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
                if (condition == UnitCondition.DONE && heal && s.phase() == DeploymentPhase.DEPLOYED) {
                    Optional<String> broken = brokenSinceDone(s, unit, reported, now);
                    if (broken.isPresent() && due(s.repairAt, name, now)) {
                        int repair = s.repairs.merge(name, 1, Integer::sum);
                        s.repairAt.put(name, now.plus(settings.retry().delayFor(repair)));
                        s.brokenSince.remove(name);
                        s.settleUntil.put(name, now.plus(settings.failureSettle())); // fleet may report the old state a while
                        emit.accept(new DeploymentEvent.UnitRepaired(s.machine, name, broken.get(), repair));
                        units.put(name, progress(unit, UnitProgress.State.SUBMITTED, s.attempts(name)));
                        if (reported != null) {
                            retries.add(name); // destroyed first: fleet keeps a failed or stopped unit as it is
                        }
                        submits.add(unit);
                        attempts.put(name, s.attempts(name));
                        changed = true;
                        stageDone = false;
                        continue;
                    }
                }
                if (condition.isDone()) {
                    s.pendingSince.remove(name);
                    if (condition == UnitCondition.BECAME_DONE) {
                        units.put(name, progress(unit, UnitProgress.State.DONE, s.attempts(name)));
                        after.add(new DeploymentEvent.UnitDone(s.machine, name));
                        changed = true;
                    }
                    continue;
                }
                stageDone = false;
                if (condition == UnitCondition.STARTING || condition == UnitCondition.SUBMITTED) {
                    checkDeadline(s, stage.name(), name, reported, now);
                }
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
                        s.settleUntil.put(name, now.plus(settings.failureSettle()));
                        retries.add(name);
                        s.pendingSince.remove(name);
                        submits.add(unit);
                        attempts.put(name, s.attempts(name));
                    }
                } else if (condition.needsSubmit() && due(s.retryAt, name, now)) {
                    s.retryAt.remove(name);
                    s.pendingSince.remove(name);
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

    /**
     * Why a unit recorded done is no longer fine, once it has not been for the failure settle time: reported
     * failed, reported out of its done state and not starting (stopped by someone), or missing from fleet's states
     * (destroyed by someone). A unit reported with other content is left to the normal flow.
     */
    private Optional<String> brokenSinceDone(MachineState s, RoleUnit unit, UnitStatus reported, Instant now) {
        String name = unit.submission().name();
        Optional<String> broken;
        if (reported == null) {
            broken = Optional.of("gone from fleet");
        } else {
            boolean ours = reported.hash().map(unit.submission().unit().hash()::equals).orElse(true);
            broken = !ours || unit.doneSubState().equals(reported.subState()) || "activating".equals(reported.activeState())
                    ? Optional.empty()
                    : Optional.of((reported.isFailed() ? "failed: " : "stopped: ") + reported.activeState() + "/"
                            + reported.subState() + " on " + reported.machineId());
        }
        if (broken.isEmpty()) {
            s.brokenSince.remove(name);
            return broken;
        }
        Instant since = s.brokenSince.computeIfAbsent(name, u -> now);
        return Duration.between(since, now).compareTo(settings.failureSettle()) >= 0 ? broken : Optional.empty();
    }

    /**
     * Fails the machine (at its next step) when {@code unit} has waited for its done state longer than its deadline,
     * counted from when this leader first saw it pending.
     */
    private void checkDeadline(MachineState s, String stage, String unit, UnitStatus reported, Instant now) {
        Duration spent = Duration.between(s.pendingSince.computeIfAbsent(unit, u -> now), now);
        Duration deadline = settings.unitDeadline(stage, unit);
        if (spent.compareTo(deadline) < 0 || s.pendingFailure != null) {
            return;
        }
        UnitTimeout timeout = new UnitTimeout(s.id, unit, reported == null ? "not reported"
                : reported.activeState() + "/" + reported.subState(), spent, deadline);
        s.timedOut = timeout;
        s.pendingFailure = timeout.describe();
        emit.accept(new DeploymentEvent.UnitTimedOut(s.machine, timeout));
    }

    /** The work that records the machine's pending failure, with its units as they stand, and announces it. */
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

    /** Renders a present machine's stages for its role, if its role is the catalog's and they are not current. */
    void render(MachineState s, Optional<Machine> master) {
        s.machine.role().filter(catalog.roles()::contains).ifPresent(role -> render(s, role, master));
    }

    /** Renders the machine's stages when its machine or the master changed; false when it cannot yet. */
    private boolean render(MachineState s, String role, Optional<Machine> master) {
        if (s.stages != null && s.machine.equals(s.renderedFor) && s.renderedMaster.equals(master)) {
            return true;
        }
        try {
            s.stages = catalog.render(role, s.machine, master);
            s.renderedFor = s.machine;
            s.renderedMaster = master;
            s.waitingReason = null;
            emit.accept(new DeploymentEvent.UnitsRendered(s.machine, s.stages.stream()
                    .flatMap(stage -> stage.units().stream()).map(u -> u.submission().name()).toList()));
            return true;
        } catch (IllegalArgumentException e) {
            s.stages = null;
            if (master.isEmpty() && !ClusterSpec.MASTER.equals(role)) {
                if (!Objects.equals(s.waitingReason, e.getMessage())) {
                    s.waitingReason = e.getMessage();
                    emit.accept(new DeploymentEvent.MachineWaiting(s.machine, e.getMessage()));
                }
            } else {
                s.pendingFailure = "cannot render role " + role + ": " + e.getMessage();
            }
            return false;
        }
    }
}
