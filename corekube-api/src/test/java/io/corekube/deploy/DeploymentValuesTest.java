package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentPlan.Kind;
import io.corekube.deploy.DeploymentPlan.PlannedAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine's values: specs refuse bad input, plans and statuses read as text, log lines match the Overlord's. */
class DeploymentValuesTest {

    @Test
    void clusterSpecsRefuseBadNamesCountsAndTimeouts() {
        assertEquals(Map.of("master", 1, "minion", 3), ClusterSpec.of("prod", 3).expectedRoles());
        for (String name : List.of("", "1st", "has space", "semi;colon", "new\nline")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of(name, 1));
            assertTrue(e.getMessage().contains("cluster name"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.of("prod", -1));
        assertThrows(IllegalArgumentException.class, () -> ClusterSpec.builder().name("prod").minionCount(1)
                .timeout(Duration.ZERO).build());
    }

    @Test
    void settingsRefuseBoundsBelowOneAndIntervalsOutOfOrder() {
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.builder().maxConcurrentMachines(0).build());
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.builder()
                .minObserveInterval(Duration.ofSeconds(2)).maxObserveInterval(Duration.ofSeconds(1)).build());
        assertThrows(IllegalArgumentException.class, () -> EngineSettings.builder().candidateId("a b").build());
        assertTrue(EngineSettings.defaults().candidateId().matches("[A-Za-z0-9_.@-]+"));
    }

    @Test
    void aPlanCountsItsActionsAndIsEmptyOnlyWithNothingToDoOrWaitFor() {
        DeploymentPlan plan = new DeploymentPlan(List.of("stack prod: would be created with 1 minions"), List.of(
                new PlannedAction("m1", "master", "download", "a.service", Kind.SUBMIT, "new unit"),
                new PlannedAction("m2", "minion", "", "b.service", Kind.DESTROY, "machine left the cluster")),
                List.of("minion: 0 of 1 machines present"), 3);
        assertFalse(plan.isEmpty());
        assertEquals(1, plan.actions(Kind.SUBMIT).size());
        String text = plan.toText();
        assertTrue(text.startsWith("PREPARE  stack prod: would be created with 1 minions\nSUBMIT   a.service"), text);
        assertTrue(text.contains("WAIT     minion: 0 of 1 machines present"), text);
        assertTrue(text.contains("Plan: 1 to submit, 0 to replace, 0 to retry, 1 to destroy, 3 up to date."), text);
        assertTrue(new DeploymentPlan(List.of(), List.of(), List.of(), 5).toText().endsWith("Nothing to do.\n"));
        assertFalse(new DeploymentPlan(List.of("network config: would be published"), List.of(), List.of(), 5).isEmpty());
    }

    @Test
    void theLogListenerPrintsTheOriginalOverlordsLines() {
        Machine m = Machine.builder().id("abc").primaryIp("10.0.0.2").putMetadata("kubernetes_role", "minion").build();
        assertEquals(List.of("Current # of machines discovered: (4)"),
                OverlordLogListener.lines(new DeploymentEvent.MachinesDiscovered(4)));
        assertEquals(List.of("Found machine:", "-- ID: abc", "-- IP: 10.0.0.2", "-- Metadata: (kubernetes_role => minion)"),
                OverlordLogListener.lines(new DeploymentEvent.MachineFound(m)));
        assertEquals(List.of("Starting unit file: k.service", "-- Waiting for the following unit file to complete: k.service"),
                OverlordLogListener.lines(new DeploymentEvent.UnitSubmitted(m, "k.service",
                        io.corekube.unit.SubmitOutcome.CREATED, 1)));
        assertEquals(List.of("The following unit file has completed: k.service"),
                OverlordLogListener.lines(new DeploymentEvent.UnitDone(m, "k.service")));
        assertEquals(List.of("Registered machine with the master: 10.0.0.2"),
                OverlordLogListener.lines(new DeploymentEvent.MachineDeployed(m)));
        assertEquals(List.of("Created all unit files for: abc"),
                OverlordLogListener.lines(new DeploymentEvent.UnitsRendered(m, List.of("k.service"))));
    }

    @Test
    void aFailedDeploymentNamesEachFailedMachineAndWhy() {
        ClusterStatus status = new ClusterStatus(List.of(
                new ClusterStatus.MachineStatus("m1", Optional.of("master"), Optional.of("10.0.0.1"), DeploymentPhase.DEPLOYED,
                        5, 5, Optional.empty()),
                new ClusterStatus.MachineStatus("m2", Optional.of("minion"), Optional.empty(), DeploymentPhase.FAILED,
                        1, 3, Optional.of("unit x failed 3 times"))));
        DeploymentFailedException e = new DeploymentFailedException(status);
        assertEquals("1 machines failed: m2 (unit x failed 3 times)", e.getMessage());
        assertTrue(status.toText().contains("m2"), status.toText());
        assertTrue(new DeploymentTimeoutException(status).getMessage().contains("1 machines deployed"));
    }
}
