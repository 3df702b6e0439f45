package io.corekube.deploy;

import io.corekube.cluster.Machine;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** The durable record of one machine's deployment: its role, its phase and the progress of each unit. */
@Value.Immutable
public interface DeploymentRecord {

    /** The machine the record is about; also its key in the store. */
    String machineId();

    /** The role deployed on the machine, e.g. {@code master}. */
    String role();

    /** Where the deployment stands. */
    DeploymentPhase phase();

    /** Progress by unit name. */
    Map<String, UnitProgress> units();

    /** Why the machine failed, when it did. */
    Optional<String> failureReason();

    /** When the record was last written. */
    Instant updatedAt();

    /** The engine candidate that last wrote the record (the leader then), when it said. */
    Optional<String> updatedBy();

    /** A builder for a record. */
    static ImmutableDeploymentRecord.Builder builder() {
        return ImmutableDeploymentRecord.builder();
    }

    /** Rejects machine IDs that cannot be a key. */
    @Value.Check
    default void check() {
        if (!Machine.isValidId(machineId())) {
            throw new IllegalArgumentException("machineId must be non-empty and use only [A-Za-z0-9_.:-]: '"
                    + machineId() + "'");
        }
    }
}
