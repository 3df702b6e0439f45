package io.corekube.fleet;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.fuzz.Fuzz;
import io.corekube.fuzz.ScriptedHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * fleet's replies, fuzzed over a real socket: 10,000 random and mutated unit, machine and state pages and units,
 * with random page tokens; nothing but a {@link FleetException} may come out of the client. And a server that
 * never stops paging ends in a typed error after {@link FleetClient#MAX_PAGES} pages.
 */
class FleetClientFuzzTest {

    private static final List<String> UNIT_PAGES = List.of(
            "{\"units\":[{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/a\"}],"
                    + "\"desiredState\":\"launched\",\"currentState\":\"launched\",\"machineID\":\"m1\"}],\"nextPageToken\":\"t1\"}",
            "{\"units\":[]}", "{}");
    private static final List<String> MACHINE_PAGES = List.of(
            "{\"machines\":[{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"role\":\"master\"}}],\"nextPageToken\":\"x\"}");
    private static final List<String> STATE_PAGES = List.of(
            "{\"states\":[{\"name\":\"a.service\",\"hash\":\"abc\",\"machineID\":\"m1\",\"systemdLoadState\":\"loaded\","
                    + "\"systemdActiveState\":\"active\",\"systemdSubState\":\"running\"}],\"nextPageToken\":\"x\"}");

    @Test
    void tenThousandFuzzedRepliesEndInResultsOrFleetExceptionsOnly() throws Exception {
        AtomicReference<String> body = new AtomicReference<>("{}");
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> ScriptedHttpServer.Reply.json(
                request.contains("nextPageToken=") ? "{}" : body.get()));
             FleetClient client = FleetClient.builder().endpoint(server.url()).retryPolicy(RetryPolicy.none()).build()) {
            AtomicInteger n = new AtomicInteger();
            Fuzz.seeded(20261204).forAll(Fuzz.RUNS, f -> switch (f.random().nextInt(4)) {
                case 0 -> f.mixed(UNIT_PAGES, 60);
                case 1 -> f.mixed(MACHINE_PAGES, 60);
                case 2 -> f.mixed(STATE_PAGES, 60);
                default -> f.mixed(List.of(UNIT_PAGES.get(0).substring(10, UNIT_PAGES.get(0).length() - 24)), 60);
            }, reply -> {
                body.set(reply);
                switch (n.getAndIncrement() % 4) {
                    case 0 -> Fuzz.onlyTyped(FleetException.class, client::units);
                    case 1 -> Fuzz.onlyTyped(FleetException.class, client::machines);
                    case 2 -> Fuzz.onlyTyped(FleetException.class, () -> client.unitStates(FleetClient.StateFilter.none()));
                    default -> Fuzz.onlyTyped(FleetException.class, () -> client.unit("a.service"));
                }
            });
            assertTrue(server.requests() >= Fuzz.RUNS, server.requests() + " requests");
        }
    }

    @Test
    void aServerThatNeverStopsPagingEndsInATypedErrorAfterTheBound() throws Exception {
        AtomicInteger token = new AtomicInteger();
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> ScriptedHttpServer.Reply.json(
                "{\"units\":[],\"nextPageToken\":\"fresh-" + token.incrementAndGet() + "\"}"));
             FleetClient client = FleetClient.builder().endpoint(server.url()).build()) {
            FleetMalformedReplyException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(FleetMalformedReplyException.class, client::units));
            assertTrue(e.getMessage().contains("more than " + FleetClient.MAX_PAGES + " pages"), e.getMessage());
            assertTrue(server.requests() == FleetClient.MAX_PAGES, server.requests() + " requests");
        }
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> ScriptedHttpServer.Reply.json(
                "{\"units\":[],\"nextPageToken\":\"same\"}"));
             FleetClient client = FleetClient.builder().endpoint(server.url()).build()) {
            assertTrue(assertThrows(FleetMalformedReplyException.class, client::units).getMessage().contains("came twice"));
            assertTrue(server.requests() == 2);
        }
    }
}
