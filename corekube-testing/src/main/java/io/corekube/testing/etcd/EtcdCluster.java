package io.corekube.testing.etcd;

import io.corekube.testing.internal.FreePorts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Several real etcd members forming one cluster on loopback; close it to stop all and delete their data. */
public final class EtcdCluster implements AutoCloseable {

    private final List<EtcdServer> members;

    private EtcdCluster(List<EtcdServer> members) {
        this.members = members;
    }

    /** Starts {@code size} members (3 for a fault-tolerant cluster) and waits until every one is healthy. */
    public static EtcdCluster start(int size) {
        List<Integer> peerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            peerPorts.add(FreePorts.next());
        }
        String initialCluster = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> "m" + i + "=http://127.0.0.1:" + peerPorts.get(i))
                .collect(Collectors.joining(","));
        List<EtcdServer> members = new ArrayList<>();
        EtcdCluster cluster = new EtcdCluster(members);
        try {
            for (int i = 0; i < size; i++) {
                members.add(EtcdServer.builder().name("m" + i).initialCluster(initialCluster, peerPorts.get(i))
                        .build().startProcess());
            }
            members.forEach(m -> m.awaitHealthy(Duration.ofSeconds(60)));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The members, in start order. */
    public List<EtcdServer> members() {
        return List.copyOf(members);
    }

    /** Every member's client URL. */
    public List<String> clientUrls() {
        return members.stream().map(EtcdServer::clientUrl).toList();
    }

    @Override
    public void close() {
        members.forEach(EtcdServer::close);
    }
}
