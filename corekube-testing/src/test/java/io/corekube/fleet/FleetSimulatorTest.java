package io.corekube.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.cluster.Machine;
import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet client against the simulator: what only a live server shows. */
class FleetSimulatorTest {

    private static final Map<String, String> MINION = Map.of("kubernetes_role", "minion");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private FleetSimulator simulator(FleetSimulator.Builder b) {
        FleetSimulator s = b.build();
        closing.add(s);
        return s;
    }

    private FleetClient client(FleetSimulator s) {
        FleetClient c = FleetClient.builder().endpoint(s.endpoint()).retryPolicy(RetryPolicy.builder().maxAttempts(2)
                .baseDelay(Duration.ofMillis(1)).build()).build();
        closing.add(c);
        return c;
    }

    static UnitFile service(String exec, String... fleetKeyValues) {
        UnitFile.Builder b = UnitFile.builder().service("ExecStart", exec);
        for (int i = 0; i < fleetKeyValues.length; i += 2) {
            b.fleet(fleetKeyValues[i], fleetKeyValues[i + 1]);
        }
        return b.build();
    }

    static UnitStatus awaitState(FleetClient fleet, String unit, String subState) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<UnitStatus> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = fleet.unitStates(FleetClient.StateFilter.unit(unit));
            if (seen.stream().anyMatch(s -> s.subState().equals(subState))) {
                return seen.stream().filter(s -> s.subState().equals(subState)).findFirst().get();
            }
            sleep(20);
        }
        throw new AssertionError(unit + " never reached " + subState + "; last seen " + seen);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void unitLifecycleWithPagination() {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(2, MINION).pageSize(2));
        FleetClient fleet = client(sim);
        for (int i = 0; i < 5; i++) {
            assertEquals(PutOutcome.CREATED, fleet.putUnit("u" + i + ".service", service("/bin/u" + i), UnitDesiredState.LOADED));
        }
        assertEquals(PutOutcome.UPDATED, fleet.putUnit("u0.service", service("/bin/u0"), UnitDesiredState.LAUNCHED));
        assertEquals(PutOutcome.CREATED, fleet.putUnit("u1.service", service("/bin/other"), UnitDesiredState.LAUNCHED));
        assertEquals(List.of("u0.service", "u1.service", "u2.service", "u3.service", "u4.service"),
                fleet.units().stream().map(FleetUnit::name).toList());
        assertEquals(3L, sim.requestCounts().get("GET /units"), "5 units on pages of 2 take 3 requests");
        FleetUnit u1 = fleet.unit("u1.service").orElseThrow();
        assertEquals(service("/bin/other").options(), u1.options());
        assertEquals(Optional.of(UnitDesiredState.LAUNCHED), u1.desiredState());
        assertTrue(fleet.destroyUnit("u1.service"));
        assertFalse(fleet.destroyUnit("u1.service"));
        assertEquals(Optional.empty(), fleet.unit("u1.service"));
    }

    @Test
    void errorsCarryFleetsMessages() {
        FleetClient fleet = client(simulator(FleetSimulator.builder().machines(1, MINION)));
        assertEquals("unit does not exist and options field empty", assertThrows(FleetConflictException.class,
                () -> fleet.setDesiredState("nope.service", UnitDesiredState.LAUNCHED)).fleetMessage());
        fleet.putUnit("t@.service", service("/bin/t"), UnitDesiredState.INACTIVE);
        assertEquals("cannot activate template \"t@.service\"", assertThrows(FleetBadRequestException.class,
                () -> fleet.setDesiredState("t@.service", UnitDesiredState.LAUNCHED)).fleetMessage());
        assertEquals("MachineID cannot be used with Global", assertThrows(FleetBadRequestException.class,
                () -> fleet.putUnit("g.service", UnitFile.ofStored(service("/a", "MachineID", "x", "Global", "true").options()),
                        UnitDesiredState.LAUNCHED)).fleetMessage());
    }

    @Test
    void servicesOneshotsAndFailingUnitsReachTheirStates() {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(1, MINION).failUnits("broken*")
                .startDelay("slow*", Duration.ofMillis(400)));
        FleetClient fleet = client(sim);
        fleet.putUnit("svc.service", service("/bin/svc"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("remain.service", UnitFile.builder().service("Type", "oneshot").service("RemainAfterExit", "yes")
                .service("ExecStart", "/bin/dl").build(), UnitDesiredState.LAUNCHED);
        fleet.putUnit("once.service", UnitFile.builder().service("Type", "oneshot").service("ExecStart", "/bin/x").build(),
                UnitDesiredState.LAUNCHED);
        fleet.putUnit("broken.service", service("/bin/broken"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("loaded.service", service("/bin/l"), UnitDesiredState.LOADED);
        fleet.putUnit("slow.service", service("/bin/slow"), UnitDesiredState.LAUNCHED);

        assertEquals("active", awaitState(fleet, "svc.service", "running").activeState());
        assertEquals("active", awaitState(fleet, "remain.service", "exited").activeState());
        assertEquals("inactive", awaitState(fleet, "once.service", "dead").activeState());
        assertEquals("failed", awaitState(fleet, "broken.service", "failed").activeState());
        UnitStatus loaded = awaitState(fleet, "loaded.service", "dead");
        assertEquals("loaded", loaded.loadState());
        assertEquals("activating", awaitState(fleet, "slow.service", "start").activeState());
        awaitState(fleet, "slow.service", "running");
        assertEquals(Optional.of(service("/bin/svc").hash()), awaitState(fleet, "svc.service", "running").hash());
        assertEquals(Optional.of(UnitDesiredState.LAUNCHED), fleet.unit("svc.service").orElseThrow().currentState());
    }

    @Test
    void schedulingHonoursEveryConstraint() {
        FleetSimulator sim = simulator(FleetSimulator.builder()
                .machine(Machine.builder().id("a".repeat(32)).primaryIp("10.0.0.1").putMetadata("kubernetes_role", "master").build())
                .machines(3, MINION));
        FleetClient fleet = client(sim);
        String master = "a".repeat(32);
        fleet.putUnit("by-id.service", service("/a", "MachineID", master.substring(0, 8)), UnitDesiredState.LAUNCHED);
        fleet.putUnit("by-role.service", service("/a", "MachineMetadata", "kubernetes_role=master"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("anchor.service", service("/a", "MachineMetadata", "kubernetes_role=minion"), UnitDesiredState.LAUNCHED);
        awaitState(fleet, "anchor.service", "running");
        fleet.putUnit("follower.service", service("/a", "MachineOf", "anchor.service"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("web1.service", service("/a", "Conflicts", "web*"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("web2.service", service("/a", "Conflicts", "web*"), UnitDesiredState.LAUNCHED);
        fleet.putUnit("everywhere.service", service("/a", "Global", "true", "MachineMetadata", "kubernetes_role=minion"),
                UnitDesiredState.LAUNCHED);

        assertEquals(master, awaitState(fleet, "by-id.service", "running").machineId());
        assertEquals(master, awaitState(fleet, "by-role.service", "running").machineId());
        assertEquals(awaitState(fleet, "anchor.service", "running").machineId(),
                awaitState(fleet, "follower.service", "running").machineId());
        assertFalse(awaitState(fleet, "web1.service", "running").machineId()
                .equals(awaitState(fleet, "web2.service", "running").machineId()));
        awaitState(fleet, "everywhere.service", "running");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (fleet.unitStates(FleetClient.StateFilter.unit("everywhere.service")).size() < 3 && System.nanoTime() < deadline) {
            sleep(20);
        }
        Set<String> globalOn = fleet.unitStates(FleetClient.StateFilter.unit("everywhere.service")).stream()
                .map(UnitStatus::machineId).collect(Collectors.toSet());
        assertEquals(3, globalOn.size());
        assertFalse(globalOn.contains(master));
        FleetUnit global = fleet.unit("everywhere.service").orElseThrow();
        assertEquals(Optional.empty(), global.machineId());
        assertEquals(Optional.empty(), global.currentState());
    }

    @Test
    void unitsOfAStoppedMachineAreRescheduledAndAKilledOneLingersUntilItsTtl() {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(3, MINION).agentTtl(Duration.ofMillis(600)));
        FleetClient fleet = client(sim);
        fleet.putUnit("a.service", service("/a"), UnitDesiredState.LAUNCHED);
        String first = awaitState(fleet, "a.service", "running").machineId();
        sim.stopMachine(first);
        assertFalse(fleet.machines().stream().anyMatch(m -> m.id().equals(first)));
        String second = awaitState(fleet, "a.service", "running").machineId();
        assertFalse(second.equals(first));

        sim.killMachine(second);
        assertTrue(fleet.machines().stream().anyMatch(m -> m.id().equals(second)), "a killed machine stays until its TTL");
        assertEquals(second, fleet.unitStates(FleetClient.StateFilter.unit("a.service")).get(0).machineId());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String third = second;
        while (third.equals(second) && System.nanoTime() < deadline) {
            sleep(20);
            List<UnitStatus> states = fleet.unitStates(FleetClient.StateFilter.unit("a.service"));
            third = states.isEmpty() ? second : states.get(0).machineId();
        }
        assertFalse(third.equals(second), "never rescheduled after the TTL");
        assertFalse(fleet.machines().stream().anyMatch(m -> m.id().equals(second)));
    }

    @Test
    void metadataPatchesChangeListingAndScheduling() {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(2, MINION));
        FleetClient fleet = client(sim);
        String target = fleet.machines().get(1).id();
        fleet.patchMachines(List.of(MetadataOperation.set(target, "zone", "b")));
        assertEquals("b", fleet.machines().get(1).metadata().get("zone"));
        fleet.putUnit("zoned.service", service("/z", "MachineMetadata", "zone=b"), UnitDesiredState.LAUNCHED);
        assertEquals(target, awaitState(fleet, "zoned.service", "running").machineId());
        fleet.patchMachines(List.of(MetadataOperation.remove(target, "kubernetes_role")));
        assertFalse(fleet.machines().get(1).metadata().containsKey("kubernetes_role"));
    }

    @Test
    void theUnixSocketServesTheSameApi(@TempDir Path dir) {
        Path socket = dir.resolve("fleet.sock");
        simulator(FleetSimulator.builder().machines(2, MINION).unixSocket(socket));
        try (FleetClient fleet = FleetClient.builder().unixSocket(socket).build()) {
            assertEquals(2, fleet.machines().size());
            fleet.putUnit("sock.service", service("/s"), UnitDesiredState.LAUNCHED);
            awaitState(fleet, "sock.service", "running");
        }
    }

    @Test
    void injectedErrorsAndDroppedConnectionsAreRetryableFailures() {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(1, MINION));
        FleetClient fleet = client(sim);
        sim.faults(new FleetSimulator.Faults(Duration.ZERO, 1.0, 0));
        FleetException unavailable = assertThrows(FleetException.class, fleet::machines);
        assertEquals(503, unavailable.status().getAsInt());
        assertEquals("fleet server unable to communicate with etcd", unavailable.fleetMessage());
        sim.faults(new FleetSimulator.Faults(Duration.ZERO, 0, 1.0));
        FleetException dropped = assertThrows(FleetException.class, fleet::machines);
        assertTrue(dropped.isRetryable());
        assertTrue(dropped.status().isEmpty());
        sim.faults(FleetSimulator.Faults.none());
        assertEquals(1, fleet.machines().size());
    }

    @Test
    void pageTokensFollowFleetsRules() throws Exception {
        FleetSimulator sim = simulator(FleetSimulator.builder().machines(4, MINION).pageSize(2));
        HttpClient http = HttpClient.newHttpClient();
        String base = sim.endpoint() + "/fleet/v1/machines";
        HttpResponse<String> first = get(http, base);
        assertTrue(first.body().contains("\"nextPageToken\":\"AgACAA==\""), first.body());
        HttpResponse<String> second = get(http, base + "?nextPageToken=AgACAA==");
        assertTrue(second.body().contains("\"nextPageToken\":\"AgADAA==\""), "a full page still carries a token");
        assertEquals("{}", get(http, base + "?nextPageToken=AgADAA==").body(), "the page after a full one is empty");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"token limit must be 2\"}}",
                get(http, base + "?nextPageToken=ZAACAA==").body());
        assertEquals("{\"error\":{\"code\":400,\"message\":\"token page must be greater than zero\"}}",
                get(http, base + "?nextPageToken=AgAAAA==").body());
        assertEquals(400, get(http, base + "?nextPageToken=!!").statusCode());
    }

    static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
