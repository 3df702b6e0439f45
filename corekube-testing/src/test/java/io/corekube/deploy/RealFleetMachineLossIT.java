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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On the real fleet v1.0.0: a machine killed in the middle of its deployment is reported (its units are destroyed,
 * its record deleted, a {@link DeploymentEvent.MachineRemoved} emitted) once fleet drops it, while the others
 * deploy; it is never silently lost.
 */
class RealFleetMachineLossIT {

    @Test
    void aMachineKilledMidDeployIsReportedAndItsUnitsDestroyedWhileTheOthersDeploy() {
        RealFleetCluster.Spec spec = RealFleetCluster.Spec.of(4).withMetadata(1, "kubernetes_role=master")
                .withAgentTtl(Duration.ofSeconds(5)).withFakes("*download*=3s,*=1s", "");
        try (FleetTarget.Cluster cluster = new RealFleetTarget().start(spec);
             DeployFixture f = new DeployFixture(cluster.endpoint(), EtcdDeploymentStore.builder(
                     EtcdConfig.of(cluster.etcd().orElseThrow().clientUrl())).prefix("/corekube-loss").build())) {
            CorekubeDeployer deployer = f.deployer(EngineBehaviourTest.quick().build());
            String lost = RealFleetCluster.machineId(4);
            try (DeploymentHandle overlord = deployer.run()) {
                awaitTrue(() -> f.events(DeploymentEvent.UnitSubmitted.class).stream()
                        .anyMatch(e -> e.machine().id().equals(lost)), "the machine's first unit submitted");
                cluster.kill(4);
                awaitTrue(() -> f.events(DeploymentEvent.MachineRemoved.class).stream()
                        .anyMatch(e -> e.machineId().equals(lost)), "the lost machine reported");
                awaitTrue(() -> deployer.status().count(DeploymentPhase.DEPLOYED) == 3, "the other three deployed");
                assertTrue(f.store.get(lost).isEmpty(), "its record deleted");
                assertTrue(f.scheduler.unitNames().stream().noneMatch(u -> u.contains(lost)), "its units destroyed: "
                        + f.scheduler.unitNames());
                DeploymentEvent.MachineRemoved removed = f.events(DeploymentEvent.MachineRemoved.class).get(0);
                assertTrue(removed.destroyedUnits().stream().allMatch(u -> u.contains(lost)), removed.toString());
                assertEquals(3, deployer.status().machines().size(), deployer.status().toText());
            }
        }
    }
}
