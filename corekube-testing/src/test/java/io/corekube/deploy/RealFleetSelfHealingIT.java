package io.corekube.deploy;

import static io.corekube.deploy.EngineBehaviourTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.testing.fleet.RealFleetCluster;
import io.corekube.testing.fleet.contract.FleetTarget;
import io.corekube.testing.fleet.contract.RealFleetTarget;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Self-healing in {@code run()} mode on the real fleet v1.0.0: once everything is done, a unit destroyed through
 * fleet's API and a unit stopped through it are each repaired (submitted again, with a {@link
 * DeploymentEvent.UnitRepaired}) and done again, no unit that stayed fine is submitted again, and a machine killed
 * after it was done is reported with its units.
 */
class RealFleetSelfHealingIT {

    @Test
    void doneUnitsThatVanishOrStopAreRepairedAndALostMachineIsReported() {
        RealFleetCluster.Spec spec = RealFleetCluster.Spec.of(3).withMetadata(1, "kubernetes_role=master")
                .withAgentTtl(Duration.ofSeconds(5)).withFakes("*=200ms", "");
        String minion = RealFleetCluster.machineId(2);
        String destroyed = "minion-proxy@" + minion + ".service";
        String stopped = "minion-kubelet@" + minion + ".service";
        try (FleetTarget.Cluster cluster = new RealFleetTarget().start(spec);
             DeployFixture f = new DeployFixture(cluster.endpoint(), EtcdDeploymentStore.builder(
                     EtcdConfig.of(cluster.etcd().orElseThrow().clientUrl())).prefix("/corekube-heal").build())) {
            CorekubeDeployer deployer = f.deployer(EngineBehaviourTest.quick().healInterval(Duration.ofMillis(500)).build());
            try (DeploymentHandle overlord = deployer.run()) {
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3, "all three deployed");
                int submittedBefore = f.events(DeploymentEvent.UnitSubmitted.class).size();

                f.fleet.destroyUnit(destroyed);
                awaitTrue(() -> repaired(f).contains(destroyed), destroyed + " repaired");
                f.fleet.setDesiredState(stopped, UnitDesiredState.LOADED);
                awaitTrue(() -> repaired(f).contains(stopped), stopped + " repaired");
                awaitTrue(() -> running(f, destroyed) && running(f, stopped), "both running again");
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3, "all three deployed again");

                List<DeploymentEvent.UnitRepaired> repairs = f.events(DeploymentEvent.UnitRepaired.class);
                System.out.println("real fleet repairs: " + repairs);
                assertEquals(Set.of(destroyed, stopped), repaired(f), "only the two broken units were repaired");
                assertTrue(repairs.stream().anyMatch(r -> r.unitName().equals(destroyed) && r.reason().equals("gone from fleet")), repairs.toString());
                assertTrue(repairs.stream().anyMatch(r -> r.unitName().equals(stopped) && r.reason().startsWith("stopped: inactive/dead")),
                        repairs.toString());
                Set<String> submittedAgain = f.events(DeploymentEvent.UnitSubmitted.class).stream().skip(submittedBefore)
                        .map(DeploymentEvent.UnitSubmitted::unitName).collect(Collectors.toSet());
                assertEquals(Set.of(destroyed, stopped), submittedAgain, "no unit that stayed fine was submitted again");

                cluster.kill(3);
                String lost = RealFleetCluster.machineId(3);
                awaitTrue(() -> f.events(DeploymentEvent.MachineRemoved.class).stream().anyMatch(e -> e.machineId().equals(lost)),
                        "the machine killed after it was done is reported");
                assertTrue(f.events(DeploymentEvent.MachineRemoved.class).get(0).destroyedUnits().stream()
                        .anyMatch(u -> u.contains(lost)));
            }
        }
    }

    private static Set<String> repaired(DeployFixture f) {
        return f.events(DeploymentEvent.UnitRepaired.class).stream().map(DeploymentEvent.UnitRepaired::unitName)
                .collect(Collectors.toSet());
    }

    private static boolean running(DeployFixture f, String unit) {
        return f.fleet.unitStates().stream().filter(s -> s.name().equals(unit)).map(UnitStatus::subState)
                .anyMatch("running"::equals);
    }
}
