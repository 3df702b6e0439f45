package io.corekube.examples;

import io.corekube.cluster.Machine;
import io.corekube.examples.bench.DeployBenchmark;
import io.corekube.fleet.FleetClient;
import io.corekube.testing.fleet.RealFleetCluster;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (b): the engine on the real fleet v1.0.0 (built from ../shared/peers, fake systemd with start delays of
 * 3 s for download units and 1 s for the others) with N = 4, 10 and 20 machines, recording in the fleet's etcd,
 * against the original Overlord's algorithm on fresh clusters of the same kind. Prints one table. Lives in test
 * scope because the real-fleet launcher does. Run:
 * {@code mvn -pl corekube-examples exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.corekube.examples.RealFleetDeployBenchmark [-Dexec.args=4,10,20]}.
 */
public final class RealFleetDeployBenchmark {

    private RealFleetDeployBenchmark() {
    }

    /** Runs the benchmark; the optional argument lists the machine counts. */
    public static void main(String[] args) throws Exception {
        List<Integer> counts = Arrays.stream((args.length > 0 ? args[0] : "4,10,20").split(","))
                .map(Integer::parseInt).toList();
        DeployBenchmark.run("Benchmark (b): real fleet v1.0.0, real etcd store", RealFleetDeployBenchmark::cluster,
                counts, Integer.MAX_VALUE, System.out);
        System.exit(0);
    }

    private static DeployBenchmark.Cluster cluster(int machines) {
        RealFleetCluster fleet = RealFleetCluster.start(RealFleetCluster.Spec.of(machines)
                .withMetadata(1, "kubernetes_role=master").withFakes(DeployBenchmark.START_DELAYS, ""));
        return new DeployBenchmark.Cluster() {
            @Override
            public URI fleet() {
                return fleet.endpoint();
            }

            @Override
            public String etcd() {
                return fleet.etcd().clientUrl();
            }

            @Override
            public List<Machine> machines() {
                try (FleetClient client = FleetClient.builder().endpoint(fleet.endpoint()).build()) {
                    return client.machines();
                }
            }

            @Override
            public void close() {
                fleet.close();
            }
        };
    }
}
