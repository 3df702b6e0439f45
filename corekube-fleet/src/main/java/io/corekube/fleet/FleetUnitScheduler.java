package io.corekube.fleet;

import io.corekube.spi.UnitScheduler;
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
 * {@link #observe} reads every state in one paged {@code GET /state} listing, never one request per unit.
 */
public final class FleetUnitScheduler implements UnitScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(FleetUnitScheduler.class);

    private final FleetClient fleet;

    /** A scheduler on this client (which it does not close). */
    public FleetUnitScheduler(FleetClient fleet) {
        this.fleet = fleet;
    }

    @Override
    public SubmitOutcome submit(UnitSubmission unit) {
        Optional<FleetUnit> existing = fleet.unit(unit.name());
        if (existing.isEmpty()) {
            fleet.putUnit(unit.name(), unit.unit(), unit.desiredState());
            return SubmitOutcome.CREATED;
        }
        FleetUnit current = existing.get();
        if (current.unitFile().hash().equals(unit.unit().hash())) {
            if (current.desiredState().orElse(null) != unit.desiredState()) {
                fleet.setDesiredState(unit.name(), unit.desiredState());
            }
            return SubmitOutcome.UNCHANGED;
        }
        fleet.putUnit(unit.name(), unit.unit(), unit.desiredState());
        boolean replaced = fleet.unit(unit.name()).map(u -> u.unitFile().hash().equals(unit.unit().hash())).orElse(false);
        if (!replaced) {
            LOG.info("fleet kept the old content of {} (fleet before 0.13): destroying and creating it", unit.name());
            fleet.destroyUnit(unit.name());
            fleet.putUnit(unit.name(), unit.unit(), unit.desiredState());
        }
        return SubmitOutcome.REPLACED;
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
