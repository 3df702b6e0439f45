package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a worker does for one machine in one step: destroy and submit units, then write the machine's record
 * (or delete it), and report the events to emit once the record is stored.
 *
 * @param state the machine's state (read by the worker only for its ID)
 * @param machine the machine, null when it left
 * @param baseRevision the record revision the step was computed from (0: none)
 * @param role the machine's role
 * @param destroys units to destroy first
 * @param submits units to submit
 * @param retries the submitted units to destroy before submitting (retries of failed units)
 * @param attempts the attempt number of each submitted unit
 * @param units the units' progress before the submissions
 * @param phase the machine's phase after the step
 * @param failure why the machine failed, when it did
 * @param deleteRecord delete the record instead of writing it (the machine left)
 * @param events events to emit once the record is stored, before those of the submissions
 */
record MachineWork(MachineState state, Machine machine, long baseRevision, String role, List<String> destroys,
                   List<RoleUnit> submits, Set<String> retries, Map<String, Integer> attempts,
                   Map<String, UnitProgress> units, DeploymentPhase phase, Optional<String> failure,
                   boolean deleteRecord, List<DeploymentEvent> events) {

    /**
     * What a worker reports back.
     *
     * @param work the work done
     * @param record the record as stored now (null when deleted or none)
     * @param stored whether the record write (or delete) went through
     * @param submitErrors units whose destroy or submit failed, with the reason
     * @param events events to emit now
     */
    record Result(MachineWork work, Versioned<DeploymentRecord> record, boolean stored, Map<String, String> submitErrors,
                  List<DeploymentEvent> events) {
    }
}
