package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.InMemoryDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What a platform team's own test looks like: its deployment on Corekube's fleet simulator. */
class DeployOnSimulatorTest {

    @Test
    void deploysOneMasterAndTwoMinions() throws Exception {
        KubernetesRoles roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).allowUnverified("fleet")
                .allowUnverified("flanneld").allowUnverified("flannel-cni").build();
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        try (FleetSimulator fleetd = FleetSimulator.builder()
                .machines(1, Map.of(Machine.ROLE_KEY, ClusterSpec.MASTER))
                .machines(2, Map.of(Machine.ROLE_KEY, ClusterSpec.MINION)).build();
             FleetClient fleet = FleetClient.builder().endpoint(fleetd.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(200))) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(registry)
                    .scheduler(new FleetUnitScheduler(fleet)).store(new InMemoryDeploymentStore()).roles(roles)
                    .listener(events::add).build();
            ClusterStatus status;
            try (DeploymentHandle handle = deployer.deploy(ClusterSpec.builder().name("consumer").minionCount(2)
                    .timeout(Duration.ofMinutes(2)).build())) {
                status = handle.await(Duration.ofMinutes(2));
            }
            assertEquals(3, status.machines().size());
            assertEquals(3, status.count(io.corekube.deploy.DeploymentPhase.DEPLOYED), status.toText());
            assertTrue(events.stream().anyMatch(e -> e instanceof DeploymentEvent.DeploymentCompleted));
        }
    }
}
