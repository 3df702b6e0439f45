package io.corekube.spi;

import io.corekube.unit.SubmitOutcome;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where units run: submits and destroys units and observes their states in bulk (fleet behind it). */
public interface UnitScheduler extends AutoCloseable {

    /**
     * Makes the unit exist with this content and desired state. Idempotent: the same content again changes
     * nothing but the desired state; other content replaces the unit.
     */
    SubmitOutcome submit(UnitSubmission unit);

    /** Destroys the unit; returns false when there was none. */
    boolean destroy(String unitName);

    /** The names of every unit the scheduler holds. */
    List<String> unitNames();

    /**
     * The reported states of the given units, in one bulk observation (never one request per unit). A unit
     * with no reported state yet is absent from the map.
     */
    Map<String, UnitStatus> observe(Collection<String> unitNames);

    /**
     * This scheduler with every write first passing {@code fence}; the engine uses it while it leads. The default
     * checks before each {@link #submit} and {@link #destroy}; a scheduler that sends several requests for one
     * submit checks before each of them. Closing the fenced view does not close this one.
     */
    default UnitScheduler fencedBy(WriteFence fence) {
        return new FencedUnitScheduler(this, fence);
    }

    /** Releases the scheduler's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
