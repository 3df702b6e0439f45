package io.corekube.testing.fleet;

import io.corekube.ClientExchange;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitSubmission;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One workload, two servers, one run: 100 units on 10 machines (10 pinned to each by MachineID) submitted
 * through the FleetUnitScheduler, then observed until every one runs; prints requests, response bytes and wall
 * time per phase for the FleetSimulator and for a real fleet v1.0.0. Test scope (it needs ../shared); run with
 * {@code mvn -pl corekube-testing exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.corekube.testing.fleet.FleetWorkloadBenchmark}.
 */
public final class FleetWorkloadBenchmark {

    private static final PrintStream OUT = System.out;

    private FleetWorkloadBenchmark() {
    }

    /** Runs the workload on both servers. */
    public static void main(String[] args) throws Exception {
        OUT.printf("%-10s %-8s %9s %12s %10s%n", "server", "phase", "requests", "bytes", "wall ms");
        try (FleetSimulator sim = FleetSimulator.builder().machines(10, Map.of()).build()) {
            run("simulator", sim.endpoint());
        }
        try (RealFleetCluster real = RealFleetCluster.start(RealFleetCluster.Spec.of(10))) {
            run("real", real.endpoint());
        }
    }

    private static void run(String server, URI endpoint) throws InterruptedException {
        List<ClientExchange> exchanges = new CopyOnWriteArrayList<>();
        try (FleetClient fleet = FleetClient.builder().endpoint(endpoint).listener(exchanges::add).build()) {
            FleetUnitScheduler scheduler = new FleetUnitScheduler(fleet);
            List<UnitSubmission> units = new ArrayList<>();
            for (int m = 1; m <= 10; m++) {
                for (int u = 0; u < 10; u++) {
                    String id = String.format("%032x", m);
                    units.add(UnitSubmission.builder().name("w" + u + "@" + id + ".service").unit(UnitFile.builder()
                            .service("ExecStart", "/bin/w " + u).fleet("MachineID", id).build()).build());
                }
            }
            long start = System.nanoTime();
            units.forEach(scheduler::submit);
            report(server, "submit", exchanges, start);

            exchanges.clear();
            start = System.nanoTime();
            List<String> names = units.stream().map(UnitSubmission::name).toList();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline && scheduler.observe(names).values().stream()
                    .filter(s -> s.subState().equals("running")).count() < 100) {
                Thread.sleep(200);
            }
            report(server, "converge", exchanges, start);
        }
    }

    private static void report(String server, String phase, List<ClientExchange> exchanges, long start) {
        OUT.printf("%-10s %-8s %9d %,12d %10.0f%n", server, phase, exchanges.size(),
                exchanges.stream().mapToLong(ClientExchange::responseBytes).sum(), (System.nanoTime() - start) / 1e6);
    }
}
