package io.corekube.deploy;

import io.corekube.cluster.Machine;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the engine's progress in the original Overlord's words ({@code Found machine:}, {@code Starting unit
 * file:}, {@code The following unit file has completed:} ...), through SLF4J at INFO (failures at WARN), so that
 * operators used to the original read the same lines.
 */
public final class OverlordLogListener implements DeploymentListener {

    private final Logger log;

    /** Logs to the {@code io.corekube.overlord} logger. */
    public OverlordLogListener() {
        this(LoggerFactory.getLogger("io.corekube.overlord"));
    }

    /** Logs to the given logger. */
    public OverlordLogListener(Logger log) {
        this.log = log;
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        for (String line : lines(event)) {
            if (event instanceof DeploymentEvent.UnitFailed || event instanceof DeploymentEvent.MachineFailed
                    || event instanceof DeploymentEvent.UnitTimedOut || event instanceof DeploymentEvent.UnitRepaired
                    || event instanceof DeploymentEvent.UnverifiedDownloads) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
    }

    /** The lines the original Overlord printed for an event (and lines in its manner for what it lacked). */
    public static List<String> lines(DeploymentEvent event) {
        if (event instanceof DeploymentEvent.MachinesDiscovered e) {
            return List.of("Current # of machines discovered: (" + e.count() + ")");
        }
        if (event instanceof DeploymentEvent.MachineFound e) {
            Machine m = e.machine();
            return List.of("Found machine:", "-- ID: " + m.id(), "-- IP: " + m.primaryIp(),
                    "-- Metadata: (" + metadata(m.metadata()) + ")");
        }
        if (event instanceof DeploymentEvent.UnitsRendered e) {
            return List.of("Created all unit files for: " + e.machine().id());
        }
        if (event instanceof DeploymentEvent.UnitSubmitted e) {
            return List.of("Starting unit file: " + e.unitName()
                            + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : ""),
                    "-- Waiting for the following unit file to complete: " + e.unitName());
        }
        if (event instanceof DeploymentEvent.UnitDone e) {
            return List.of("The following unit file has completed: " + e.unitName());
        }
        if (event instanceof DeploymentEvent.MachineDeployed e) {
            return e.machine().role().filter(ClusterSpec.MINION::equals).isPresent()
                    ? List.of("Registered machine with the master: " + e.machine().primaryIp())
                    : List.of("Deployed machine: " + e.machine().id());
        }
        if (event instanceof DeploymentEvent.MachineWaiting e) {
            return List.of("-- Waiting to deploy " + e.machine().id() + ": " + e.reason());
        }
        if (event instanceof DeploymentEvent.UnverifiedDownloads e) {
            return List.of("Downloading without a digest, as allowed: " + String.join(", ", e.artifacts()));
        }
        if (event instanceof DeploymentEvent.UnitFailed e) {
            return List.of("Unit file failed: " + e.unitName() + " (attempt " + e.attempt() + "): "
                    + e.reason() + (e.willRetry() ? "; retrying" : "; giving up"));
        }
        if (event instanceof DeploymentEvent.MachineUpgradeStarted e) {
            return List.of("Replacing the units of machine " + e.machine().id());
        }
        if (event instanceof DeploymentEvent.MachineUpgraded e) {
            return List.of("Machine replaced and settled: " + e.machine().id());
        }
        if (event instanceof DeploymentEvent.UnitRepaired e) {
            return List.of("Repairing unit file " + e.unitName() + " (" + e.reason() + ", repair " + e.repair() + ")");
        }
        if (event instanceof DeploymentEvent.UnitTimedOut e) {
            return List.of("Unit file timed out: " + e.timeout().describe());
        }
        if (event instanceof DeploymentEvent.MachineFailed e) {
            return List.of("Machine failed: " + e.machine().id() + ": " + e.reason());
        }
        if (event instanceof DeploymentEvent.MachineRemoved e) {
            return List.of("Machine left: " + e.machineId() + "; destroyed " + e.destroyedUnits().size()
                    + " unit files");
        }
        if (event instanceof DeploymentEvent.LeadershipAcquired e) {
            return List.of("Leading the deployment as " + e.candidateId());
        }
        if (event instanceof DeploymentEvent.LeadershipLost e) {
            return List.of("No longer leading the deployment: " + e.candidateId());
        }
        if (event instanceof DeploymentEvent.DeploymentCompleted e) {
            return List.of("Deployment complete: " + e.status().count(DeploymentPhase.DEPLOYED)
                    + " machines deployed, " + e.status().count(DeploymentPhase.FAILED) + " failed");
        }
        return List.of(event.toString());
    }

    private static String metadata(Map<String, String> metadata) {
        return metadata.entrySet().stream().map(e -> e.getKey() + " => " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
