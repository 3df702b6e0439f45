package io.corekube.testing.fleet.contract;

import io.corekube.testing.fleet.RealFleetCluster;
import java.net.URI;
import java.time.Duration;

/** The contract's target on a real fleet v1.0.0 cluster. */
public final class RealFleetTarget implements FleetTarget {

    @Override
    public Cluster start(RealFleetCluster.Spec spec) {
        RealFleetCluster fleet = RealFleetCluster.start(spec);
        return new Cluster() {
            @Override
            public URI endpoint() {
                return fleet.endpoint();
            }

            @Override
            public void stop(int i) {
                fleet.stop(i);
            }

            @Override
            public void kill(int i) {
                fleet.kill(i);
            }

            @Override
            public int addMachine(String metadata) {
                return fleet.addMachine(metadata);
            }

            @Override
            public java.util.Optional<io.corekube.testing.etcd.EtcdServer> etcd() {
                return java.util.Optional.of(fleet.etcd());
            }

            @Override
            public void close() {
                fleet.close();
            }
        };
    }

    @Override
    public Duration patience() {
        return Duration.ofSeconds(45);
    }
}
