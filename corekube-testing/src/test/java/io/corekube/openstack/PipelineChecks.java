package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import io.corekube.pki.ClusterPki;
import io.corekube.pki.Kubeconfigs;
import io.corekube.templates.TestRoles;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.cloud.UserDataBudget;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.kubernetes.ClusterSecrets;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.openstack.OpenStackServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a real OpenStack: {@code CorekubeDeployer.deploy} with {@link HeatClusterProvisioner} has
 * Heat create the cluster (1 master, 2 minions, discovery and overlord nodes) through real Nova, Neutron and Glance;
 * the {@link MachinePlayer} boots each server from the user data Nova keeps (etcd through the private discovery,
 * fleetd with its role, the wait-condition signals); the flannel config lands in the machines' etcd that flanneld
 * reads; the roles deploy on the real fleetd; teardown deletes the stack and the discovery token and leaves no
 * server, port, network, router, floating IP or security group behind.
 */
abstract class PipelineChecks {


    @Test
    void deployRunsTheWholePipelineAndTeardownLeavesNothing(OpenStackServer cloud, @TempDir Path dir) throws Exception {
        cloud.keypair("corekube-key");
        Map<String, Integer> before = cloud.resourceCounts();
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.CURRENT);
        StackSpec stack = ClusterStackChecks.testStack();
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        String overlord = "http://" + MachinePlayer.address("overlord");
        EtcdConfig machinesEtcd = EtcdConfig.of(overlord + ":2379");
        List<DeploymentEvent> events = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        ScheduledExecutorService booting = Executors.newSingleThreadScheduledExecutor();
        try (MachinePlayer player = new MachinePlayer(cloud, dir, MachinePlayer.NOT_PLAYED);
             Keystone keystone = Keystone.builder(cloud.keystoneUrl(), KeystoneCredentials.passwordByName(OpenStackServer.PROJECT,
                     "default", cloud.userPassword())).scope(ProjectScope.byName(OpenStackServer.PROJECT, "default")).build();
             HeatClient heat = HeatClient.builder().keystone(keystone).pollInterval(Duration.ofMillis(250), Duration.ofSeconds(1)).build();
             HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(heat).template(ClusterTemplate.generate(stack, roles))
                     .check(UserDataBudget::check).build();
             FleetClient fleet = FleetClient.builder().endpoint(URI.create(overlord + ":10001")).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofSeconds(1));
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(machinesEtcd).prefix("/corekube/pipeline").build();
             FlannelEtcd flannel = FlannelEtcd.v2(machinesEtcd);
             EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of("http://" + MachinePlayer.address("discovery") + ":2379"), "/discovery")) {
            booting.scheduleWithFixedDelay(player::bootNew, 0, 500, TimeUnit.MILLISECONDS);
            CorekubeDeployer deployer = CorekubeDeployer.builder().provisioner(provisioner).registry(registry)
                    .scheduler(new FleetUnitScheduler(fleet)).store(store).roles(roles).network(flannel.asNetworkConfigStore())
                    .discovery(discovery).access(Kubeconfigs.access(credentials, "pipeline", 6443)).listener(events::add)
                    .provisioningTimeout(Duration.ofMinutes(5)).build();
            String network = FlannelConfig.corekubeDefault().toJson();
            ClusterSpec spec = ClusterSpec.builder().name("corekube-pipeline").minionCount(2).networkConfig(network)
                    .putAllProvisioningParameters(ClusterSecrets.heatParameters(KubernetesRoles.Profile.CURRENT, credentials))
                    .timeout(Duration.ofMinutes(8)).build();
            ClusterStatus status;
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                status = handle.await(Duration.ofMinutes(8));
            }
            System.out.printf("real OpenStack pipeline: deployed in %.1f s%n", (System.nanoTime() - started) / 1e9);
            assertEquals(List.of(), player.failures(), "every unit of every machine was played");
            assertEquals(3, status.count(DeploymentPhase.DEPLOYED), status.toText());
            assertEquals(6 + 2 * 3, status.unitsDone(), status.toText());
            assertTrue(deployer.adminKubeconfig(status).isPresent());
            assertTrue(events.stream().anyMatch(e -> e instanceof DeploymentEvent.UnverifiedDownloads));

            String discoveryUrl = player.discoveryUrls().values().iterator().next();
            assertTrue(player.discoveryUrls().values().stream().allMatch(discoveryUrl::equals), player.discoveryUrls().toString());
            DiscoveryToken token = discovery.token(discoveryUrl);
            assertEquals(3, discovery.members(token).size(), "the machines' etcd bootstrapped through the private discovery");
            try (FlannelEtcd masters = FlannelEtcd.v2(EtcdConfig.of("http://" + MachinePlayer.address("master") + ":2379"))) {
                assertEquals(FlannelConfig.parse(network), FlannelConfig.parse(masters.readConfig().orElseThrow()),
                        "the config is in the etcd flanneld reads on the master (its own member)");
            }
            String masterServer = cloud.serverNames().stream().filter(n -> n.contains("kubernetes_master")).findFirst().orElseThrow();
            assertTrue(Files.readString(player.root(masterServer).resolve("srv/kubernetes/apiserver.key")).contains("PRIVATE KEY"),
                    "the master's key arrived in its boot data");

            long tearing = System.nanoTime();
            CorekubeDeployer.Teardown removed = deployer.teardown(ClusterSpec.builder().from(spec).discoveryToken(discoveryUrl).build());
            System.out.printf("real OpenStack pipeline: torn down in %.1f s: %s%n", (System.nanoTime() - tearing) / 1e9, removed);
            assertTrue(removed.stackDeleted() && removed.discoveryTokenDeleted() && removed.networkConfigDeleted(), removed.toString());
            assertEquals(before, cloud.resourceCounts(), "nothing left behind");
        } finally {
            booting.shutdownNow();
        }
    }
}
