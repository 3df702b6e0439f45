package io.corekube.openstack.heat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.ClientExchange;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Heat client against a real Heat 19 (heat-all, noauth). */
@ExtendWith(HeatServerExtension.class)
class HeatClientIT {

    static final String TEMPLATE = String.join("\n",
            "heat_template_version: 2013-05-23",
            "description: corekube wait-condition test",
            "parameters:",
            "  minion_count: {type: number, default: 1}",
            "  timeout: {type: number, default: 120}",
            "resources:",
            "  cluster_token: {type: OS::Heat::RandomString, properties: {length: 32}}",
            "  boot_handle: {type: OS::Heat::WaitConditionHandle}",
            "  boot_wait:",
            "    type: OS::Heat::WaitCondition",
            "    properties: {handle: {get_resource: boot_handle}, timeout: {get_param: timeout}}",
            "  minions:",
            "    type: OS::Heat::ResourceGroup",
            "    properties:",
            "      count: {get_param: minion_count}",
            "      resource_def: {type: OS::Heat::RandomString, properties: {length: 8}}",
            "outputs:",
            "  cluster_token: {value: {get_attr: [cluster_token, value]}}",
            "  boot_data: {value: {get_attr: [boot_wait, data]}}",
            "  minion_ids: {value: {get_attr: [minions, refs]}}", "");

    private HeatServer heat;
    private final List<ClientExchange> requests = new CopyOnWriteArrayList<>();
    private HeatClient client;
    private static int counter;

    @BeforeEach
    void connect(HeatServer heat) {
        this.heat = heat;
        this.client = HeatClient.builder().endpoint(heat.apiUrl()).listener(requests::add)
                .pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
    }

    static String name(String prefix) {
        return prefix + "-" + (++counter) + "-" + System.nanoTime() % 100000;
    }

    private StackRef createAndSignal(String name, Map<String, String> parameters) {
        StackRef ref = client.create(StackRequest.builder().name(name).template(TEMPLATE).putAllParameters(parameters).build());
        awaitResource(ref, "boot_handle", "CREATE_COMPLETE");
        heat.signal(ref.name(), ref.id(), "boot_handle", "SUCCESS", "booted", "node-1");
        return ref;
    }

