package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.openstack.HeatClusterProvisioner;
import io.corekube.openstack.HeatClusterProvisionerIT;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CorekubeDeployer} with a provisioner on a real Heat: deploy creates the stack then deploys the roles,
 * a deploy with more minions scales it, teardown deletes it. The machines come from the fleet simulator.
 */
@ExtendWith(HeatServerExtension.class)
class DeployerProvisioningIT {

    @Test
    void deployCreatesThenScalesTheStackAndTeardownDeletesIt(HeatServer heat) {
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl())
                     .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
             FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of(Machine.ROLE_KEY, "master"))
                     .machines(2, Map.of(Machine.ROLE_KEY, "minion")).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), new InMemoryDeploymentStore())) {
            HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(client)
                    .template(HeatClusterProvisionerIT.TEMPLATE).environment(HeatServer.noCloudEnvironment()).build();
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler)
                    .store(f.store).roles(f.roles).provisioner(provisioner).provisioningTimeout(Duration.ofMinutes(2))
                    .settings(EngineBehaviourTest.quick().build()).build();
            ClusterSpec two = ClusterSpec.builder().name("provisioned").minionCount(2)
                    .putProvisioningParameter("flavor", "m1.large").build();
            assertTrue(deployer.plan(two).preparations().contains("stack provisioned: would be created with 2 minions"),
                    deployer.plan(two).toText());
            try (DeploymentHandle handle = deployer.deploy(two)) {
                assertEquals(3, handle.await(Duration.ofMinutes(3)).count(DeploymentPhase.DEPLOYED));
            }
            assertEquals(2, provisioner.describe("provisioned").orElseThrow().minionIps().size());
            assertEquals("m1.large", client.show(client.find("provisioned").orElseThrow().ref()).parameters().get("flavor"));
            assertTrue(deployer.plan(two).isEmpty(), deployer.plan(two).toText());

            ClusterSpec three = ClusterSpec.builder().from(two).minionCount(3).build();
            assertTrue(deployer.plan(three).preparations().contains("stack provisioned: would be scaled to 3 minions"));
            sim.addMachine(Machine.builder().id(String.format("%032x", 4)).primaryIp("10.0.0.4")
                    .putMetadata(Machine.ROLE_KEY, "minion").build());
            try (DeploymentHandle handle = deployer.deploy(three)) {
                assertEquals(4, handle.await(Duration.ofMinutes(3)).count(DeploymentPhase.DEPLOYED));
            }
            assertEquals(3, provisioner.describe("provisioned").orElseThrow().minionIps().size());

            assertTrue(deployer.teardown(three).stackDeleted());
            assertTrue(provisioner.describe("provisioned").isEmpty());
        }
    }
}
