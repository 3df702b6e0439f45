package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.unit.SubmitOutcome;
import java.util.List;

/**
 * What the engine did or saw, in the order it happened. Listeners switch on the record type; every event of
 * one machine is delivered after the store recorded it.
 */
public sealed interface DeploymentEvent {

    /** This engine became the leader and acts from now on. */
    record LeadershipAcquired(String candidateId) implements DeploymentEvent {
    }

    /** This engine stopped leading (resigned, lease lost or stopped); it no longer acts. */
    record LeadershipLost(String candidateId) implements DeploymentEvent {
    }

    /** The number of machines the registry lists changed. */
    record MachinesDiscovered(int count) implements DeploymentEvent {
    }

    /** A machine with a role joined (or was found at takeover). */
    record MachineFound(Machine machine) implements DeploymentEvent {
    }

    /** A machine cannot start yet, e.g. a minion while no master is known. */
    record MachineWaiting(Machine machine, String reason) implements DeploymentEvent {
    }

    /** The units of a machine's role were rendered. */
    record UnitsRendered(Machine machine, List<String> unitNames) implements DeploymentEvent {
        /** An event with an immutable copy of the names. */
        public UnitsRendered {
            unitNames = List.copyOf(unitNames);
        }
    }

    /** A unit was submitted to the scheduler (attempt 1, or a retry); the engine now waits for it. */
    record UnitSubmitted(Machine machine, String unitName, SubmitOutcome outcome, int attempt)
            implements DeploymentEvent {
    }

    /** A unit reached its done sub-state. */
    record UnitDone(Machine machine, String unitName) implements DeploymentEvent {
    }

    /** A unit failed to submit or to start; it is retried when {@code willRetry}. */
    record UnitFailed(Machine machine, String unitName, String reason, int attempt, boolean willRetry)
            implements DeploymentEvent {
    }

    /** Every unit of a machine's role is done. */
    record MachineDeployed(Machine machine) implements DeploymentEvent {
    }

    /** A machine gave up: a unit failed beyond its retry limit, or its units cannot be rendered. */
    record MachineFailed(Machine machine, String reason) implements DeploymentEvent {
    }

    /**
     * A unit that was done went wrong while the engine heals ({@code run()}): it failed, stopped, or vanished from
     * fleet. It is submitted again ({@code repair} counts the repairs of this unit, backed off by the retry policy).
     */
    record UnitRepaired(Machine machine, String unitName, String reason, int repair) implements DeploymentEvent {
    }

    /** A rollout took a deployed machine out of service to replace its changed units. */
    record MachineUpgradeStarted(Machine machine) implements DeploymentEvent {
    }

    /** A machine a rollout replaced is done again and has settled: the next may start. */
    record MachineUpgraded(Machine machine) implements DeploymentEvent {
    }

    /** A unit missed its deadline; its machine fails next (a {@link MachineFailed} follows). */
    record UnitTimedOut(Machine machine, UnitTimeout timeout) implements DeploymentEvent {
    }

    /** A machine left the cluster; its units were destroyed and its record deleted. */
    record MachineRemoved(String machineId, List<String> destroyedUnits) implements DeploymentEvent {
        /** An event with an immutable copy of the names. */
        public MachineRemoved {
            destroyedUnits = List.copyOf(destroyedUnits);
        }
    }

    /**
     * The cluster downloads these artifacts (in its role units or its machines' boot data) without checking a digest,
     * because the user allowed it by name (no digest was published for them); reported when the engine starts leading.
     */
    record UnverifiedDownloads(List<String> artifacts) implements DeploymentEvent {
        /** An event with an immutable copy of the names. */
        public UnverifiedDownloads {
            artifacts = List.copyOf(artifacts);
        }
    }

    /** Every expected machine is deployed or failed (deploy mode only). */
    record DeploymentCompleted(ClusterStatus status) implements DeploymentEvent {
    }
}
