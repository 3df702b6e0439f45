package io.corekube.deploy;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the leading engine knows of one machine; touched only by the engine's coordinator thread. */
final class MachineState {

    final String id;
    /** The machine as the registry lists it; null once it left. */
    Machine machine;
    /** The stored record; null when there is none. */
    Versioned<DeploymentRecord> record;
    /** The rendered stages; null until rendered for {@link #renderedFor} and {@link #renderedMaster}. */
    List<RoleStage> stages;
    Machine renderedFor;
    Optional<Machine> renderedMaster = Optional.empty();
    /** A worker is acting for this machine; nothing else is dispatched until it reports. */
    boolean busy;
    boolean found;
    String waitingReason;
    /** Why the machine must be marked failed at its next step. */
    String pendingFailure;
    final Map<String, Integer> failures = new HashMap<>();
    final Map<String, Instant> retryAt = new HashMap<>();
    final Map<String, Instant> settleUntil = new HashMap<>();
    /** Since when each unit has waited for its done state, as this leader saw it. */
    final Map<String, Instant> pendingSince = new HashMap<>();
    /** Since when each done unit has not been fine: failed, stopped or gone from fleet (healing only). */
    final Map<String, Instant> brokenSince = new HashMap<>();
    /** When each repaired unit may be repaired again: the retry policy's backoff (healing only). */
    final Map<String, Instant> repairAt = new HashMap<>();
    /** How many times each done unit was repaired (healing only). */
    final Map<String, Integer> repairs = new HashMap<>();
    /** Out of service for a rollout: from the start of its replacement until done and settled. */
    boolean upgrading;
    /** When an upgrading machine, done again, has settled. */
    Instant settledAt;
    /** The deadline that failed this machine, when one did. */
    UnitTimeout timedOut;

    MachineState(String id) {
        this.id = id;
    }

    DeploymentPhase phase() {
        return record == null ? DeploymentPhase.PENDING : record.value().phase();
    }

    boolean isTerminal() {
        return phase() == DeploymentPhase.DEPLOYED || phase() == DeploymentPhase.FAILED;
    }

    /** Present, rendered and not yet deployed or failed: its units' states are worth observing. */
    boolean awaitsStates() {
        return machine != null && stages != null && !isTerminal();
    }

    /** Present, rendered and deployed: its done units are watched when the engine heals ({@code run()}). */
    boolean isWatchedWhenDone() {
        return machine != null && stages != null && phase() == DeploymentPhase.DEPLOYED;
    }

    /** Deployed, rendered, and some unit now renders with other content or is not recorded: a rollout must replace it. */
    boolean needsReplacement() {
        if (machine == null || stages == null || phase() != DeploymentPhase.DEPLOYED) {
            return false;
        }
        return renderedDiffersFromRecord(true);
    }

    /**
     * Whether a rendered unit's content differs from what the record holds; with {@code countMissing}, a rendered
     * unit the record does not hold differs too.
     */
    boolean renderedDiffersFromRecord(boolean countMissing) {
        Map<String, UnitProgress> recorded = recordedUnits();
        return stages.stream().flatMap(stage -> stage.units().stream()).anyMatch(u -> {
            UnitProgress p = recorded.get(u.submission().name());
            return p == null ? countMissing : !p.hash().equals(u.submission().unit().hash());
        });
    }

    Map<String, UnitProgress> recordedUnits() {
        return record == null ? Map.of() : record.value().units();
    }

    long revision() {
        return record == null ? 0 : record.revision();
    }

    int attempts(String unit) {
        return failures.getOrDefault(unit, 0) + 1;
    }
}