    private void awaitResource(StackRef ref, String resource, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.resource(ref, resource, List.of()).status().equals(status)) {
                    return;
                }
            } catch (HeatNotFoundException notYet) {
                // the resource is not there yet
            }
            sleep(100);
        }
        throw new AssertionError(resource + " never " + status + "\n" + heat.logTail());
    }

    @Test
    void aSignalledStackCompletesAndItsOutputsAreRead() {
        requests.clear();
        StackRef ref = createAndSignal(name("signalled"), Map.of("minion_count", "2"));
        List<StackEvent> events = new ArrayList<>();
        Stack stack = client.awaitCompletion(ref, Duration.ofSeconds(90), events::add);
        Instant noticed = Instant.now();
        assertEquals("CREATE_COMPLETE", stack.status());
        StackEvent last = events.get(events.size() - 1);
        assertEquals(ref.name(), last.resourceName());
        assertEquals("CREATE_COMPLETE", last.status());
        assertEquals(events.size(), events.stream().map(StackEvent::id).distinct().count(), "every event once");

        StackResource handle = client.resource(ref, "boot_handle", List.of("curl_cli"));
        assertEquals("OS::Heat::WaitConditionHandle", handle.type());
        assertTrue(handle.attributes().get("curl_cli").contains("curl"), handle.attributes().toString());
        List<StackEvent> waitEvents = client.resourceEvents(ref, "boot_wait");
        assertEquals("CREATE_COMPLETE", waitEvents.get(waitEvents.size() - 1).status());

        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        client.outputs(ref).forEach(o -> outputs.put(o.key(), o.value()));
        assertEquals(34, outputs.get("cluster_token").length(), "a 32-character token as JSON text");
        assertEquals("{\"1\": \"node-1\"}".replace(" ", ""), outputs.get("boot_data").replace(" ", "").replace("\\", "")
                .replaceAll("^\"|\"$", ""));
        assertEquals(2, client.output(ref, "minion_ids").value().split(",").length);

        assertTrue(requests.stream().allMatch(e -> e.client().equals("heat") && e.route().startsWith("/v1/*/stacks")
                && !e.route().contains(ref.name()) && !e.route().contains(ref.id())), requests.toString());
        assertTrue(requests.stream().anyMatch(e -> e.method().equals("POST") && e.route().equals("/v1/*/stacks")
                && e.outcome().equals("201")), "the create, as a route without the project: " + requests);
        Instant heatDone = Instant.parse(last.time());
        System.out.printf("create: %d API calls (create to completion seen); Heat completed %s, client noticed %s "
                + "(%d ms later, Heat's event times have 1 s resolution)%n", requests.size(), heatDone, noticed,
                Duration.between(heatDone, noticed).toMillis());
    }

    @Test
    void anUnsignalledWaitConditionTimesOutAndTheFailureNamesIt() {
        StackRef ref = client.create(StackRequest.builder().name(name("unsignalled")).template(TEMPLATE)
                .putParameter("timeout", "3").build());
        HeatStackFailedException e = assertThrows(HeatStackFailedException.class,
                () -> client.awaitCompletion(ref, Duration.ofSeconds(90), ev -> { }));
        assertEquals("CREATE_FAILED", e.finalStatus());
        assertTrue(e.failures().stream().anyMatch(f -> f.resourceName().equals("boot_wait")), e.getMessage());
        assertTrue(e.getMessage().contains("boot_wait"), e.getMessage());
        assertEquals("CREATE_FAILED", client.show(ref).status());
    }

    @Test
    void aCreateAwaitedWithoutEventsReadsNewEventsEachPollAndTheStackOnceForTheResult() {
        requests.clear();
        StackRef ref = createAndSignal(name("quiet"), Map.of("minion_count", "1"));
        int beforeAwait = requests.size();
        Stack stack = client.awaitCompletion(ref, Duration.ofSeconds(90));
        assertEquals("CREATE_COMPLETE", stack.status());
        assertTrue(stack.outputs().stream().anyMatch(o -> o.key().equals("cluster_token")), stack.outputs().toString());
        List<ClientExchange> awaited = requests.subList(beforeAwait, requests.size());
        assertTrue(awaited.size() >= 2 && awaited.stream().allMatch(e -> e.method().equals("GET")), awaited.toString());
        assertTrue(awaited.subList(0, awaited.size() - 1).stream().allMatch(e -> e.route().endsWith("/events")),
                "each poll reads the events: " + awaited);
        assertEquals("/v1/*/stacks/*", awaited.get(awaited.size() - 1).route(), "then the stack, once: " + awaited);
    }

    @Test
    void aFailedCreateAwaitedWithoutEventsNamesTheFailedResourceFromThePolledEvents() {
        StackRef ref = client.create(StackRequest.builder().name(name("quiet-unsignalled")).template(TEMPLATE)
                .putParameter("timeout", "3").build());
        requests.clear();
        HeatStackFailedException e = assertThrows(HeatStackFailedException.class,
                () -> client.awaitCompletion(ref, Duration.ofSeconds(90)));
        assertEquals("CREATE_FAILED", e.finalStatus());
        assertTrue(e.failures().stream().anyMatch(f -> f.resourceName().equals("boot_wait")), e.getMessage());
        assertTrue(!requests.isEmpty() && requests.stream().allMatch(r -> r.route().endsWith("/events")),
                "nothing but the polls: " + requests);
    }

    @Test
    void aResourceGroupIsScaledByUpdateAndByPatch() {
        StackRef ref = createAndSignal(name("scaled"), Map.of("minion_count", "1"));
        client.awaitCompletion(ref, Duration.ofSeconds(90), e -> { });
        assertEquals(1, minions(ref));
        List<StackEvent> updateEvents = new ArrayList<>();
        client.update(ref, StackRequest.builder().name(ref.name()).template(TEMPLATE).putParameter("minion_count", "3").build());
        Stack updated = client.awaitCompletion(ref, Duration.ofSeconds(90), updateEvents::add);
        assertEquals("UPDATE_COMPLETE", updated.status());
        assertEquals("3", updated.parameters().get("minion_count"));
        assertEquals(3, minions(ref));
        assertTrue(updateEvents.stream().anyMatch(e -> e.resourceName().equals("minions") && e.status().equals("UPDATE_COMPLETE")),
                "the group itself was updated: " + updateEvents);
        assertTrue(updateEvents.stream().noneMatch(e -> e.status().startsWith("CREATE")), "only this update's events");
        client.patch(ref, Map.of("minion_count", "2"), Optional.empty());
        Stack patched = client.awaitCompletion(ref, Duration.ofSeconds(90), e -> { });
        assertEquals("UPDATE_COMPLETE", patched.status());
        assertEquals("2", patched.parameters().get("minion_count"));
        assertEquals(2, minions(ref));
        assertEquals("120", patched.parameters().get("timeout"), "PATCH keeps the other parameters");
        assertEquals("UPDATE_COMPLETE", client.resource(ref, "minions", List.of()).status());
    }

    /** Members of the group, from its refs output. */
    private int minions(StackRef ref) {
        String refs = client.output(ref, "minion_ids").value();
        return refs.equals("[]") ? 0 : refs.split(",").length;
    }

    @Test
    void aDeletedStackIsGone() {
        StackRef ref = createAndSignal(name("deleted"), Map.of());
        client.awaitCompletion(ref, Duration.ofSeconds(90), e -> { });
        client.delete(ref);
        client.awaitDeletion(ref, Duration.ofSeconds(90));
        assertEquals(Optional.empty(), client.find(ref.name()), "a deleted stack is no longer listed by name");
        assertEquals("DELETE_COMPLETE", client.show(ref).status(), "Heat keeps a deleted stack visible by its ID");
    }

    @Test
    void listingPagesWithLimitAndMarker() {
        String tag = "page" + System.nanoTime() % 100000;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StackRef ref = client.create(StackRequest.builder().name(name("listed")).template(
                    "heat_template_version: 2013-05-23\nresources:\n  r: {type: OS::Heat::RandomString}\n").addTag(tag).build());
            names.add(ref.name());
        }
        StackListQuery first = StackListQuery.builder().addTag(tag).limit(2).addSortKey("stack_name").sortDir("asc").build();
        List<Stack> page1 = client.list(first);
        assertEquals(2, page1.size());
        List<Stack> page2 = client.list(StackListQuery.builder().from(first).marker(page1.get(1).ref().id()).build());
        assertEquals(1, page2.size());
        List<String> listed = new ArrayList<>();
        page1.forEach(s -> listed.add(s.ref().name()));
        page2.forEach(s -> listed.add(s.ref().name()));
        assertEquals(names.stream().sorted().toList(), listed);
        assertEquals(List.of(tag), page1.get(0).tags());
    }

    @Test
    void validateReturnsHeatsMessageForABrokenTemplate() {
        HeatBadRequestException e = assertThrows(HeatBadRequestException.class, () -> client.validate(
                "heat_template_version: 2013-05-23\nresources:\n  r: {type: OS::Heat::NoSuchType}\n", Optional.empty()));
        assertFalse(e.heatMessage().isEmpty() && e.explanation().isEmpty(), e.toString());
        assertTrue(e.getMessage().contains("OS::Heat::NoSuchType"), e.getMessage());
        assertTrue(client.validate(TEMPLATE, Optional.empty()).contains("minion_count"));
    }

    @Test
    void previewShowsWhatWouldBeCreatedWithoutCreatingIt() {
        String n = name("preview");
        Stack preview = client.preview(StackRequest.builder().name(n).template(TEMPLATE).build());
        assertEquals(n, preview.ref().name());
        assertEquals(Optional.empty(), client.find(n));
    }

    @Test
    void theNoCloudEnvironmentMapsServersAway() {
        String template = "heat_template_version: 2013-05-23\nresources:\n  vm:\n    type: OS::Nova::Server\n"
                + "    properties: {image: coreos, flavor: m1.medium}\n";
        StackRef ref = client.create(StackRequest.builder().name(name("nocloud")).template(template)
                .environment(HeatServer.noCloudEnvironment()).build());
        assertEquals("CREATE_COMPLETE", client.awaitCompletion(ref, Duration.ofSeconds(60), e -> { }).status());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
