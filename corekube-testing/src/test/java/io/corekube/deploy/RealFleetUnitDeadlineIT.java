package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.testing.fleet.RealFleetCluster;
import io.corekube.testing.fleet.contract.FleetTarget;
import io.corekube.testing.fleet.contract.RealFleetTarget;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On the real fleet v1.0.0: a unit that systemd keeps starting for an hour fails its machine at the unit's
 * deadline with the typed {@link DeploymentTimeoutException}, naming the unit, the state fleet last reported and the
 * time spent, while the other machines deploy.
 */
class RealFleetUnitDeadlineIT {

    @Test
    void aUnitStuckShortOfDoneFailsItsMachineAtItsDeadline() {
        String stuck = "minion-kubelet@" + RealFleetCluster.machineId(3) + ".service";
        RealFleetCluster.Spec spec = RealFleetCluster.Spec.of(3).withMetadata(1, "kubernetes_role=master")
                .withFakes("minion-kubelet@*03.service=1h,*=200ms", "");
        try (FleetTarget.Cluster cluster = new RealFleetTarget().start(spec);
             DeployFixture f = new DeployFixture(cluster.endpoint(), EtcdDeploymentStore.builder(
                     EtcdConfig.of(cluster.etcd().orElseThrow().clientUrl())).prefix("/corekube-deadline").build())) {
            EngineSettings settings = EngineBehaviourTest.quick().putUnitDeadline(stuck, Duration.ofSeconds(10)).build();
            DeploymentHandle handle = f.deployer(settings).deploy(ClusterSpec.of("deadline", 2));
            DeploymentTimeoutException e = assertThrows(DeploymentTimeoutException.class,
                    () -> handle.await(Duration.ofSeconds(90)));
            handle.close();
            UnitTimeout timeout = e.unit().orElseThrow();
            System.out.println("real fleet: " + timeout.describe());
            assertEquals(stuck, timeout.unitName());
            assertTrue(timeout.lastState().startsWith("activating"), "fleet's last report: " + timeout.lastState());
            assertTrue(timeout.spent().compareTo(Duration.ofSeconds(10)) >= 0, timeout.spent().toString());
            assertEquals(2, e.status().count(DeploymentPhase.DEPLOYED), e.status().toText());
            assertEquals(DeploymentPhase.FAILED, f.store.get(RealFleetCluster.machineId(3)).orElseThrow().value().phase());
        }
    }
}
