package io.corekube.examples;

import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the fleet client against the fleet simulator on loopback and prints the figures: requests per
 * second (reads and unit PUTs, one thread and eight), and the requests and bytes needed to observe the states
 * of 1,000 units once. Argument: operations per measurement (default 5000).
 */
public final class FleetBenchmark {

    private static final PrintStream OUT = System.out;

    private FleetBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (FleetSimulator sim = FleetSimulator.builder().machines(10, Map.of("kubernetes_role", "minion")).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build()) {
            OUT.printf("fleet simulator %s, 10 machines; %d operations per measurement%n", sim.endpoint(), n);
            timed("warm-up", n / 5, 1, i -> fleet.machines());
            report("GET /machines, 1 thread", timed("", n, 1, i -> fleet.machines()));
            report("GET /machines, 8 threads", timed("", n, 8, i -> fleet.machines()));
            report("PUT /units/<name> (create), 1 thread", timed("", n, 1, i -> fleet.putUnit("b" + i + ".service",
                    UnitFile.builder().service("ExecStart", "/bin/b " + i).build(), UnitDesiredState.INACTIVE)));

            for (Object name : fleet.units().stream().map(u -> u.name()).toList()) {
                fleet.destroyUnit((String) name);
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                names.add(String.format("u-%04d.service", i));
                fleet.putUnit(names.get(i), UnitFile.builder().service("ExecStart", "/bin/u " + i).build(), UnitDesiredState.LAUNCHED);
            }
            FleetUnitScheduler scheduler = new FleetUnitScheduler(fleet);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (scheduler.observe(names).size() < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            sim.resetCounters();
            long start = System.nanoTime();
            int seen = scheduler.observe(names).size();
            double ms = (System.nanoTime() - start) / 1e6;
            OUT.printf("%-44s %d states, %d requests, %,d bytes, %.1f ms%n", "observe 1,000 units once (page size 100)",
                    seen, sim.requestTotal(), sim.bytesServed(), ms);
        }
    }

    private static void report(String what, double perSecond) {
        OUT.printf("%-44s %,10.0f requests/s%n", what, perSecond);
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    private static double timed(String label, int n, int threads, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < n; i += threads) {
                        op.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
