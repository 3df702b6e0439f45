package io.corekube.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.fuzz.ScriptedHttpServer;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.HeatStackDeletedException;
import io.corekube.openstack.heat.HeatStackFailedException;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the quiet wait for a created stack asks Heat, poll by poll, on a scripted Heat: one events request a poll, the
 * stack read only for the result or for a failure that names no resource, and a poll brought forward after a signal.
 */
class HeatWaitWireTest {

    private static final Duration POLL = Duration.ofSeconds(3);
    private static final String CREATED = "{\"stack\":{\"id\":\"9a7e\",\"links\":[]}}";

    /** A Heat whose events answer, poll by poll, the given pages (the last one again once they run out). */
    private record ScriptedHeat(ScriptedHttpServer server, List<String> requests, List<Long> arrivals) implements AutoCloseable {
        static ScriptedHeat start(String stackStatus, String... eventPages) throws Exception {
            List<String> requests = new CopyOnWriteArrayList<>();
            List<Long> arrivals = new CopyOnWriteArrayList<>();
            AtomicInteger polls = new AtomicInteger();
            ScriptedHttpServer server = ScriptedHttpServer.start(r -> {
                requests.add(r);
                arrivals.add(System.nanoTime());
                if (r.startsWith("POST")) {
                    return new ScriptedHttpServer.Reply(201, java.util.Map.of("Content-Type", "application/json"), CREATED);
                }
                if (r.contains("/events")) {
                    return ScriptedHttpServer.Reply.json("{\"events\":[" + eventPages[Math.min(polls.getAndIncrement(), eventPages.length - 1)] + "]}");
                }
                return ScriptedHttpServer.Reply.json("{\"stack\":{\"id\":\"9a7e\",\"stack_name\":\"web\",\"stack_status\":\""
                        + stackStatus + "\",\"outputs\":[]}}");
            });
            return new ScriptedHeat(server, requests, arrivals);
        }

        HeatClient client(Duration poll) {
            return HeatClient.builder().endpoint(server.url().resolve("/v1/p")).pollInterval(poll, poll).build();
        }

        @Override
        public void close() {
            server.close();
        }

        List<String> kinds() {
            List<String> kinds = new ArrayList<>();
            for (String r : requests) {
                kinds.add(r.startsWith("POST") ? "create" : r.contains("/events") ? "events" : "stack");
            }
            return kinds;
        }
    }

    private static String event(String id, String resource, String status, String reason) {
        return "{\"id\":\"" + id + "\",\"event_time\":\"2026-12-04T15:00:00Z\",\"resource_name\":\"" + resource
                + "\",\"resource_status\":\"" + status + "\",\"resource_status_reason\":\"" + reason + "\"}";
    }

    private static StackRef create(HeatClient heat) {
        return heat.create(StackRequest.builder().name("web").template("heat_template_version: 2018-08-31").build());
    }

    @Test
    void aSuccessfulCreateIsOneEventsRequestAPollAndTheStackOnceForTheResult() throws Exception {
        try (ScriptedHeat heat = ScriptedHeat.start("CREATE_COMPLETE",
                event("e1", "web", "CREATE_IN_PROGRESS", "Stack CREATE started"),
                "",
                event("e2", "wait", "CREATE_COMPLETE", "state changed") + "," + event("e3", "web", "CREATE_COMPLETE", "done")); HeatClient client = heat.client(Duration.ofMillis(50))) {
            assertEquals("CREATE_COMPLETE", client.awaitCompletion(create(client), Duration.ofSeconds(30)).status());
            assertEquals(List.of("create", "events", "events", "events", "stack"), heat.kinds());
            assertTrue(heat.requests().get(2).contains("marker=e1"), "reads on after the last event seen: " + heat.requests());
        }
    }

    @Test
    void aFailedCreateIsNamedFromTheEventsAlreadyReadWithoutAnotherRequest() throws Exception {
        try (ScriptedHeat heat = ScriptedHeat.start("CREATE_FAILED",
                event("e1", "web", "CREATE_IN_PROGRESS", "Stack CREATE started"),
                event("e2", "wait", "CREATE_FAILED", "WaitConditionTimeout: resources.wait: 0 of 1 received") + ","
                        + event("e3", "web", "CREATE_FAILED", "Resource CREATE failed")); HeatClient client = heat.client(Duration.ofMillis(50))) {
            HeatStackFailedException e = assertThrows(HeatStackFailedException.class,
                    () -> client.awaitCompletion(create(client), Duration.ofSeconds(30)));
            assertEquals(List.of("wait"), e.failures().stream().map(f -> f.resourceName()).toList());
            assertEquals(List.of("create", "events", "events"), heat.kinds());
        }
    }

    @Test
    void aFailureNamingNoResourceIsLookedAtAndADeletionSaysSo() throws Exception {
        // the convergence engine ends a create that someone else deletes as CREATE_FAILED, naming no resource
        try (ScriptedHeat heat = ScriptedHeat.start("DELETE_IN_PROGRESS",
                event("e1", "web", "CREATE_FAILED", "Stack CREATE cancelled")); HeatClient client = heat.client(Duration.ofMillis(50))) {
            assertThrows(HeatStackDeletedException.class, () -> client.awaitCompletion(create(client), Duration.ofSeconds(30)));
            assertEquals(List.of("create", "events", "stack"), heat.kinds());
        }
    }

    @Test
    void aSignalBringsTheNextPollForwardFromThePollInterval() throws Exception {
        try (ScriptedHeat heat = ScriptedHeat.start("CREATE_COMPLETE",
                event("e1", "web", "CREATE_IN_PROGRESS", "Stack CREATE started"),
                event("e2", "handle", "SIGNAL_COMPLETE", "Signal: status:SUCCESS reason:Signal 1 received"),
                event("e3", "wait", "CREATE_COMPLETE", "state changed") + "," + event("e4", "web", "CREATE_COMPLETE", "done"));
             HeatClient client = heat.client(POLL)) {
            client.awaitCompletion(create(client), Duration.ofSeconds(60));
            assertEquals(List.of("create", "events", "events", "events", "stack"), heat.kinds());
            long idleGap = heat.arrivals().get(2) - heat.arrivals().get(1);
            long afterSignal = heat.arrivals().get(3) - heat.arrivals().get(2);
            assertTrue(idleGap >= POLL.toNanos(), "without news the poll interval passes: " + idleGap / 1_000_000 + " ms");
            assertTrue(afterSignal < POLL.toNanos() / 2, "after a signal the next poll comes in about a second: "
                    + afterSignal / 1_000_000 + " ms");
        }
    }
}
