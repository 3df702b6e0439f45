package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.ProvisionedCluster;
import io.corekube.cluster.ProvisioningRequest;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ClusterProvisioner port on a real Heat: create, scale by PATCH, describe from outputs, delete. */
@ExtendWith(HeatServerExtension.class)
public class HeatClusterProvisionerIT {

    /** A stand-in for the cluster template (issue 5 generates the real one): servers mapped away, the original's outputs. */
    public static final String TEMPLATE = String.join("\n",
            "heat_template_version: 2013-05-23",
            "parameters:",
            "  kubernetes_minion_count: {type: number, default: 3, constraints: [{range: {min: 1, max: 12}}]}",
            "  flavor: {type: string, default: m1.medium}",
            "  master_address: {type: string, default: 10.10.10.4}",
            "resources:",
            "  master: {type: OS::Nova::Server, properties: {image: coreos, flavor: {get_param: flavor}}}",
            "  kubernetes_minions:",
            "    type: OS::Heat::ResourceGroup",
            "    properties:",
            "      count: {get_param: kubernetes_minion_count}",
            "      resource_def: {type: OS::Heat::RandomString, properties: {length: 6}}",
            "outputs:",
            "  discovery_ip: {value: 10.10.10.2}",
            "  overlord_ip: {value: 10.10.10.3}",
            "  master_ip: {value: {get_param: master_address}}",
            "  minion_ips: {value: {get_attr: [kubernetes_minions, value]}}",
            "  master_server: {value: {get_attr: [master, first_address]}}", "");

    @Test
    void aClusterIsCreatedScaledDescribedAndDeleted(HeatServer heat) {
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl())
                .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build()) {
            HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(client).template(TEMPLATE)
                    .environment(HeatServer.noCloudEnvironment()).build();
            ProvisionedCluster created = provisioner.provision(ProvisioningRequest.builder().clusterName("corekube-it")
                    .minionCount(2).putParameter("flavor", "m1.large").build(), Duration.ofMinutes(2));
            assertEquals("CREATE_COMPLETE", created.status());
            assertEquals(Optional.of("10.10.10.2"), created.discoveryIp());
            assertEquals(Optional.of("10.10.10.3"), created.overlordIp());
            assertEquals(Optional.of("10.10.10.4"), created.masterIp());
            assertEquals(2, created.minionIps().size());
            assertEquals("null", created.outputs().get("master_server"), "a None resource's attribute is null");

            ProvisionedCluster scaled = provisioner.scale("corekube-it", 4, Duration.ofMinutes(2));
            assertEquals("UPDATE_COMPLETE", scaled.status());
            assertEquals(4, scaled.minionIps().size());
            assertTrue(scaled.minionIps().containsAll(created.minionIps()), "scaling up keeps the existing minions");
            assertEquals("m1.large", client.show(client.find("corekube-it").orElseThrow().ref()).parameters().get("flavor"));

            assertEquals(created.id(), provisioner.describe("corekube-it").orElseThrow().id());
            provisioner.delete("corekube-it", Duration.ofMinutes(2));
            assertEquals(Optional.empty(), provisioner.describe("corekube-it"));
            provisioner.delete("corekube-it", Duration.ofMinutes(2));
        }
    }
}
