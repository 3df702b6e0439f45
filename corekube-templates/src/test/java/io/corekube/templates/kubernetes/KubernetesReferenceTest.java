package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.templates.NodeFilesJson;
import io.corekube.templates.TestRoles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every kube-* flag the CURRENT units pass, and every field of the KubeletConfiguration and KubeProxyConfiguration
 * files the minions get, exists undeprecated in Kubernetes v1.34's reference data
 * ({@code src/test/resources/reference/kubernetes-v1.34}: the generated command-line and config API references of
 * kubernetes/website for v1.34, each file naming its source and how its version was confirmed).
 */
class KubernetesReferenceTest {

    private static final Machine MASTER = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("10.10.10.4")
            .putMetadata("kubernetes_role", "master").build();
    private static final Machine MINION = Machine.builder().id("fedcba9876543210fedcba9876543210").primaryIp("10.10.10.5")
            .putMetadata("kubernetes_role", "minion").build();

    @Test
    void everyFlagExistsUndeprecatedInTheTargetRelease() throws IOException {
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.CURRENT);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (List<RoleStage> stages : List.of(roles.render("master", MASTER, Optional.of(MASTER)),
                roles.render("minion", MINION, Optional.of(MASTER)))) {
            for (RoleStage stage : stages) {
                for (var unit : stage.units()) {
                    for (String exec : unit.submission().unit().values("Service", "ExecStart")) {
                        String[] argv = exec.split(" ");
                        String binary = argv[0].substring(argv[0].lastIndexOf('/') + 1);
                        if (!binary.startsWith("kube") || binary.equals("kubectl")) {
                            continue;
                        }
                        Map<String, Boolean> reference = table("flags-" + binary + ".tsv");
                        for (int i = 1; i < argv.length; i++) {
                            String flag = argv[i].replaceFirst("^--", "").replaceFirst("=.*", "");
                            checked++;
                            Boolean deprecated = reference.get(flag);
                            if (deprecated == null || deprecated) {
                                problems.add(binary + " --" + flag + (deprecated == null ? ": not in v1.34" : ": deprecated in v1.34"));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 30, "flags checked: " + checked);
    }

    @Test
    void everyConfigFieldExistsUndeprecatedInTheTargetRelease() throws IOException {
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.CURRENT);
        List<String> problems = new ArrayList<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("/etc/kubernetes/kubelet-config.yaml", "KubeletConfiguration");
        kinds.put("/etc/kubernetes/kube-proxy-config.yaml", "KubeProxyConfiguration");
        int checked = 0;
        for (Map.Entry<String, String> k : kinds.entrySet()) {
            JsonNode config = NodeFilesJson.read(roles, "minion", k.getKey());
            assertEquals(k.getValue(), config.path("kind").asText());
            Map<String, Boolean> reference = table("fields-" + k.getValue() + ".tsv");
            for (String field : fields(config, "")) {
                checked++;
                Boolean deprecated = reference.get(field);
                if (deprecated == null || deprecated) {
                    problems.add(k.getValue() + "." + field + (deprecated == null ? ": not in v1.34" : ": deprecated in v1.34"));
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked >= 12, "fields checked: " + checked);
    }

    @Test
    void theCheckCatchesADeprecatedFlag() throws IOException {
        assertEquals(Boolean.TRUE, table("flags-kube-scheduler.tsv").get("kubeconfig"), "v1.34 deprecates kube-scheduler --kubeconfig");
        assertEquals(null, table("flags-kube-apiserver.tsv").get("insecure-port"), "removed in v1.24");
    }

    private static List<String> fields(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            if (prefix.isEmpty() && (name.equals("apiVersion") || name.equals("kind"))) {
                continue;
            }
            out.add(name);
            if (e.getValue().isObject()) {
                out.addAll(fields(e.getValue(), name + "."));
            }
        }
        return out;
    }

    static Map<String, Boolean> table(String file) throws IOException {
        try (InputStream in = KubernetesReferenceTest.class.getClassLoader()
                .getResourceAsStream("reference/kubernetes-v1.34/" + file)) {
            Map<String, Boolean> out = new TreeMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] cols = line.split("\t");
                    out.put(cols[0].trim(), cols[1].trim().equals("yes"));
                }
            }
            return out;
        }
    }
}
