package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.MachineRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cluster as the registry and the store show it at one moment, with each machine's role units rendered:
 * what the planner and the status read, without acting.
 */
final class ClusterView {

    /** A machine (present, or known only from its record) with what it should run. */
    record Entry(String machineId, Optional<Machine> machine, Optional<Versioned<DeploymentRecord>> record,
                 Optional<String> role, List<RoleStage> stages, Optional<String> renderProblem) {

        Optional<UnitProgress> progress(String unit) {
            return record.map(r -> r.value().units().get(unit));
        }

        DeploymentPhase phase() {
            return record.map(r -> r.value().phase()).orElse(DeploymentPhase.PENDING);
        }

        int unitCount() {
            return stages.stream().mapToInt(s -> s.units().size()).sum();
        }
    }

    private final List<Entry> entries;
    private final Optional<Machine> master;

    private ClusterView(List<Entry> entries, Optional<Machine> master) {
        this.entries = entries;
        this.master = master;
    }

    /** Reads the registry and the store once and renders every machine whose role the catalog knows. */
    static ClusterView load(MachineRegistry registry, DeploymentStore store, RoleCatalog catalog) {
        List<Machine> machines = registry.machines();
        Map<String, Versioned<DeploymentRecord>> records = new TreeMap<>();
        store.snapshot().records().forEach(r -> records.put(r.value().machineId(), r));
        Optional<Machine> master = masterOf(machines);
        TreeSet<String> ids = new TreeSet<>(records.keySet());
        Map<String, Machine> byId = new TreeMap<>();
        machines.forEach(m -> {
            byId.put(m.id(), m);
            ids.add(m.id());
        });
        List<Entry> entries = new ArrayList<>();
        for (String id : ids) {
            Optional<Machine> machine = Optional.ofNullable(byId.get(id));
            Optional<Versioned<DeploymentRecord>> record = Optional.ofNullable(records.get(id));
            Optional<String> role = machine.isPresent() ? machine.get().role()
                    : record.map(r -> r.value().role());
            List<RoleStage> stages = List.of();
            Optional<String> problem = Optional.empty();
            if (machine.isPresent() && role.isPresent() && catalog.roles().contains(role.get())) {
                try {
                    stages = catalog.render(role.get(), machine.get(), master);
                } catch (IllegalArgumentException e) {
                    problem = Optional.of(e.getMessage());
                }
            }
            entries.add(new Entry(id, machine, record, role, stages, problem));
        }
        entries.sort(deployOrder());
        return new ClusterView(entries, master);
    }

    /** The cluster's master: the first machine, by ID, whose role is {@code master}. */
    static Optional<Machine> masterOf(java.util.Collection<Machine> machines) {
        return machines.stream().filter(m -> m.role().filter(ClusterSpec.MASTER::equals).isPresent())
                .min(Comparator.comparing(Machine::id));
    }

    /** Masters first, then by machine ID. */
    static Comparator<Entry> deployOrder() {
        return deployOrder(Entry::role, Entry::machineId);
    }

    /** Masters first, then by machine ID, for anything with a role and an ID. */
    static <T> Comparator<T> deployOrder(java.util.function.Function<T, Optional<String>> role,
                                         java.util.function.Function<T, String> id) {
        return Comparator.comparing((T t) -> !role.apply(t).filter(ClusterSpec.MASTER::equals).isPresent())
                .thenComparing(id);
    }

    List<Entry> entries() {
        return entries;
    }

    Optional<Machine> master() {
        return master;
    }

    /** The status of every machine. */
    ClusterStatus status() {
        List<ClusterStatus.MachineStatus> out = new ArrayList<>();
        for (Entry e : entries.stream().sorted(Comparator.comparing(Entry::machineId)).toList()) {
            out.add(statusOf(e.machineId(), e.machine(), e.record().map(Versioned::value), e.unitCount()));
        }
        return new ClusterStatus(out);
    }

    /** One machine's status from what the registry lists, what the store records and how many units it renders. */
    static ClusterStatus.MachineStatus statusOf(String id, Optional<Machine> machine, Optional<DeploymentRecord> record,
                                                int renderedUnits) {
        Map<String, UnitProgress> units = record.map(DeploymentRecord::units).orElse(Map.of());
        int done = (int) units.values().stream().filter(u -> u.state() == UnitProgress.State.DONE).count();
        return new ClusterStatus.MachineStatus(id, machine.flatMap(Machine::role).or(() -> record.map(DeploymentRecord::role)),
                machine.map(Machine::primaryIp), record.map(DeploymentRecord::phase).orElse(DeploymentPhase.PENDING),
                done, Math.max(renderedUnits, units.size()), record.flatMap(DeploymentRecord::failureReason));
    }
}
