package io.corekube.fleet;

import io.corekube.spi.UnitScheduler;
import io.corekube.spi.WriteFence;
import io.corekube.unit.SubmitOutcome;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link UnitScheduler} on fleet. Submitting is idempotent: a unit with the same content (same
 * fleet hash) is not sent again, only its desired state if that differs; other content replaces the unit with
 * one PUT (fleet 0.13+) and, if the server kept the old content (older fleet), destroys and creates it.
 * {@link #observe} reads every state in one paged {@code GET /state} listing, never one request per unit. A
 * {@linkplain #fencedBy fenced} view checks its fence right before each request that writes, so a leader that lost
 * its lease between the GET and the PUT of a submit sends no PUT.
 */
public final class FleetUnitScheduler implements UnitScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetUnitScheduler.class);

    private final FleetClient fleet;

    /** A scheduler on this client (which it does not close). */
    public FleetUnitScheduler(FleetClient fleet) {
        this.fleet = fleet;
    }

    /**
     * This scheduler on a view of the same client that checks {@code fence} right before each attempt of each
     * request that writes ({@link FleetClient#withWriteGuard}): between the GET and the PUT of a submit, and
     * before a retried PUT too.
     */
    @Override
    public UnitScheduler fencedBy(WriteFence fence) {
        return new FleetUnitScheduler(fleet.withWriteGuard(fence::check));
    }

    @Override
    public SubmitOutcome submit(UnitSubmission unit) {
        Optional<FleetUnit> existing = fleet.unit(unit.name());
        if (existing.isEmpty()) {
            put(unit);
            return SubmitOutcome.CREATED;
        }
        FleetUnit current = existing.get();
        if (current.unitFile().hash().equals(unit.unit().hash())) {
            if (current.desiredState().orElse(null) != unit.desiredState()) {
                fleet.setDesiredState(unit.name(), unit.desiredState());
            }
            return SubmitOutcome.UNCHANGED;
        }
        put(unit);
        boolean replaced = fleet.unit(unit.name()).map(u -> u.unitFile().hash().equals(unit.unit().hash())).orElse(false);
        if (!replaced) {
            LOG.info("fleet kept the old content of {} (fleet before 0.13): destroying and creating it", unit.name());
            fleet.destroyUnit(unit.name());
            put(unit);
        }
        return SubmitOutcome.REPLACED;
    }

    private void put(UnitSubmission unit) {
        fleet.putUnit(unit.name(), unit.unit(), unit.desiredState());
    }

    @Override
    public boolean destroy(String unitName) {
        return fleet.destroyUnit(unitName);
    }

    @Override
    public List<String> unitNames() {
        return fleet.units().stream().map(FleetUnit::name).toList();
    }

    /**
     * The states of the given units from one paged listing. A global unit has a state per machine; the first
     * in fleet's order (by machine ID) is returned.
     */
    @Override
    public Map<String, UnitStatus> observe(Collection<String> unitNames) {
        Set<String> wanted = new HashSet<>(unitNames);
        Map<String, UnitStatus> states = new LinkedHashMap<>();
        for (UnitStatus s : fleet.unitStates()) {
            if (wanted.contains(s.name())) {
                states.putIfAbsent(s.name(), s);
            }
        }
        return states;
    }
}
