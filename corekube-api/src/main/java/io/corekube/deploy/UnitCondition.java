package io.corekube.deploy;

import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.unit.UnitStatus;

/** How a wanted unit stands, judged from the store's record and the state the scheduler reports. */
enum UnitCondition {
    /** Recorded done with the wanted content. */
    DONE,
    /** Reported in its done sub-state with the wanted content; not yet recorded. */
    BECAME_DONE,
    /** Reported with the wanted content, not done yet. */
    STARTING,
    /** Recorded as submitted with the wanted content; no state reported yet. */
    SUBMITTED,
    /** Reported failed with the wanted content. */
    FAILED,
    /** Known with other content: must be replaced. */
    CHANGED,
    /** Neither recorded nor reported: must be submitted. */
    ABSENT;

    /** Judges a unit; {@code recorded} and {@code reported} are null when there is none. */
    static UnitCondition of(RoleUnit wanted, UnitProgress recorded, UnitStatus reported) {
        String hash = wanted.submission().unit().hash();
        boolean recordedOurs = recorded != null && recorded.hash().equals(hash);
        if (recordedOurs && recorded.state() == UnitProgress.State.DONE) {
            return DONE;
        }
        boolean reportedOurs = reported != null && reported.hash().map(hash::equals).orElse(recordedOurs);
        if (reportedOurs) {
            if (reported.isFailed()) {
                return FAILED;
            }
            return wanted.doneSubState().equals(reported.subState()) ? BECAME_DONE : STARTING;
        }
        if (recordedOurs) {
            return SUBMITTED;
        }
        return recorded != null || reported != null ? CHANGED : ABSENT;
    }

    /** True when the unit must be sent to the scheduler. */
    boolean needsSubmit() {
        return this == CHANGED || this == ABSENT;
    }

    /** True when the unit is done, recorded or not. */
    boolean isDone() {
        return this == DONE || this == BECAME_DONE;
    }
}
