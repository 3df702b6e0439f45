package io.corekube.deploy;

import java.util.List;

/**
 * What a deploy would do now, computed without acting: the units it would submit, replace, retry and destroy,
 * on which machine and why, and the machines it would wait for.
 *
 * @param preparations what comes before the units: a stack to create or scale, a network config to publish
 * @param actions the actions, machine by machine in deployment order, stages in order
 * @param waiting why parts of the cluster cannot be planned yet (missing machines, a minion without master)
 * @param upToDate units already done with the wanted content
 */
public record DeploymentPlan(List<String> preparations, List<PlannedAction> actions, List<String> waiting,
                             int upToDate) {

    /** A plan with immutable copies. */
    public DeploymentPlan {
        preparations = List.copyOf(preparations);
        actions = List.copyOf(actions);
        waiting = List.copyOf(waiting);
    }

    /** What an action does to a unit. */
    public enum Kind {
        /** The unit does not exist: it would be created. */
        SUBMIT,
        /** The unit exists with other content: it would be replaced. */
        REPLACE,
        /** The unit failed: it would be destroyed and submitted again. */
        RETRY,
        /** The unit is no longer wanted (its machine left, or its role changed): it would be destroyed. */
        DESTROY
    }

    /**
     * One planned action.
     *
     * @param machineId the machine the unit belongs to
     * @param role the machine's role
     * @param stage the unit's stage (empty for destroys)
     * @param unitName the unit
     * @param kind what would be done
     * @param reason why, in words
     */
    public record PlannedAction(String machineId, String role, String stage, String unitName, Kind kind,
                                String reason) {
    }

    /** True when a deploy would do nothing and wait for nothing. */
    public boolean isEmpty() {
        return preparations.isEmpty() && actions.isEmpty() && waiting.isEmpty();
    }

    /** The actions of one kind. */
    public List<PlannedAction> actions(Kind kind) {
        return actions.stream().filter(a -> a.kind() == kind).toList();
    }

    /** The plan as text: preparations, one line per action, what it waits for, then a summary line. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        for (String p : preparations) {
            out.append("PREPARE  ").append(p).append('\n');
        }
        for (PlannedAction a : actions) {
            out.append(String.format("%-8s %-46s on %s (%s%s): %s%n", a.kind(), a.unitName(), a.machineId(), a.role(),
                    a.stage().isEmpty() ? "" : ", stage " + a.stage(), a.reason()));
        }
        for (String w : waiting) {
            out.append("WAIT     ").append(w).append('\n');
        }
        out.append(String.format("Plan: %d to submit, %d to replace, %d to retry, %d to destroy, %d up to date.%n",
                actions(Kind.SUBMIT).size(), actions(Kind.REPLACE).size(), actions(Kind.RETRY).size(),
                actions(Kind.DESTROY).size(), upToDate));
        if (isEmpty()) {
            out.append("Nothing to do.\n");
        }
        return out.toString();
    }
}
