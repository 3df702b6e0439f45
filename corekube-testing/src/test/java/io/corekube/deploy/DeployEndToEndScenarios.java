package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentEvent.DeploymentCompleted;
import io.corekube.deploy.DeploymentEvent.MachineDeployed;
import io.corekube.deploy.DeploymentEvent.MachineFound;
import io.corekube.deploy.DeploymentEvent.UnitDone;
import io.corekube.deploy.DeploymentEvent.UnitSubmitted;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.spi.DeploymentStore;
import io.corekube.testing.fleet.RealFleetCluster;
import io.corekube.testing.fleet.contract.FleetTarget;
import io.corekube.unit.UnitStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link CorekubeDeployer} end to end on a fleet (the simulator or the real fleet v1.0.0): plan, deploy of one
 * master and three minions, every unit done on fleet, events in order, nothing left to do afterwards.
 */
abstract class DeployEndToEndScenarios {

    /** The fleet to deploy on. */
    abstract FleetTarget target();

    /** The store to record in, for a started cluster. */
    abstract DeploymentStore store(FleetTarget.Cluster cluster);

    static RealFleetCluster.Spec oneMasterThreeMinions() {
        return RealFleetCluster.Spec.of(4).withMetadata(1, "kubernetes_role=master")
                .withFakes("*download*=1s,*=0.2s", "");
    }

    @Test
    void deploysOneMasterAndThreeMinionsAfterAPlanListingEveryUnit() {
        try (FleetTarget.Cluster cluster = target().start(oneMasterThreeMinions());
             DeployFixture f = new DeployFixture(cluster.endpoint(), store(cluster))) {
            CorekubeDeployer deployer = f.deployer(EngineSettings.builder().minObserveInterval(Duration.ofMillis(100))
                    .build());
            ClusterSpec spec = ClusterSpec.of("e2e", 3);
            List<Machine> machines = f.registry.machines();
            assertEquals(4, machines.size());
            Machine master = machines.stream().filter(m -> m.role().orElse("").equals("master")).findFirst().orElseThrow();
            Map<String, RoleUnit> wanted = new HashMap<>();
            for (Machine m : machines) {
                for (RoleStage stage : f.roles.render(m.role().orElseThrow(), m, Optional.of(master))) {
                    stage.units().forEach(u -> wanted.put(u.submission().name(), u));
                }
            }

            DeploymentPlan before = deployer.plan(spec);
            assertEquals(wanted.keySet(), before.actions(DeploymentPlan.Kind.SUBMIT).stream()
                    .map(DeploymentPlan.PlannedAction::unitName).collect(Collectors.toSet()), before.toText());
            assertEquals(wanted.size(), before.actions().size(), before.toText());
            assertTrue(before.toText().contains("Plan: " + wanted.size() + " to submit"), before.toText());

            ClusterStatus status;
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                status = handle.await(target().patience().multipliedBy(3));
            }
            assertEquals(4, status.count(DeploymentPhase.DEPLOYED), status.toText());
            assertEquals(wanted.size(), status.unitsDone(), status.toText());

            Map<String, UnitStatus> states = f.scheduler.observe(wanted.keySet());
            assertEquals(wanted.keySet(), states.keySet());
            states.forEach((name, state) -> {
                assertEquals(wanted.get(name).doneSubState(), state.subState(), name);
                assertEquals(Optional.of(wanted.get(name).submission().unit().hash()), state.hash(), name);
            });

            assertEventsInOrder(f, machines, master);
            DeploymentPlan after = deployer.plan(spec);
            assertTrue(after.isEmpty(), after.toText());
            assertEquals(wanted.size(), after.upToDate(), after.toText());
        }
    }

    private void assertEventsInOrder(DeployFixture f, List<Machine> machines, Machine master) {
        List<DeploymentEvent> events = f.events;
        assertInstanceOf(DeploymentEvent.LeadershipAcquired.class, events.get(0));
        assertEquals(1, events.stream().filter(e -> e instanceof DeploymentCompleted).count());
        f.events(UnitSubmitted.class).stream().collect(Collectors.groupingBy(UnitSubmitted::unitName,
                Collectors.counting())).forEach((unit, count) -> assertEquals(1, count, unit + " submitted once"));
        for (Machine m : machines) {
            List<DeploymentEvent> own = events.stream().filter(e -> machineOf(e).filter(m.id()::equals).isPresent())
                    .toList();
            assertInstanceOf(MachineFound.class, own.get(0), m.id());
            assertInstanceOf(MachineDeployed.class, own.get(own.size() - 1), m.id());
            List<String> stageOrder = new ArrayList<>();
            for (RoleStage stage : f.roles.render(m.role().orElseThrow(), m, Optional.of(master))) {
                stage.units().forEach(u -> stageOrder.add(u.submission().name()));
                int lastDoneOfStage = stage.units().stream().mapToInt(u -> indexOf(own, UnitDone.class,
                        u.submission().name())).max().orElseThrow();
                int firstSubmitOfStage = stage.units().stream().mapToInt(u -> indexOf(own, UnitSubmitted.class,
                        u.submission().name())).min().orElseThrow();
                assertTrue(firstSubmitOfStage > previousDone(own, stageOrder, stage),
                        "stage " + stage.name() + " of " + m.id() + " submitted after the stage before it was done");
                assertTrue(lastDoneOfStage > firstSubmitOfStage, stage.name());
            }
        }
        assertInstanceOf(DeploymentEvent.LeadershipLost.class, events.get(events.size() - 1));
    }

    private static int previousDone(List<DeploymentEvent> own, List<String> order, RoleStage stage) {
        int firstOfStage = order.indexOf(stage.units().get(0).submission().name());
        int latest = -1;
        for (String unit : order.subList(0, firstOfStage)) {
            latest = Math.max(latest, indexOf(own, UnitDone.class, unit));
        }
        return latest;
    }

    private static int indexOf(List<DeploymentEvent> events, Class<?> type, String unit) {
        for (int i = 0; i < events.size(); i++) {
            DeploymentEvent e = events.get(i);
            if (type.isInstance(e) && unit.equals(unitOf(e))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " for " + unit + " in " + events);
    }

    private static String unitOf(DeploymentEvent e) {
        if (e instanceof UnitSubmitted s) {
            return s.unitName();
        }
        return e instanceof UnitDone d ? d.unitName() : null;
    }

    static Optional<String> machineOf(DeploymentEvent e) {
        if (e instanceof MachineFound x) {
            return Optional.of(x.machine().id());
        } else if (e instanceof DeploymentEvent.UnitsRendered x) {
            return Optional.of(x.machine().id());
        } else if (e instanceof UnitSubmitted x) {
            return Optional.of(x.machine().id());
        } else if (e instanceof UnitDone x) {
            return Optional.of(x.machine().id());
        } else if (e instanceof MachineDeployed x) {
            return Optional.of(x.machine().id());
        }
        return Optional.empty();
    }
}
