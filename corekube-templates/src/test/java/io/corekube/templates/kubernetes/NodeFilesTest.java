package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.templates.NodeFilesJson;
import io.corekube.templates.TestRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The files the machines' boot data writes carry the cluster's values and nothing secret. */
class NodeFilesTest {

    private static final KubernetesRoles CURRENT = TestRoles.allowingUnpublished(KubernetesRoles.Profile.CURRENT)
            .clusterDns("10.3.0.10", "cluster.example").podCidr("10.200.0.0/16").build();

    @Test
    void coreDnsIsRenderedWithTheClusterDomainAndDnsAddress() {
        JsonNode list = NodeFilesJson.read(CURRENT, "master", NodeFiles.PKI_DIR + "/addons/coredns.json");
        List<String> kinds = new ArrayList<>();
        list.path("items").forEach(i -> kinds.add(i.path("kind").asText()));
        assertEquals(List.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Service"), kinds);
        JsonNode items = list.path("items");
        assertTrue(items.get(3).at("/data/Corefile").asText().contains("kubernetes cluster.example in-addr.arpa ip6.arpa {"));
        assertEquals(NodeFiles.COREDNS_IMAGE, items.get(4).at("/spec/template/spec/containers/0/image").asText());
        assertEquals("10.3.0.10", items.get(5).at("/spec/clusterIP").asText());
        assertEquals(3, items.get(5).at("/spec/ports").size());
    }

    @Test
    void theMinionsConfigsNameTheClustersValuesAndTheirFiles() {
        JsonNode kubelet = NodeFilesJson.read(CURRENT, "minion", "/etc/kubernetes/kubelet-config.yaml");
        assertEquals("10.3.0.10", kubelet.at("/clusterDNS/0").asText());
        assertEquals("cluster.example", kubelet.path("clusterDomain").asText());
        assertEquals("systemd", kubelet.path("cgroupDriver").asText());
        assertFalse(kubelet.at("/authentication/anonymous/enabled").asBoolean());
        assertEquals("10.200.0.0/16", NodeFilesJson.read(CURRENT, "minion", "/etc/kubernetes/kube-proxy-config.yaml")
                .path("clusterCIDR").asText());
        JsonNode bootstrap = NodeFilesJson.read(CURRENT, "minion", NodeFiles.PKI_DIR + "/bootstrap.kubeconfig");
        assertEquals("https://" + NodeFiles.MASTER_IP + ":6443", bootstrap.at("/clusters/0/cluster/server").asText());
        assertEquals("kubernetes", bootstrap.at("/clusters/0/cluster/tls-server-name").asText());
        assertEquals(NodeFiles.PKI_DIR + "/bootstrap-token", bootstrap.at("/users/0/user/tokenFile").asText());
        JsonNode conflist = NodeFilesJson.read(CURRENT, "minion", "/etc/cni/net.d/10-flannel.conflist");
        assertEquals("flannel", conflist.at("/plugins/0/type").asText());
        String containerd = NodeFiles.of(CURRENT).forNode("minion", NodeFilesJson.DISCOVERY).get("/etc/containerd/config.toml");
        assertTrue(containerd.contains("SystemdCgroup = true"), containerd);
    }

    @Test
    void theBootstrapRbacLetsBootstrappersAskAndApprovesTheirRequests() {
        JsonNode list = NodeFilesJson.read(CURRENT, "master", NodeFiles.PKI_DIR + "/addons/kubelet-bootstrap-rbac.json");
        List<String> bindings = new ArrayList<>();
        list.path("items").forEach(b -> bindings.add(b.at("/roleRef/name").asText() + " -> " + b.at("/subjects/0/name").asText()));
        assertEquals(List.of("system:node-bootstrapper -> system:bootstrappers",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient -> system:bootstrappers",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient -> system:nodes"), bindings);
    }

    @Test
    void originalGetsTheDiscoveryAddressFileAndAV14DnsAddOn() {
        KubernetesRoles original = TestRoles.allowingUnpublished(KubernetesRoles.Profile.ORIGINAL).clusterDns("10.1.0.10", "kube.local").build();
        Map<String, String> files = NodeFiles.of(original).forNode("master", NodeFilesJson.DISCOVERY);
        assertEquals("DISCOVERY_IP_PORT=http://corekube-discovery-ip:2379\n", files.get("/run/discovery_ip_port"));
        JsonNode dns = NodeFilesJson.read(original, "master", NodeFiles.PKI_DIR + "/addons/skydns.json");
        assertEquals("--domain=kube.local.", dns.at("/items/0/spec/template/spec/containers/0/args/0").asText());
        assertEquals("10.1.0.10", dns.at("/items/1/spec/clusterIP").asText());
        assertEquals(Map.of(), NodeFiles.of(original).forNode("minion", NodeFilesJson.DISCOVERY));
    }
}
