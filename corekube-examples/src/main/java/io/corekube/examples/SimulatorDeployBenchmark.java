package io.corekube.examples;

import io.corekube.cluster.Machine;
import io.corekube.examples.bench.DeployBenchmark;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Benchmark (a): the engine on the fleet simulator with N = 10, 100 and 1,000 machines (fake start delays of 3 s
 * for download units and 1 s for the others) and a real etcd store, against the original Overlord's algorithm on
 * the same simulator up to N = 100 (extrapolated beyond). Prints one table. Arguments: the machine counts
 * (default {@code 10,100,1000}) and the largest N the baseline runs at (default 100). Needs Debian's etcd.
 */
public final class SimulatorDeployBenchmark {

    private SimulatorDeployBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        List<Integer> counts = Arrays.stream((args.length > 0 ? args[0] : "10,100,1000").split(","))
                .map(Integer::parseInt).toList();
        int baselineUpTo = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (EtcdServer etcd = EtcdServer.builder().name("bench-store").build().start()) {
            DeployBenchmark.run("Benchmark (a): fleet simulator, real etcd store", n -> cluster(n, etcd.clientUrl()),
                    counts, baselineUpTo, System.out);
        }
    }

    private static DeployBenchmark.Cluster cluster(int machines, String etcd) {
        FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of(Machine.ROLE_KEY, "master"))
                .machines(machines - 1, Map.of(Machine.ROLE_KEY, "minion"))
                .startDelay("*download*", Duration.ofSeconds(3)).startDelay(Duration.ofSeconds(1)).build();
        return new DeployBenchmark.Cluster() {
            @Override
            public URI fleet() {
                return sim.endpoint();
            }

            @Override
            public String etcd() {
                return etcd;
            }

            @Override
            public List<Machine> machines() {
                return sim.machines();
            }

            @Override
            public void close() {
                sim.close();
            }
        };
    }
}
