package io.corekube.deploy;

import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.LeadershipLostException;
import io.corekube.spi.UnitScheduler;
import io.corekube.spi.WriteFence;
import io.corekube.unit.SubmitOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs a {@link MachineWork} on a worker thread for one leadership: destroys and submits units through a
 * scheduler fenced by that leadership, then writes the machine's record with compare-and-set (which the store
 * fences too). A refused write abandons the work: the next leader reads the record and continues. Never decides
 * anything itself.
 */
final class MachineWorker {

    private static final Logger LOG = LoggerFactory.getLogger(MachineWorker.class);

    private final UnitScheduler scheduler;
    private final DeploymentStore store;
    private final Clock clock;
    private final WriteFence fence;
    private final String candidateId;

    /** A worker for the leadership of {@code candidateId}: {@code scheduler} is already fenced by {@code fence}. */
    MachineWorker(UnitScheduler scheduler, DeploymentStore store, Clock clock, WriteFence fence, String candidateId) {
        this.scheduler = scheduler;
        this.store = store;
        this.clock = clock;
        this.fence = fence;
        this.candidateId = candidateId;
    }

    MachineWork.Result perform(MachineWork work) {
        try {
            return performFenced(work);
        } catch (LeadershipLostException deposed) {
            LOG.info("abandoning the step of {}: {}", work.state().id, deposed.getMessage());
            return abandoned(work);
        }
    }

    private MachineWork.Result performFenced(MachineWork work) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<DeploymentEvent> events = new ArrayList<>();
        Map<String, UnitProgress> units = new LinkedHashMap<>(work.units());
        for (String unit : work.destroys()) {
            try {
                scheduler.destroy(unit);
                units.remove(unit);
            } catch (LeadershipLostException deposed) {
                throw deposed;
            } catch (RuntimeException e) {
                errors.put(unit, describe(e));
            }
        }
        for (RoleUnit unit : work.submits()) {
            String name = unit.submission().name();
            int attempt = work.attempts().getOrDefault(name, 1);
            try {
                if (work.retries().contains(name)) {
                    scheduler.destroy(name);
                }
                SubmitOutcome outcome = scheduler.submit(unit.submission());
                units.put(name, UnitProgress.builder().hash(unit.submission().unit().hash())
                        .state(UnitProgress.State.SUBMITTED).attempts(attempt).build());
                events.add(new DeploymentEvent.UnitSubmitted(work.machine(), name, outcome, attempt));
            } catch (LeadershipLostException deposed) {
                throw deposed;
            } catch (RuntimeException e) {
                errors.put(name, describe(e));
            }
        }
        fence.check("write the record of " + work.state().id);
        if (work.deleteRecord()) {
            boolean deleted = errors.isEmpty() && (work.baseRevision() == 0 || store.delete(work.state().id, work.baseRevision()));
            if (deleted) {
                events.addAll(work.events());
            }
            return new MachineWork.Result(work, deleted ? null : reread(work), deleted, errors, events);
        }
        DeploymentRecord record = DeploymentRecord.builder().machineId(work.state().id).role(work.role())
                .phase(work.phase()).units(units).failureReason(work.failure()).updatedAt(clock.instant()).updatedBy(candidateId).build();
        Optional<Versioned<DeploymentRecord>> stored = store.compareAndSet(record, work.baseRevision());
        if (stored.isEmpty()) {
            LOG.warn("record of {} was written by someone else; re-reading it", work.state().id);
            return new MachineWork.Result(work, reread(work), false, errors, events);
        }
        List<DeploymentEvent> ordered = new ArrayList<>(work.events());
        ordered.addAll(events);
        return new MachineWork.Result(work, stored.get(), true, errors, ordered);
    }

    private MachineWork.Result abandoned(MachineWork work) {
        return new MachineWork.Result(work, reread(work), false, Map.of(), List.of());
    }

    private Versioned<DeploymentRecord> reread(MachineWork work) {
        try {
            return store.get(work.state().id).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("cannot re-read the record of {}: {}", work.state().id, e.toString());
            return null;
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
