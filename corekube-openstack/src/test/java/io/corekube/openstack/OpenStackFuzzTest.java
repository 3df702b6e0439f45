package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.fuzz.Fuzz;
import io.corekube.fuzz.ScriptedHttpServer;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Keystone's and Heat's replies, fuzzed over a real socket: 10,000 random and mutated token bodies (expiry,
 * catalog) and 10,000 stack, event, resource, output and create bodies; nothing but an
 * {@link OpenStackException} may come out of the clients.
 */
class OpenStackFuzzTest {

    private static final List<String> TOKENS = List.of(
            "{\"token\":{\"expires_at\":\"2030-01-01T00:00:00.000000Z\",\"catalog\":[{\"type\":\"orchestration\",\"endpoints\":"
                    + "[{\"interface\":\"public\",\"region_id\":\"RegionOne\",\"url\":\"http://127.0.0.1:1/v1/p\"}]}]}}",
            "{\"token\":{\"catalog\":[]}}");
    private static final List<String> HEAT = List.of(
            "{\"stack\":{\"id\":\"0f1e\",\"stack_name\":\"s\",\"stack_status\":\"CREATE_COMPLETE\",\"parameters\":{\"a\":\"1\"},"
                    + "\"outputs\":[{\"output_key\":\"k\",\"output_value\":[1,2]}],\"tags\":[\"t\"]}}",
            "{\"events\":[{\"id\":\"e1\",\"event_time\":\"2026-12-04T00:00:00\",\"resource_name\":\"s\",\"resource_status\":\"CREATE_COMPLETE\"}]}",
            "{\"resources\":[{\"resource_name\":\"r\",\"resource_type\":\"OS::Heat::None\",\"resource_status\":\"CREATE_COMPLETE\","
                    + "\"attributes\":{\"x\":null}}]}",
            "{\"outputs\":[{\"output_key\":\"k\"}]}", "{\"stack\":{\"id\":\"0f1e\",\"links\":[]}}");

    @Test
    void tenThousandFuzzedTokenRepliesEndInATokenOrAnOpenStackException() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        AtomicReference<String> token = new AtomicReference<>();
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> new ScriptedHttpServer.Reply(201,
                token.get() == null ? Map.of() : Map.of("X-Subject-Token", token.get()), body.get()))) {
            Fuzz.seeded(77).forAll(Fuzz.RUNS, f -> new String[] {f.mixed(TOKENS, 80), f.pick("tok", "", "t\u00e9")}, pair -> {
                body.set(pair[0]);
                token.set(pair[1].isEmpty() ? null : pair[1]);
                try (Keystone keystone = Keystone.builder(server.url(), KeystoneCredentials.passwordById("u", Secret.of("p"))).build()) {
                    Fuzz.onlyTyped(OpenStackException.class, () -> keystone.endpoint("orchestration", "public", Optional.empty()));
                }
            });
            assertTrue(server.requests() >= Fuzz.RUNS, server.requests() + " requests");
        }
    }

    @Test
    void tenThousandFuzzedHeatRepliesEndInResultsOrOpenStackExceptionsOnly() throws Exception {
        AtomicReference<String> body = new AtomicReference<>();
        AtomicInteger n = new AtomicInteger();
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> ScriptedHttpServer.Reply.json(body.get()));
             HeatClient heat = HeatClient.builder().endpoint(server.url().resolve("/v1/p")).retryPolicy(RetryPolicy.none())
                     .pollInterval(Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
            StackRef ref = new StackRef("s", "0f1e");
            Fuzz.seeded(78).forAll(Fuzz.RUNS, f -> f.mixed(HEAT, 80), reply -> {
                body.set(reply);
                switch (n.getAndIncrement() % 6) {
                    case 0 -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.show(ref));
                    case 1 -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.events(ref, Optional.empty(), 10));
                    case 2 -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.resources(ref, 0));
                    case 3 -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.outputs(ref));
                    case 4 -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.list(io.corekube.openstack.heat.StackListQuery.builder().build()));
                    default -> Fuzz.onlyTyped(OpenStackException.class, () -> heat.create(StackRequest.builder().name("s")
                            .template("heat_template_version: 2016-10-14").build()));
                }
            });
        }
    }
}
