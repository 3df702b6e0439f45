package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.corekube.cluster.Machine;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.pki.ClusterPki;
import io.corekube.templates.TestRoles;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.cloud.UserDataBudget;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Credentials travel in each machine's boot data, never in fleet: no private key, bootstrap token or kubeconfig
 * secret is in any fleet unit body (fleet keeps those in etcd, readable by every fleet client) nor in the Heat
 * template; they are hidden parameters that Heat substitutes into the user data as base64 {@code write_files}, keys
 * and tokens with mode 0600. Each machine's user data, with the credentials and the longest values Heat substitutes,
 * stays under Nova's limit of 65,535 base64 characters (49,149 bytes), at the largest cluster the SDK supports.
 */
class CredentialDeliveryTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @EnumSource(KubernetesRoles.Profile.class)
    void noSecretIsInAFleetUnitOrTheTemplateAndUserDataStaysUnderNovasLimit(KubernetesRoles.Profile profile) throws Exception {
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        List<String> secrets = secrets(credentials);
        KubernetesRoles roles = TestRoles.of(profile);
        Machine master = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("10.0.0.4")
                .putMetadata("kubernetes_role", "master").build();
        List<String> bodies = new ArrayList<>();
        for (RoleStage s : roles.render("master", master, Optional.of(master))) {
            s.units().forEach(u -> bodies.add(u.submission().unit().serialize()));
        }
        for (int i = 0; i < ClusterSpec.MAX_MINIONS; i++) {
            Machine minion = Machine.builder().id(String.format("%032x", i + 1)).primaryIp("10.0." + (1 + i / 250) + "." + (2 + i % 250))
                    .putMetadata("kubernetes_role", "minion").build();
            for (RoleStage s : roles.render("minion", minion, Optional.of(master))) {
                s.units().forEach(u -> bodies.add(u.submission().unit().serialize()));
            }
        }
        for (String body : bodies) {
            assertFalse(body.contains("PRIVATE KEY"), body);
            secrets.forEach(secret -> assertFalse(body.contains(secret), "a secret in a fleet unit:\n" + body));
        }

        StackSpec largest = new StackSpec(3, ClusterSpec.MAX_MINIONS, List.of("m1.medium"), "Flatcar", "ops", "public",
                "10.0.0.0/16", List.of("8.8.8.8"), "0.0.0.0/0", Duration.ofSeconds(600), true, "2.2.2",
                StackSpec.defaults("i", "k", "n").flannelUrl(), "eth0");
        String template = ClusterTemplate.generate(largest, roles);
        secrets.forEach(secret -> assertFalse(template.contains(secret), "a secret in the template"));
        Map<String, String> parameters = ClusterSecrets.heatParameters(profile, credentials);
        JsonNode declared = YAML.readTree(template).path("parameters");
        parameters.keySet().forEach(p -> assertTrue(declared.path(p).path("hidden").asBoolean(), p + " is hidden"));
        UserDataBudget.check(template, parameters);
        assertEquals(List.of("discovery", "overlord", "kubernetes_master", "kubernetes_minions"),
                List.copyOf(UserDataBudget.sizes(template, parameters).keySet()));
        Map<String, String> oversized = new java.util.HashMap<>(parameters);
        oversized.put("pki_ca_crt", "A".repeat(UserDataBudget.NOVA_USER_DATA_BYTES));
        org.junit.jupiter.api.Assertions.assertThrows(UserDataBudget.UserDataTooLargeException.class,
                () -> UserDataBudget.check(template, oversized), "user data Nova would refuse is refused first");
        for (Map.Entry<String, String> server : UserDataBudget.userData(template, parameters).entrySet()) {
            String filled = server.getValue();
            int bytes = filled.getBytes(StandardCharsets.UTF_8).length;
            System.out.printf("%s %s user data: %,d bytes (Nova allows %,d)%n", profile, server.getKey(), bytes,
                    UserDataBudget.NOVA_USER_DATA_BYTES);
            assertFalse(filled.matches("(?s).*corekube-(secret|master-ip|discovery-ip|cluster-uuid|wait)-.*"),
                    server.getKey() + " has an unfilled placeholder");
            JsonNode cloudConfig = YAML.readTree(filled);
            for (JsonNode f : cloudConfig.path("write_files")) {
                if (f.path("encoding").asText().equals("b64")) {
                    String content = new String(Base64.getDecoder().decode(f.path("content").asText()), StandardCharsets.UTF_8);
                    boolean secret = content.contains("PRIVATE KEY") || content.contains(credentials.bootstrapToken().secret().reveal());
                    assertEquals(secret ? "0600" : "0644", f.path("permissions").asText(), f.path("path").asText());
                }
            }
        }
    }

    private static List<String> secrets(ClusterCredentials c) {
        List<String> out = new ArrayList<>();
        List<CertifiedKey> keys = new ArrayList<>(c.clients().values());
        keys.addAll(List.of(c.ca(), c.apiServer(), c.apiServerKubeletClient()));
        for (CertifiedKey k : keys) {
            out.add(body(k.privateKeyPem().reveal()));
            out.add(Base64.getEncoder().encodeToString(k.privateKeyPem().reveal().getBytes(StandardCharsets.UTF_8)).substring(0, 40));
        }
        out.add(body(c.serviceAccountPrivateKeyPem().reveal()));
        out.add(c.bootstrapToken().secret().reveal());
        return out;
    }

    /** The base64 body of a PEM block (what a leaked key would show). */
    private static String body(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat).substring(0, 40);
    }
}
