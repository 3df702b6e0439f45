package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.templates.TestRoles;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.unit.UnitFile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTemplateTest {

    static final StackSpec SPEC = StackSpec.defaults("CoreOS", "ops", "public");
    static final KubernetesRoles ROLES = TestRoles.of(KubernetesRoles.Profile.CURRENT);
    static final KubernetesRoles ORIGINAL = TestRoles.of(KubernetesRoles.Profile.ORIGINAL);

    @Test
    void theTemplateHasTheClustersResourcesParametersAndOutputs() throws Exception {
        JsonNode t = Yaml.MAPPER.readTree(ClusterTemplate.generate(SPEC, ROLES));
        assertEquals("2016-10-14", t.path("heat_template_version").asText());
        for (String r : List.of("coreos_cluster_uuid", "corekube_network", "corekube_subnet", "corekube_router",
                "corekube_router_interface", "corekube_security", "discovery", "discovery_wait_handle", "discovery_wait_condition",
                "overlord", "overlord_wait_condition", "kubernetes_master", "kubernetes_master_floating_ip", "kubernetes_minions")) {
            assertTrue(t.path("resources").has(r), r);
        }
        assertEquals(12, t.path("parameters").path("kubernetes_minion_count").path("constraints").get(0).path("range").path("max").asInt());
        assertEquals(List.of("discovery_ip", "overlord_ip", "master_ip", "master_floating_ip", "minion_ips"),
                iterable(t.path("outputs").fieldNames()));
        assertFalse(ClusterTemplate.generate(SPEC.withoutOverlord(), ROLES).contains("overlord"));
        JsonNode discoveryParams = t.path("resources").path("discovery").path("properties").path("user_data")
                .path("str_replace").path("params");
        assertFalse(discoveryParams.has(ClusterTemplate.DISCOVERY_IP), "the discovery node must not depend on its own address");
        assertTrue(discoveryParams.has(ClusterTemplate.WC_ENDPOINT) && discoveryParams.has(ClusterTemplate.WC_TOKEN));
        assertTrue(t.path("resources").path("kubernetes_master").path("properties").path("user_data").path("str_replace")
                .path("params").has(ClusterTemplate.DISCOVERY_IP), "nodes get the discovery address");
    }

    @Test
    void cloudConfigsAreTheOnesTheTemplateEmbedsOnePerNodeKind() throws Exception {
        java.util.Map<String, String> configs = ClusterTemplate.cloudConfigs(SPEC, ROLES);
        assertEquals(List.of("discovery", "overlord", "master", "minion"), List.copyOf(configs.keySet()));
        String template = ClusterTemplate.generate(SPEC, ROLES);
        for (java.util.Map.Entry<String, String> c : configs.entrySet()) {
            assertTrue(c.getValue().startsWith("#cloud-config\n"), c.getKey());
            assertTrue(Yaml.MAPPER.readTree(c.getValue()).isObject(), c.getKey());
            assertTrue(template.contains(c.getValue().lines().skip(1).findFirst().orElseThrow().trim()), c.getKey());
        }
        assertTrue(configs.get("minion").contains("kubernetes_role=minion"), configs.get("minion"));
        assertFalse(ClusterTemplate.cloudConfigs(SPEC.withoutOverlord(), ROLES).containsKey("overlord"));
    }

    @Test
    void theSecurityGroupOpensOnlyTheClustersPortsInsideTheSubnet() throws Exception {
        JsonNode rules = Yaml.MAPPER.readTree(ClusterTemplate.generate(SPEC, ROLES)).path("resources").path("corekube_security")
                .path("properties").path("rules");
        for (JsonNode rule : rules) {
            boolean admin = rule.path("remote_ip_prefix").has("get_param");
            assertTrue(admin || rule.path("remote_ip_prefix").asText().equals("10.10.10.0/24"), rule.toString());
            assertTrue(!rule.has("port_range_min") || rule.path("port_range_min").asInt() == rule.path("port_range_max").asInt(),
                    "single ports only: " + rule);
            if (admin) {
                assertTrue(List.of(22, 6443).contains(rule.path("port_range_min").asInt()), rule.toString());
            }
        }
        assertEquals(12, rules.size());
    }

    @Test
    void everyCloudConfigUnitRoundTripsAndTheYamlIsCloudConfig() throws Exception {
        for (String role : List.of("master", "minion", "overlord")) {
            String yaml = ClusterTemplate.nodeConfig(SPEC, ORIGINAL, role).toYaml();
            assertTrue(yaml.startsWith("#cloud-config\n"));
            JsonNode c = Yaml.MAPPER.readTree(yaml);
            assertEquals("kubernetes_role=" + role, c.path("coreos").path("fleet").path("metadata").asText());
            assertEquals("http://corekube-discovery-ip:2379/v2/keys/discovery/corekube-cluster-uuid", c.path("coreos").path("etcd").path("discovery").asText());
            for (JsonNode unit : c.path("coreos").path("units")) {
                if (unit.has("content")) {
                    UnitFile parsed = UnitFile.parse(unit.path("content").asText());
                    assertFalse(parsed.options().isEmpty(), unit.path("name").asText());
                }
            }
        }
        String discovery = ClusterTemplate.discoveryConfig(SPEC, ORIGINAL).toYaml();
        assertTrue(discovery.contains("quay.io/coreos/etcd:v2.2.2"), discovery);
        UnitFile notify = UnitFile.parse(Yaml.MAPPER.readTree(discovery).path("coreos").path("units").path(1).path("content").asText());
        assertEquals("/usr/bin/curl --fail --silent --show-error --retry 5 -X POST -H \"X-Auth-Token: corekube-wait-token\""
                + " -H \"Content-Type: application/json\" --data-binary \"{\\\"status\\\": \\\"SUCCESS\\\"}\" corekube-wait-endpoint",
                notify.values("Service", "ExecStart").get(0), "the wait condition is signalled by curl with arguments, no shell");
    }

    @Test
    void everyCloudConfigUnitPassesSystemdAnalyzeVerify(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        List<java.nio.file.Path> files = new java.util.ArrayList<>();
        for (CloudConfig config : List.of(ClusterTemplate.discoveryConfig(SPEC, ROLES), ClusterTemplate.nodeConfig(SPEC, ROLES, "master"),
                ClusterTemplate.nodeConfig(SPEC, ROLES, "overlord"), ClusterTemplate.nodeConfig(SPEC, ROLES, "minion"),
                ClusterTemplate.discoveryConfig(SPEC, ORIGINAL), ClusterTemplate.nodeConfig(SPEC, ORIGINAL, "master"))) {
            for (JsonNode unit : Yaml.MAPPER.readTree(config.toYaml()).path("coreos").path("units")) {
                if (unit.has("content")) {
                    java.nio.file.Path f = dir.resolve(files.size() + "-" + unit.path("name").asText());
                    java.nio.file.Files.createDirectories(f);
                    java.nio.file.Path file = f.resolve(unit.path("name").asText());
                    java.nio.file.Files.writeString(file, unit.path("content").asText());
                    files.add(file);
                }
            }
        }
        List<String> problems = io.corekube.templates.SystemdAnalyze.verify(files).stream()
                .filter(l -> !l.matches(".*Command /(opt|usr)/bin/[a-z-]+ is not executable: No such file or directory"))
                // units the image has (Flatcar's containerd; CoreOS's etcd and fleet)
                .filter(l -> !l.matches(".*(containerd|etcd|fleet)\\.service.*not found.*"))
                .filter(l -> !l.contains("docker.service") || !l.contains("not found"))
                // fleet.service ships with the CoreOS image, not with this machine
                .filter(l -> !l.equals("fleet.socket: service fleet.service not loaded, socket cannot be started."))
                .toList();
        assertEquals(List.of(), problems, files.size() + " cloud-config units");
    }

    @Test
    void valuesCannotAddKeysOrPairs() {
        assertThrows(IllegalArgumentException.class, () -> CloudConfig.builder().fleetMetadata("role", "master,evil=1"));
        assertThrows(IllegalArgumentException.class, () -> CloudConfig.builder().fleetMetadata("role\nx", "m"));
        assertThrows(IllegalArgumentException.class, () -> new StackSpec(3, 12, List.of("m1"), "i", "k", "n", "10.0.0.0/24\nx: y",
                List.of(), "0.0.0.0/0", java.time.Duration.ofSeconds(5), true, "2.2.2", "http://f", "eth0"));
        String yaml = CloudConfig.builder().file("/etc/motd", "0644", "line: one\nkey: {evil}\n- item").build().toYaml();
        assertTrue(yaml.contains("content: |"), "multi-line values are literal blocks: " + yaml);
        assertThrows(IllegalArgumentException.class, () -> CloudConfig.builder().unit("x.service", Optional.of("start; rm"), Optional.empty()));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
