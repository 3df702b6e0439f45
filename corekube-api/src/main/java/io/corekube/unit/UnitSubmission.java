package io.corekube.unit;

import java.util.List;
import org.immutables.value.Value;

/** A unit the engine wants on the cluster: its name, its content as options, and the state it should reach. */
@Value.Immutable
public interface UnitSubmission {

    /** The unit's name, e.g. {@code minion-kubelet@<machine-id>.service}. */
    String name();

    /** The unit's content, in file order. */
    List<UnitOption> options();

    /** The state to reach; launched unless said otherwise. */
    @Value.Default
    default UnitDesiredState desiredState() {
        return UnitDesiredState.LAUNCHED;
    }

    /** A builder for a submission. */
    static ImmutableUnitSubmission.Builder builder() {
        return ImmutableUnitSubmission.builder();
    }
}
