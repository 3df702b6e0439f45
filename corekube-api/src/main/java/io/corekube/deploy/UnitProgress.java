package io.corekube.deploy;

import java.util.Optional;
import org.immutables.value.Value;

/** How far one unit of a machine has come: which content was submitted, and whether it is done. */
@Value.Immutable
public interface UnitProgress {

    /** The unit's state in the deployment. */
    enum State {
        /** Sent to the scheduler, not yet seen in its desired state. */
        SUBMITTED,
        /** Seen in its desired state. */
        DONE,
        /** Failed, for good or until a retry. */
        FAILED
    }

    /** The content hash that was submitted (fleet's unit hash). */
    String hash();

    /** Where the unit stands. */
    State state();

    /** How many times the unit was submitted. */
    @Value.Default
    default int attempts() {
        return 1;
    }

    /** Why the last attempt failed, when it did. */
    Optional<String> lastError();

    /** A builder for unit progress. */
    static ImmutableUnitProgress.Builder builder() {
        return ImmutableUnitProgress.builder();
    }
}
