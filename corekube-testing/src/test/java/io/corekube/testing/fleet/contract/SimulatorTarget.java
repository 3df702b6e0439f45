package io.corekube.testing.fleet.contract;

import io.corekube.cluster.Machine;
import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.testing.fleet.RealFleetCluster;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The contract's target on the simulator, configured to match the real cluster's spec. */
public final class SimulatorTarget implements FleetTarget {

    @Override
    public Cluster start(RealFleetCluster.Spec spec) {
        FleetSimulator.Builder b = FleetSimulator.builder().pageSize(spec.pageSize()).agentTtl(spec.agentTtl())
                .stateLinger(Duration.ofSeconds(1));
        for (int i = 1; i <= spec.machines(); i++) {
            b.machine(machine(i, spec.metadata().getOrDefault(i, "kubernetes_role=minion")));
        }
        for (String part : spec.startDelay().split(",")) {
            if (part.contains("=")) {
                String[] kv = part.split("=");
                b.startDelay(kv[0], Duration.parse("PT" + kv[1].toUpperCase()));
            }
        }
        for (String glob : spec.failGlobs().split(",")) {
            if (!glob.isBlank()) {
                b.failUnits(glob);
            }
        }
        FleetSimulator sim = b.build();
        int[] next = {spec.machines() + 1};
        return new Cluster() {
            @Override
            public URI endpoint() {
                return sim.endpoint();
            }

            @Override
            public void stop(int i) {
                sim.stopMachine(RealFleetCluster.machineId(i));
            }

            @Override
            public void kill(int i) {
                sim.killMachine(RealFleetCluster.machineId(i));
            }

            @Override
            public int addMachine(String metadata) {
                int i = next[0]++;
                sim.addMachine(machine(i, metadata));
                return i;
            }

            @Override
            public void close() {
                sim.close();
            }
        };
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(10);
    }

    static Machine machine(int i, String metadata) {
        Map<String, String> md = new LinkedHashMap<>();
        for (String pair : metadata.split(",")) {
            if (pair.contains("=")) {
                md.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return Machine.builder().id(RealFleetCluster.machineId(i)).primaryIp("127.0.0." + i).metadata(md).build();
    }
}
