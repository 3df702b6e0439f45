package io.corekube.deploy;

import java.time.Duration;

/**
 * A unit that did not reach its done state by its deadline ({@link EngineSettings#unitDeadline}): which unit, on
 * which machine, the state it was last seen in, and how long it had been waiting.
 *
 * @param machineId the machine it was to run on
 * @param unitName the unit
 * @param lastState the state last reported, {@code active/sub} (or {@code not reported})
 * @param spent how long it had been waiting for its done state, counted from when the leader first saw it pending
 * @param deadline the deadline it missed
 */
public record UnitTimeout(String machineId, String unitName, String lastState, Duration spent, Duration deadline) {

    /** One line for a record's failure reason and for logs. */
    public String describe() {
        return "unit " + unitName + " did not reach its done state in " + deadline.toSeconds() + " s: last "
                + lastState + " after " + spent.toMillis() / 1000.0 + " s";
    }
}
