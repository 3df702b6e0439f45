package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.Stack;
import io.corekube.openstack.heat.StackOutput;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.pki.ClusterPki;
import io.corekube.templates.TestRoles;
import io.corekube.templates.kubernetes.ClusterSecrets;
import io.corekube.templates.kubernetes.KubernetesRoles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated cluster template on a real Heat: validated, created with Nova and Neutron mapped away, signalled. */
@ExtendWith(HeatServerExtension.class)
class ClusterTemplateIT {

    @Test
    void theGeneratedTemplateIsValidatedCreatedSignalledAndHasItsOutputs(HeatServer heat) throws Exception {
        String template = ClusterTemplate.generate(StackSpec.defaults("Flatcar", "ops", "public").withMinions(2),
                TestRoles.of(KubernetesRoles.Profile.CURRENT));
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        Map<String, String> secrets = ClusterSecrets.heatParameters(KubernetesRoles.Profile.CURRENT, credentials);
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl())
                .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build()) {
            String validation = client.validate(template, Optional.of(HeatServer.noCloudEnvironment()));
            assertTrue(validation.contains("kubernetes_minion_count"), validation);
            JsonNode declared = new ObjectMapper().readTree(validation).path("Parameters");
            for (String secret : secrets.keySet()) {
                assertEquals("true", declared.path(secret).path("NoEcho").asText(), secret + " is hidden: " + declared.path(secret));
            }

            StackRef ref = client.create(StackRequest.builder().name("corekube-template-it").template(template)
                    .environment(HeatServer.noCloudEnvironment()).putParameter("timeout", "120").putAllParameters(secrets).build());
            for (String handle : List.of("discovery_wait_handle", "overlord_wait_handle")) {
                awaitResource(client, ref, handle);
                heat.signal(ref.name(), ref.id(), handle, "SUCCESS", "node up", handle);
            }
            Stack stack = client.awaitCompletion(ref, Duration.ofMinutes(3), e -> { });
            assertEquals("CREATE_COMPLETE", stack.status());
            List<String> outputs = client.outputs(ref).stream().map(StackOutput::key).sorted().toList();
            assertEquals(List.of("discovery_ip", "master_floating_ip", "master_ip", "minion_ips", "overlord_ip"), outputs);
            assertEquals("2", stack.parameters().get("kubernetes_minion_count"));
            for (String secret : secrets.keySet()) {
                assertEquals("******", stack.parameters().get(secret), "Heat shows no hidden parameter: " + secret);
            }
        }
    }

    private static void awaitResource(HeatClient client, StackRef ref, String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.resource(ref, name, List.of()).status().equals("CREATE_COMPLETE")) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not created yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError(name + " never created");
    }
}
