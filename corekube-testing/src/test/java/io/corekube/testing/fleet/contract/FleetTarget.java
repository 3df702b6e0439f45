package io.corekube.testing.fleet.contract;

import io.corekube.testing.fleet.RealFleetCluster;
import java.net.URI;
import java.time.Duration;

/** A fleet server the contract suite runs against: the simulator or the real fleet. */
public interface FleetTarget {

    /** Starts a cluster as specified (machine i has ID i in 32 hex and public IP 127.0.0.i). */
    Cluster start(RealFleetCluster.Spec spec);

    /** How long convergence may take on this server. */
    Duration patience();

    /** A running cluster. */
    interface Cluster extends AutoCloseable {
        /** The API's base URL (paths under {@code /fleet/v1}). */
        URI endpoint();

        /** Stops machine i cleanly. */
        void stop(int i);

        /** Kills machine i. */
        void kill(int i);

        /** Adds a machine with fleet-style metadata {@code k=v,k2=v2}; returns its index. */
        int addMachine(String metadata);

        /** The etcd the fleet servers use, when they use one (the simulator does not). */
        default java.util.Optional<io.corekube.testing.etcd.EtcdServer> etcd() {
            return java.util.Optional.empty();
        }

        @Override
        void close();
    }
}
