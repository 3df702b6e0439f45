package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CorekubeDeployer} with its etcd ports: the deploy publishes the flannel config where flanneld reads it,
 * and teardown removes the units, the records, the config and the discovery token.
 */
@ExtendWith(EtcdServerExtension.class)
class DeployerTeardownIT {

    @Test
    void deployPublishesTheNetworkConfigAndTeardownRemovesEverything(EtcdServer etcd) {
        EtcdConfig config = EtcdConfig.of(etcd.clientUrl());
        String flannel = FlannelConfig.corekubeDefault().toJson();
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of(Machine.ROLE_KEY, "master"))
                .machines(2, Map.of(Machine.ROLE_KEY, "minion")).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), EtcdDeploymentStore.builder(config).prefix("/teardown").build());
             FlannelEtcd network = FlannelEtcd.v2(config);
             EtcdDiscovery discovery = EtcdDiscovery.v2(config)) {
            DiscoveryToken token = discovery.createToken(3);
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler)
                    .store(f.store).roles(f.roles).network(network.asNetworkConfigStore()).discovery(discovery)
                    .settings(EngineBehaviourTest.quick().build()).build();
            ClusterSpec spec = ClusterSpec.builder().name("torn").minionCount(2).networkConfig(flannel)
                    .discoveryToken(token.url().orElseThrow()).build();
            assertTrue(deployer.plan(spec).preparations().contains("network config: would be published"));
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                assertEquals(3, handle.await(Duration.ofSeconds(60)).count(DeploymentPhase.DEPLOYED));
            }
            assertEquals(FlannelConfig.parse(flannel), FlannelConfig.parse(network.readConfig().orElseThrow()));
            assertTrue(deployer.plan(spec).isEmpty(), deployer.plan(spec).toText());

            ClusterSpec conflicting = ClusterSpec.builder().from(spec).networkConfig("{\"Network\":\"10.9.0.0/16\"}").build();
            try (DeploymentHandle handle = deployer.deploy(conflicting)) {
                RuntimeException e = assertThrows(RuntimeException.class, () -> handle.await(Duration.ofSeconds(30)));
                assertTrue(e.getMessage().contains(network.configKey()), e.getMessage());
            }

            CorekubeDeployer.Teardown removed = deployer.teardown(spec);
            assertEquals(new CorekubeDeployer.Teardown(6 + 2 * 3, 3, true, true, false), removed, "six master units, three per minion");
            assertTrue(f.scheduler.unitNames().isEmpty(), f.scheduler.unitNames().toString());
            assertTrue(f.store.snapshot().records().isEmpty());
            assertTrue(network.readConfig().isEmpty());
            assertFalse(discovery.deleteToken(token), "the token is gone already");
        }
    }
}
