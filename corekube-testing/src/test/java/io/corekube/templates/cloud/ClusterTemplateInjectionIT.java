package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.fuzz.HostileStrings;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import io.corekube.value.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The injection suite's HOT half on a real Heat: every hostile string that {@link StackSpec} accepts as a name
 * (flavor, image, key pair, external network) goes into a generated template, Heat validates the template, and
 * the parameter defaults Heat reports are exactly the strings given; the rest are refused naming the field.
 */
@ExtendWith(HeatServerExtension.class)
class ClusterTemplateInjectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StackSpec SPEC = StackSpec.defaults("CoreOS", "ops", "public");

    @Test
    void heatValidatesEveryAcceptedHostileNameAndReportsItUnchanged(HeatServer heat) throws Exception {
        int accepted = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        try (HeatClient client = HeatClient.builder().endpoint(heat.apiUrl()).build()) {
            for (String value : HostileStrings.strings()) {
                StackSpec spec;
                try {
                    spec = new StackSpec(1, 12, List.of(value), value, value, value, SPEC.subnetCidr(), SPEC.dnsServers(),
                            SPEC.adminCidr(), SPEC.waitTimeout(), true, SPEC.discoveryEtcdVersion(), SPEC.flannelUrl(),
                            SPEC.netInterface());
                } catch (InvalidValueException e) {
                    assertTrue(e.field().equals("flavors"), "the first name checked is flavors: " + e.getMessage());
                    refused++;
                    continue;
                }
                accepted++;
                JsonNode parameters = JSON.readTree(client.validate(ClusterTemplate.generate(spec, io.corekube.templates.TestRoles.of(
                        io.corekube.templates.kubernetes.KubernetesRoles.Profile.ORIGINAL)),
                        Optional.of(HeatServer.noCloudEnvironment()))).path("Parameters");
                for (String p : List.of("flavor", "coreos_image", "keyname", "external_network")) {
                    String got = parameters.path(p).path("Default").asText(null);
                    if (!value.equals(got)) {
                        failures.add(p + ": gave " + JSON.writeValueAsString(value) + ", Heat read " + JSON.writeValueAsString(got));
                    }
                }
            }
        }
        System.out.printf("HOT injection on real Heat: %d names validated by Heat and read back, %d refused%n", accepted, refused);
        assertEquals(List.of(), failures);
        assertTrue(accepted >= 100, "only " + accepted + " hostile names accepted; the proof needs more");
    }
}
