package io.corekube.fleet;

import static io.corekube.fleet.FleetSimulatorTest.awaitState;
import static io.corekube.fleet.FleetSimulatorTest.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.unit.SubmitOutcome;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetUnitSchedulerTest {

    @Test
    void theSameContentTwiceCausesOneCreateAndOtherContentASafeReplace() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of()).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build()) {
            FleetUnitScheduler scheduler = new FleetUnitScheduler(fleet);
            UnitSubmission v1 = UnitSubmission.builder().name("app.service").unit(service("/bin/app --v1")).build();
            assertEquals(SubmitOutcome.CREATED, scheduler.submit(v1));
            assertEquals(SubmitOutcome.UNCHANGED, scheduler.submit(v1));
            assertEquals(1L, sim.requestCounts().get("PUT /units/*"), "the same content is sent once");

            UnitSubmission v2 = UnitSubmission.builder().name("app.service").unit(service("/bin/app --v2")).build();
            assertEquals(SubmitOutcome.REPLACED, scheduler.submit(v2));
            assertEquals(v2.unit().hash(), fleet.unit("app.service").orElseThrow().unitFile().hash());
            // fleet reports v1's running state until the agent has replaced it: wait for v2's (bounded)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            UnitStatus running = awaitState(fleet, "app.service", "running");
            while (!running.hash().equals(java.util.Optional.of(v2.unit().hash())) && System.nanoTime() < deadline) {
                running = awaitState(fleet, "app.service", "running");
            }
            assertEquals(java.util.Optional.of(v2.unit().hash()), running.hash());

            UnitSubmission loaded = UnitSubmission.builder().from(v2).desiredState(UnitDesiredState.LOADED).build();
            assertEquals(SubmitOutcome.UNCHANGED, scheduler.submit(loaded));
            assertEquals(java.util.Optional.of(UnitDesiredState.LOADED), fleet.unit("app.service").orElseThrow().desiredState());
            assertTrue(scheduler.destroy("app.service"));
            assertFalse(scheduler.destroy("app.service"));
        }
    }

    @Test
    void observingAThousandUnitsTakesOnePagedListing() {
        try (FleetSimulator sim = FleetSimulator.builder().machines(10, Map.of()).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build()) {
            FleetUnitScheduler scheduler = new FleetUnitScheduler(fleet);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                String name = String.format("unit-%04d.service", i);
                names.add(name);
                fleet.putUnit(name, service("/bin/u" + i), UnitDesiredState.LAUNCHED);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Map<String, UnitStatus> states = Map.of();
            int rounds = 0;
            while (System.nanoTime() < deadline) {
                sim.resetCounters();
                states = scheduler.observe(names);
                rounds++;
                assertEquals(java.util.Set.of("GET /state"), sim.requestCounts().keySet(), "observe reads only /state");
                if (states.size() == 1000 && states.values().stream().allMatch(s -> s.subState().equals("running"))) {
                    break;
                }
            }
            assertEquals(1000, states.size(), "after " + rounds + " rounds");
            sim.resetCounters();
            scheduler.observe(names);
            assertEquals(11L, sim.requestCounts().get("GET /state"),
                    "1000 states fill 10 pages of 100; a full page carries a token, so an 11th, empty page follows");
        }
    }

    @Test
    void aFencedSchedulerReadsButSendsNoWriteOnceLessThanTheMarginOfItsLeaseRemains() {
        java.util.concurrent.atomic.AtomicReference<Duration> left = new java.util.concurrent.atomic.AtomicReference<>(Duration.ofSeconds(5));
        io.corekube.spi.Leadership leadership = new io.corekube.spi.Leadership() {
            @Override
            public String candidateId() {
                return "engine-a";
            }

            @Override
            public boolean isHeld() {
                return true;
            }

            @Override
            public Duration remaining() {
                return left.get();
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> lost() {
                return new java.util.concurrent.CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of()).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build()) {
            io.corekube.spi.UnitScheduler scheduler = new FleetUnitScheduler(fleet)
                    .fencedBy(io.corekube.spi.WriteFence.of(leadership, Duration.ofSeconds(1)));
            UnitSubmission v1 = UnitSubmission.builder().name("app.service").unit(service("/bin/app --v1")).build();
            assertEquals(SubmitOutcome.CREATED, scheduler.submit(v1));

            left.set(Duration.ofMillis(900));
            sim.resetCounters();
            UnitSubmission v2 = UnitSubmission.builder().name("app.service").unit(service("/bin/app --v2")).build();
            io.corekube.spi.LeadershipLostException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    io.corekube.spi.LeadershipLostException.class, () -> scheduler.submit(v2));
            assertTrue(refused.getMessage().contains("900 ms") && refused.write().startsWith("PUT "), refused.getMessage());
            assertEquals(Map.of("GET /units/*", 1L), sim.requestCounts(), "the GET went, the PUT after it did not");
            org.junit.jupiter.api.Assertions.assertThrows(io.corekube.spi.LeadershipLostException.class,
                    () -> scheduler.destroy("app.service"));
            assertEquals(v1.unit().hash(), fleet.unit("app.service").orElseThrow().unitFile().hash(), "v1 stays");
            assertEquals(List.of("app.service"), scheduler.unitNames(), "reads still go");
        }
    }
}
