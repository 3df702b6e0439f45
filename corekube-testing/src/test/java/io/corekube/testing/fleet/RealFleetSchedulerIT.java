package io.corekube.testing.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.ClientExchange;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitStatus;
import io.corekube.unit.UnitSubmission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A real fleet of 10 machines takes a download and a service unit per machine through the FleetUnitScheduler. */
class RealFleetSchedulerIT {

    @Test
    void tenMachinesTakeTheirUnitsAndEachRoundIsOnePagedStateListing() {
        List<ClientExchange> exchanges = new CopyOnWriteArrayList<>();
        try (RealFleetCluster cluster = RealFleetCluster.start(RealFleetCluster.Spec.of(10).withPageSize(10));
             FleetClient fleet = FleetClient.builder().endpoint(cluster.endpoint()).listener(exchanges::add).build()) {
            FleetUnitScheduler scheduler = new FleetUnitScheduler(fleet);
            List<UnitSubmission> submissions = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String id = RealFleetCluster.machineId(i);
                submissions.add(UnitSubmission.builder().name("download@" + id + ".service").unit(UnitFile.builder()
                        .service("Type", "oneshot").service("RemainAfterExit", "yes").service("ExecStart", "/bin/dl")
                        .fleet("MachineID", id).build()).build());
                submissions.add(UnitSubmission.builder().name("kubelet@" + id + ".service").unit(UnitFile.builder()
                        .unit("After", "download@" + id + ".service").service("ExecStart", "/opt/bin/kubelet")
                        .service("Restart", "always").fleet("MachineID", id).build()).build());
            }
            submissions.forEach(scheduler::submit);
            List<String> names = submissions.stream().map(UnitSubmission::name).toList();

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Map<String, UnitStatus> states = Map.of();
            int rounds = 0;
            while (System.nanoTime() < deadline) {
                exchanges.clear();
                states = scheduler.observe(names);
                rounds++;
                assertTrue(exchanges.stream().allMatch(e -> e.method().equals("GET") && e.path().equals("/fleet/v1/state")),
                        "a round reads only /state: " + exchanges);
                assertTrue(exchanges.size() <= 3, "20 states on pages of 10 take at most 3 requests, took " + exchanges.size());
                if (allDone(states)) {
                    break;
                }
                sleep(500);
            }
            assertTrue(allDone(states), "after " + rounds + " rounds: " + states.values());
            for (UnitSubmission s : submissions) {
                UnitStatus status = states.get(s.name());
                assertEquals(s.name().substring(s.name().indexOf('@') + 1, s.name().indexOf(".service")), status.machineId());
                assertEquals(java.util.Optional.of(s.unit().hash()), status.hash(), "hash of " + s.name());
            }
            System.out.printf("10 real machines: 20 units done after %d observation rounds%n", rounds);
        }
    }

    private static boolean allDone(Map<String, UnitStatus> states) {
        return states.size() == 20 && states.values().stream().allMatch(s -> s.name().startsWith("download")
                ? s.subState().equals("exited") : s.subState().equals("running"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
