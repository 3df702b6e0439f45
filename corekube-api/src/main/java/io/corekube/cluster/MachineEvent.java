package io.corekube.cluster;

import org.immutables.value.Value;

/** A change in the set of machines: one joined, changed (IP or metadata) or left. */
@Value.Immutable
public interface MachineEvent {

    /** What happened to the machine. */
    enum Type {
        /** The machine appeared. */
        JOINED,
        /** Its address or metadata changed. */
        CHANGED,
        /** It is gone. */
        LEFT
    }

    /** What happened. */
    @Value.Parameter
    Type type();

    /** The machine as it is now (for {@link Type#LEFT}, as it was last seen). */
    @Value.Parameter
    Machine machine();

    /** An event of the given type for a machine. */
    static MachineEvent of(Type type, Machine machine) {
        return ImmutableMachineEvent.of(type, machine);
    }
}
