package io.corekube.deploy;

import java.util.List;
import java.util.Optional;

/**
 * Where every machine's deployment stands, as typed values and as text.
 *
 * @param machines one entry per machine known to the registry or the store, ordered by machine ID
 */
public record ClusterStatus(List<MachineStatus> machines) {

    /** A status with an immutable copy of the machines. */
    public ClusterStatus {
        machines = List.copyOf(machines);
    }

    /**
     * One machine's state.
     *
     * @param machineId the machine
     * @param role its role, when known
     * @param ip its address, when it is present in the registry
     * @param phase where its deployment stands ({@link DeploymentPhase#PENDING} when nothing is recorded)
     * @param unitsDone units done
     * @param unitsTotal units of its role (0 until rendered)
     * @param failureReason why it failed, when it did
     */
    public record MachineStatus(String machineId, Optional<String> role, Optional<String> ip, DeploymentPhase phase,
                                int unitsDone, int unitsTotal, Optional<String> failureReason) {
    }

    /** The machines in {@code phase}. */
    public List<MachineStatus> inPhase(DeploymentPhase phase) {
        return machines.stream().filter(m -> m.phase() == phase).toList();
    }

    /** How many machines are in {@code phase}. */
    public long count(DeploymentPhase phase) {
        return machines.stream().filter(m -> m.phase() == phase).count();
    }

    /** Units done over every machine. */
    public int unitsDone() {
        return machines.stream().mapToInt(MachineStatus::unitsDone).sum();
    }

    /** One line per machine: ID, role, IP, phase, units done of total, and the failure reason if any. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (MachineStatus m : machines) {
            out.append(String.format("%-34s %-8s %-16s %-9s %d/%d units%s%n", m.machineId(), m.role().orElse("-"),
                    m.ip().orElse("-"), m.phase(), m.unitsDone(), m.unitsTotal(),
                    m.failureReason().map(r -> "  (" + r + ")").orElse("")));
        }
        return out.toString();
    }
}
