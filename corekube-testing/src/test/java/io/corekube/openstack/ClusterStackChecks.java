package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.corekube.cluster.ProvisionedCluster;
import io.corekube.cluster.ProvisioningRequest;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import io.corekube.pki.ClusterPki;
import io.corekube.templates.TestRoles;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.cloud.UserDataBudget;
import io.corekube.templates.kubernetes.ClusterSecrets;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.openstack.OpenStackServer;
import io.corekube.unit.UnitFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster's HOT template on a real OpenStack: Heat creates the network, subnet, router, security group, ports,
 * floating IP and the five servers through real Neutron and Nova (fake virt driver), Nova keeps each server's user
 * data with the credentials Heat substituted from hidden parameters; the test plays the discovery and overlord
 * nodes' wait-condition signal exactly as their cloud-config's unit would send it; the security group's rules as
 * Neutron lists them are the documented least-privilege matrix; deleting the stack leaves nothing behind.
 */
abstract class ClusterStackChecks {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theClusterStackRunsThroughRealNovaAndNeutronAndLeavesNothingBehind(OpenStackServer cloud) throws Exception {
        cloud.keypair("corekube-key");
        Map<String, Integer> before = cloud.resourceCounts();
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.CURRENT);
        StackSpec spec = testStack();
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        Map<String, String> secrets = ClusterSecrets.heatParameters(KubernetesRoles.Profile.CURRENT, credentials);
        long started = System.nanoTime();
        try (Keystone keystone = Keystone.builder(cloud.keystoneUrl(), KeystoneCredentials.passwordByName(OpenStackServer.PROJECT,
                        "default", cloud.userPassword())).scope(ProjectScope.byName(OpenStackServer.PROJECT, "default")).build();
             HeatClient heat = HeatClient.builder().keystone(keystone).pollInterval(Duration.ofMillis(250), Duration.ofSeconds(1)).build();
             HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(heat).template(ClusterTemplate.generate(spec, roles))
                     .check(UserDataBudget::check).build()) {
            Map<String, String> oversized = new java.util.HashMap<>(secrets);
            oversized.put("pki_ca_crt", "A".repeat(UserDataBudget.NOVA_USER_DATA_BYTES));
            UserDataBudget.UserDataTooLargeException tooLarge = org.junit.jupiter.api.Assertions.assertThrows(
                    UserDataBudget.UserDataTooLargeException.class, () -> provisioner.provision(ProvisioningRequest.builder()
                            .clusterName("corekube-too-large").minionCount(2).putAllParameters(oversized).build(), Duration.ofMinutes(1)));
            assertTrue(tooLarge.getMessage().contains("kubernetes_master user_data"), tooLarge.getMessage());
            assertTrue(heat.find("corekube-too-large").isEmpty(), "no stack was created");
            assertEquals(before, cloud.resourceCounts(), "nothing was created");

            CompletableFuture<ProvisionedCluster> creating = CompletableFuture.supplyAsync(() -> provisioner.provision(
                    ProvisioningRequest.builder().clusterName("corekube-e2e").minionCount(2).putAllParameters(secrets).build(),
                    Duration.ofMinutes(5)));
            Set<String> signalled = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!creating.isDone() && System.nanoTime() < deadline) {
                for (String server : cloud.serverNames()) {
                    boolean waits = server.contains("-discovery-") || server.contains("-overlord-");
                    if (waits && !signalled.contains(server) && cloud.serverStatus(server).equals("ACTIVE")) {
                        signal(cloud.userData(server).orElseThrow());
                        signalled.add(server);
                    }
                }
                Thread.sleep(500);
            }
            ProvisionedCluster cluster = creating.get(10, TimeUnit.SECONDS);
            System.out.printf("real OpenStack: cluster stack created in %.1f s (%s)%n", (System.nanoTime() - started) / 1e9, cluster.status());
            assertEquals(2, signalled.size(), "discovery and overlord signalled");
            assertEquals(2, cluster.minionIps().size(), cluster.toString());
            assertTrue(cluster.masterIp().orElseThrow().startsWith("10.10.10."), cluster.toString());

            List<String> servers = cloud.serverNames();
            assertEquals(5, servers.size(), servers.toString());
            for (String server : servers) {
                String userData = cloud.userData(server).orElseThrow();
                assertTrue(userData.startsWith("#cloud-config\n"), server);
                assertTrue(!userData.contains("corekube-secret-") && !userData.contains("corekube-master-ip"), server + " has its values");
                if (server.contains("kubernetes_master")) {
                    JsonNode files = YAML.readTree(userData).path("write_files");
                    assertTrue(files.toString().contains(secrets.get("pki_apiserver_key")), "the master's key arrived through Nova");
                }
            }
            List<String> expected = new ArrayList<>();
            for (int port : new int[] {2379, 2380, 4001, 7001, 10001, 6443, 8080, 10250}) {
                expected.add("ingress tcp " + port + "-" + port + " 10.10.10.0/24 IPv4");
            }
            expected.addAll(List.of("ingress udp 8472-8472 10.10.10.0/24 IPv4", "ingress icmp any-any 10.10.10.0/24 IPv4",
                    "ingress tcp 22-22 0.0.0.0/0 IPv4", "ingress tcp 6443-6443 0.0.0.0/0 IPv4",
                    "egress any any-any any IPv4", "egress any any-any any IPv6"));
            expected.sort(null);
            assertEquals(expected, cloud.securityGroupRules("corekube-e2e-corekube_security"));

            long deleting = System.nanoTime();
            provisioner.delete("corekube-e2e", Duration.ofMinutes(5));
            System.out.printf("real OpenStack: cluster stack deleted in %.1f s%n", (System.nanoTime() - deleting) / 1e9);
            assertEquals(before, cloud.resourceCounts(), "nothing left behind");
        }
    }

    /** Sends the wait-condition signal as the node's notify-heat unit would (its curl command, as it is). */
    private static void signal(String userData) throws Exception {
        for (JsonNode unit : YAML.readTree(userData).path("coreos").path("units")) {
            if (unit.path("name").asText().equals("notify-heat.service")) {
                MachinePlayer.curl(UnitFile.parse(unit.path("content").asText()), exec -> exec);
                return;
            }
        }
        throw new AssertionError("no notify-heat.service in the user data");
    }

    /** The cluster the real-OpenStack tests create: 2 minions, the test cloud's flavor, image, key and network. */
    static StackSpec testStack() {
        return new StackSpec(2, 12, List.of("m1.tiny"), "tiny", "corekube-key", "public", "10.10.10.0/24",
                List.of("8.8.8.8"), "0.0.0.0/0", Duration.ofSeconds(300), true, "2.2.2",
                StackSpec.defaults("i", "k", "n").flannelUrl(), "eth0");
    }
}
