package io.corekube.testing.fleet;

import io.corekube.unit.FleetRequirements;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import io.corekube.unit.UnitOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of a simulated fleet cluster and its engine: units with their target state and machine, machines
 * with static and dynamic metadata, and the unit states their agents report. {@link #tick} runs one round of
 * fleet's engine (scheduling) and of every agent (fake systemd). Callers hold {@link #lock}.
 */
final class SimulatedCluster {

    static final Set<String> TARGETS = Set.of("inactive", "loaded", "launched");

    final Object lock = new Object();
    final TreeMap<String, Unit> units = new TreeMap<>();
    /** The hash of every content PUT that created or replaced a unit, by unit name. */
    final Map<String, List<String>> contentWrites = new TreeMap<>();
    final TreeMap<String, Machine> machines = new TreeMap<>();
    /** States by unit name, then machine ID: the order fleet lists them in. */
    final TreeMap<String, TreeMap<String, State>> states = new TreeMap<>();

    private final FleetSimulator.Settings settings;

    SimulatedCluster(FleetSimulator.Settings settings) {
        this.settings = settings;
    }

    static final class Unit {
        final String name;
        final List<UnitOption> options;
        final String hash;
        final FleetRequirements requirements;
        String target;
        String machineId;

        Unit(String name, List<UnitOption> options, String target) {
            this.name = name;
            this.options = List.copyOf(options);
            UnitFile file = UnitFile.ofStored(options);
            this.hash = file.hash();
            this.requirements = file.fleetRequirements();
            this.target = target;
        }

        boolean validTarget() {
            return TARGETS.contains(target);
        }

        boolean wantsMachine() {
            return "loaded".equals(target) || "launched".equals(target);
        }

        String value(String section, String name) {
            String last = null;
            for (UnitOption o : options) {
                if (o.section().equals(section) && o.name().equals(name)) {
                    last = o.value();
                }
            }
            return last;
        }
    }

    static final class Machine {
        final String id;
        final String ip;
        final Map<String, String> metadata;
        final Map<String, String> dynamic = new TreeMap<>();
        long killedAt = -1;

        Machine(String id, String ip, Map<String, String> metadata) {
            this.id = id;
            this.ip = ip;
            this.metadata = new TreeMap<>(metadata);
        }

        Map<String, String> effectiveMetadata() {
            Map<String, String> merged = new TreeMap<>(metadata);
            dynamic.forEach((k, v) -> {
                if (v.isEmpty()) {
                    merged.remove(k);
                } else {
                    merged.put(k, v);
                }
            });
            return merged;
        }

        boolean alive() {
            return killedAt < 0;
        }

        boolean matchesId(String wanted) {
            return id.equals(wanted) || id.length() >= 8 && id.substring(0, 8).equals(wanted);
        }
    }

    static final class State {
        final String unit;
        final String machineId;
        String hash;
        String load = "loaded";
        String active = "inactive";
        String sub = "dead";
        long activeSince = -1;
        long removeAt = -1;

        State(String unit, String machineId, String hash) {
            this.unit = unit;
            this.machineId = machineId;
            this.hash = hash;
        }
    }

    /** One round: expire dead machines, schedule, then let every agent act. */
    void tick(long now) {
        machines.values().removeIf(m -> {
            boolean expired = !m.alive() && now - m.killedAt >= settings.agentTtl.toMillis();
            if (expired) {
                dropStatesOf(m.id);
            }
            return expired;
        });
        schedule();
        Map<String, Map<String, Unit>> placed = new java.util.HashMap<>();
        List<Unit> global = new ArrayList<>();
        for (Unit u : units.values()) {
            if (!u.validTarget() || !u.wantsMachine()) {
                continue;
            }
            if (u.requirements.global()) {
                global.add(u);
            } else if (u.machineId != null) {
                placed.computeIfAbsent(u.machineId, id -> new LinkedHashMap<>()).put(u.name, u);
            }
        }
        for (Machine m : machines.values()) {
            if (m.alive()) {
                runAgent(m, desiredOn(m, placed.getOrDefault(m.id, Map.of()), global), now);
            }
        }
        states.values().forEach(byMachine -> byMachine.values().removeIf(s -> s.removeAt >= 0 && now >= s.removeAt));
        states.values().removeIf(Map::isEmpty);
    }

    /** Removes a machine at once (a clean stop): its units are rescheduled on the next round. */
    void removeMachine(String id) {
        machines.remove(id);
        dropStatesOf(id);
        schedule();
    }

    private void dropStatesOf(String machineId) {
        states.values().forEach(byMachine -> byMachine.remove(machineId));
        states.values().removeIf(Map::isEmpty);
        units.values().stream().filter(u -> machineId.equals(u.machineId)).forEach(u -> u.machineId = null);
    }

    private void schedule() {
        Map<String, Integer> load = new java.util.HashMap<>();
        units.values().stream().filter(u -> u.machineId != null).forEach(u -> load.merge(u.machineId, 1, Integer::sum));
        for (Unit u : units.values()) {
            if (!u.validTarget() || u.requirements.global()) {
                continue;
            }
            if (!u.wantsMachine()) {
                u.machineId = null;
                continue;
            }
            if (u.machineId != null && !machines.containsKey(u.machineId)) {
                u.machineId = null;
            }
            if (u.machineId == null) {
                // fleet's choice: the least loaded able machine, then the lowest ID; cheap checks first
                machines.values().stream()
                        .filter(m -> placementAllows(m, u))
                        .sorted(Comparator.comparingInt((Machine m) -> load.getOrDefault(m.id, 0)).thenComparing(m -> m.id))
                        .filter(m -> ableToRun(m, u))
                        .findFirst()
                        .ifPresent(m -> {
                            u.machineId = m.id;
                            load.merge(m.id, 1, Integer::sum);
                        });
            }
        }
    }

    private static boolean placementAllows(Machine m, Unit u) {
        FleetRequirements r = u.requirements;
        return (r.machineId().isEmpty() || m.matchesId(r.machineId().get())) && r.metadataMatches(m.effectiveMetadata());
    }

    private boolean ableToRun(Machine m, Unit u) {
        FleetRequirements r = u.requirements;
        if (!placementAllows(m, u)) {
            return false;
        }
        for (String peer : r.machineOf()) {
            Unit p = units.get(peer);
            if (p == null || !m.id.equals(p.machineId)) {
                return false;
            }
        }
        for (Unit other : units.values()) {
            if (other == u || !m.id.equals(other.machineId)) {
                continue;
            }
            boolean theyConflict = other.requirements.conflicts().stream().anyMatch(g -> FleetRequirements.globMatches(g, u.name));
            boolean weConflict = r.conflicts().stream().anyMatch(g -> FleetRequirements.globMatches(g, other.name));
            if (theyConflict || weConflict) {
                return false;
            }
        }
        return true;
    }

    /** The units an agent must run, in name order: scheduled to it, or global with matching metadata. */
    private static Map<String, Unit> desiredOn(Machine m, Map<String, Unit> placed, List<Unit> global) {
        Map<String, Unit> desired = new java.util.TreeMap<>(placed);
        global.stream().filter(u -> u.requirements.metadataMatches(m.effectiveMetadata())).forEach(u -> desired.put(u.name, u));
        return desired;
    }

    private void runAgent(Machine m, Map<String, Unit> desired, long now) {
        for (Unit u : desired.values()) {
            State s = states.computeIfAbsent(u.name, k -> new TreeMap<>()).get(m.id);
            if (s == null || !s.hash.equals(u.hash) || s.removeAt >= 0) {
                s = new State(u.name, m.id, u.hash);
                states.get(u.name).put(m.id, s);
            }
            advance(s, u, now);
        }
        for (Map<String, State> byMachine : states.values()) {
            State s = byMachine.get(m.id);
            if (s != null && !desired.containsKey(s.unit) && s.removeAt < 0) {
                s.removeAt = now + settings.stateLinger.toMillis();
                s.active = "inactive";
                s.sub = "dead";
            }
        }
    }

    private void advance(State s, Unit u, long now) {
        if (!"launched".equals(u.target)) {
            s.active = "inactive";
            s.sub = "dead";
            s.activeSince = -1;
            return;
        }
        if (s.activeSince < 0) {
            s.activeSince = now;
        }
        if (now - s.activeSince < startDelay(u.name).toMillis()) {
            s.active = "activating";
            s.sub = "start";
            return;
        }
        if (settings.failGlobs.stream().anyMatch(g -> FleetRequirements.globMatches(g, u.name))) {
            s.active = "failed";
            s.sub = "failed";
        } else if ("oneshot".equals(u.value("Service", "Type"))) {
            boolean remain = isTruthy(u.value("Service", "RemainAfterExit"));
            s.active = remain ? "active" : "inactive";
            s.sub = remain ? "exited" : "dead";
        } else {
            s.active = "active";
            s.sub = "running";
        }
    }

    private Duration startDelay(String unit) {
        for (Map.Entry<String, Duration> e : settings.startDelays.entrySet()) {
            if (FleetRequirements.globMatches(e.getKey(), unit)) {
                return e.getValue();
            }
        }
        return settings.defaultStartDelay;
    }

    /** fleet's current state of a unit: its target once the agent has it, else inactive; none for global units. */
    String currentState(Unit u) {
        if (u.requirements.global()) {
            return null;
        }
        if (u.machineId == null) {
            return "inactive";
        }
        State s = states.getOrDefault(u.name, new TreeMap<>()).get(u.machineId);
        return s != null && s.hash.equals(u.hash) && s.removeAt < 0 ? u.target : "inactive";
    }

    /** Every state in fleet's order (unit name, then machine ID). */
    List<State> allStates() {
        List<State> all = new ArrayList<>();
        states.values().forEach(byMachine -> all.addAll(byMachine.values()));
        return all;
    }

    static boolean isTruthy(String value) {
        return value != null && Set.of("yes", "true", "1", "on").contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean isTemplate(String name) {
        return UnitName.validate(name).isEmpty() && UnitName.of(name).isTemplate();
    }

    static boolean sameOptions(List<UnitOption> a, List<UnitOption> b) {
        return Objects.equals(UnitFile.ofStored(a).hash(), UnitFile.ofStored(b).hash());
    }
}
