package io.corekube.unit;

import java.util.Optional;
import org.immutables.value.Value;

/** A unit's state as the machine running it reports it (fleet's {@code /state} entry). */
@Value.Immutable
public interface UnitStatus {

    /** The unit's name. */
    String name();

    /** The machine the unit runs on. */
    String machineId();

    /** The hash of the content running there, when reported. */
    Optional<String> hash();

    /** systemd's load state, e.g. {@code loaded}. */
    String loadState();

    /** systemd's active state, e.g. {@code active}, {@code activating}, {@code failed}. */
    String activeState();

    /** systemd's sub state, e.g. {@code running}, {@code exited}, {@code dead}, {@code failed}. */
    String subState();

    /** True when systemd reports the unit failed. */
    default boolean isFailed() {
        return "failed".equals(activeState()) || "failed".equals(subState());
    }

    /** A builder for a status. */
    static ImmutableUnitStatus.Builder builder() {
        return ImmutableUnitStatus.builder();
    }
}
