package io.corekube.fleet;

import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitOption;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** A unit as fleet holds it: name, options, desired and current state, and the machine it is scheduled to. */
@Value.Immutable
public interface FleetUnit {

    /** The unit's name. */
    String name();

    /** Its options, as stored. */
    List<UnitOption> options();

    /** The state asked for; absent when fleet omits it. */
    Optional<UnitDesiredState> desiredState();

    /** The state reached; absent until known. */
    Optional<UnitDesiredState> currentState();

    /** The machine it is scheduled to; absent until scheduled (and for global units). */
    Optional<String> machineId();

    /** The options as a unit file, for hashing and comparing. */
    default UnitFile unitFile() {
        return UnitFile.ofStored(options());
    }

    /** A builder for a unit. */
    static ImmutableFleetUnit.Builder builder() {
        return ImmutableFleetUnit.builder();
    }
}
