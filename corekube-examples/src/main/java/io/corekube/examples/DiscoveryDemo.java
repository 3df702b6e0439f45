package io.corekube.examples;

import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryMember;
import io.corekube.etcd.discovery.DiscoveryStatus;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.flannel.FlannelLease;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.spi.Leadership;
import io.corekube.testing.etcd.EtcdServer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The main example, with no cloud at hand: what Corekube's discovery node and overlord do, on this machine.
 * A private discovery etcd starts; the SDK creates a token for three members; three real etcd members
 * bootstrap through it while the SDK watches them register; then the SDK publishes the original Corekube
 * flannel network config on the new cluster, records a deployment per member and elects a leader there.
 * Needs Debian's etcd ({@code bin/setup} installs it).
 */
public final class DiscoveryDemo {

    static final String COREKUBE_FLANNEL_CONFIG = "{\"Network\":\"10.244.0.0/15\", \"Backend\": {\"Type\": \"vxlan\"}}";
    private static final PrintStream OUT = System.out;

    private DiscoveryDemo() {
    }

    /** Runs the demo; the optional argument is the cluster size (default 3). */
    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<EtcdServer> members = new ArrayList<>();
        long started = System.nanoTime();
        try (EtcdServer discoveryNode = EtcdServer.builder().name("discovery").build().start();
             EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of(discoveryNode.clientUrl()))) {
            OUT.println("Private discovery etcd up at " + discoveryNode.clientUrl());
            DiscoveryToken token = discovery.createToken(size);
            OUT.println("Discovery token for " + size + " members: " + token.url().orElseThrow());

            var full = discovery.awaitFull(token, Duration.ofSeconds(90), m ->
                    OUT.printf("  registered: %-4s id=%s peer=%s%n", m.name(), m.id(), m.peerUrls()));
            for (int i = 0; i < size; i++) {
                members.add(EtcdServer.builder().name("node" + i).discovery(token.url().get()).build().start());
            }
            List<DiscoveryMember> cluster = full.get(120, TimeUnit.SECONDS);
            for (EtcdServer m : members) {
                m.awaitHealthy(Duration.ofSeconds(60));
            }
            DiscoveryStatus status = discovery.inspect(token);
            OUT.printf("Cluster full: %d of %d admitted, %d surplus; every member healthy%n",
                    status.admitted().size(), status.size(), status.surplus().size());

            EtcdConfig clusterConfig = EtcdConfig.of(members.stream().map(EtcdServer::clientUrl).toArray(String[]::new));
            try (FlannelEtcd flannel = FlannelEtcd.v2(clusterConfig)) {
                OUT.println("Flannel config at " + flannel.configKey() + ": " + flannel.publish(COREKUBE_FLANNEL_CONFIG)
                        + " " + flannel.readConfig().orElseThrow());
                OUT.println("Publishing it again: " + flannel.publish(COREKUBE_FLANNEL_CONFIG));
                List<FlannelLease> leases = flannel.leases();
                OUT.println("Flannel leases so far: " + leases.size() + " (flanneld daemons would take them)");
            }

            try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(clusterConfig).build()) {
                Leadership leadership = store.campaign("overlord-1").get(30, TimeUnit.SECONDS);
                OUT.println("Leader of the deployment store: " + store.leader().orElse("none"));
                for (DiscoveryMember m : cluster) {
                    store.compareAndSet(DeploymentRecord.builder().machineId(m.id()).role(m.name().equals("node0")
                            ? "master" : "minion").phase(DeploymentPhase.PENDING).updatedAt(Instant.now()).build(), 0);
                }
                OUT.println("Deployment records: " + store.snapshot().records().stream()
                        .map(v -> v.value().machineId() + "=" + v.value().role()).collect(Collectors.joining(", ")));
                leadership.close();
            }
            OUT.printf("Done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        } finally {
            members.forEach(EtcdServer::close);
        }
    }
}
