package io.corekube.unit;

import org.immutables.value.Value;

/** A unit the engine wants on the cluster: its name, its content, and the state it should reach. */
@Value.Immutable
public interface UnitSubmission {

    /** The unit's name, e.g. {@code minion-kubelet@<machine-id>.service}; validated as fleet does. */
    String name();

    /** The unit's content. */
    UnitFile unit();

    /** The state to reach; launched unless said otherwise. */
    @Value.Default
    default UnitDesiredState desiredState() {
        return UnitDesiredState.LAUNCHED;
    }

    /** A builder for a submission. */
    static ImmutableUnitSubmission.Builder builder() {
        return ImmutableUnitSubmission.builder();
    }

    /**
     * The name must be one fleet accepts, the unit one the SDK can send ({@link UnitFile#checkSendable()}), and the
     * placement requirements ones fleet accepts.
     */
    @Value.Check
    default void check() {
        UnitName.of(name());
        unit().checkSendable();
        unit().fleetRequirements().problem().ifPresent(problem -> {
            throw new InvalidUnitException("unit " + name() + ": " + problem);
        });
    }
}
