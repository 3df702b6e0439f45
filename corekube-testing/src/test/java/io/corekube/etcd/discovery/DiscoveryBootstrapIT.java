package io.corekube.etcd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.EtcdV2Node;
import io.corekube.testing.etcd.EtcdServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real etcd members bootstrap through a token the SDK created, while the SDK watches. */
class DiscoveryBootstrapIT {

    @Test
    void threeRealMembersBootstrapThroughAnSdkTokenAndAFourthIsRefusedAsFull() throws Exception {
        List<EtcdServer> members = new ArrayList<>();
        try (EtcdServer discoveryHost = EtcdServer.builder().name("discovery").build().start();
             EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of(discoveryHost.clientUrl()))) {
            DiscoveryToken token = discovery.createToken(3);
            String url = token.url().orElseThrow();
            for (int i = 0; i < 3; i++) {
                members.add(EtcdServer.builder().name("n" + i).discovery(url).build());
            }
            Set<String> expectedIds = members.stream()
                    .map(m -> MemberIds.compute(List.of(m.peerUrl()), url)).collect(Collectors.toSet());

            List<DiscoveryMember> observed = new CopyOnWriteArrayList<>();
            var full = discovery.awaitFull(token, Duration.ofSeconds(60), observed::add);
            members.forEach(EtcdServer::start);
            List<DiscoveryMember> cluster = full.get(90, TimeUnit.SECONDS);

            assertEquals(expectedIds, cluster.stream().map(DiscoveryMember::id).collect(Collectors.toSet()));
            assertEquals(3, observed.size());
            assertEquals(Set.of("n0", "n1", "n2"), cluster.stream().map(DiscoveryMember::name).collect(Collectors.toSet()));
            for (EtcdServer m : members) {
                m.awaitHealthy(Duration.ofSeconds(60));
            }
            try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(discoveryHost.clientUrl()))) {
                Set<String> registeredKeys = raw.get(token.key()).node().nodes().stream().map(EtcdV2Node::name)
                        .collect(Collectors.toSet());
                assertEquals(expectedIds, registeredKeys, "IDs etcd registered under the token");
                for (EtcdServer m : members) {
                    String id = MemberIds.compute(List.of(m.peerUrl()), url);
                    assertEquals(DiscoveryMember.registrationValue(m.name(), List.of(m.peerUrl())),
                            raw.get(token.key() + "/" + id).node().value().orElseThrow(), "value etcd wrote for " + id);
                }
            }
            for (EtcdServer m : members) {
                String id = MemberIds.compute(List.of(m.peerUrl()), url);
                assertTrue(m.log().contains(id), "etcd " + m.name() + " never logged its ID " + id);
            }
            DiscoveryStatus status = discovery.inspect(token);
            assertTrue(status.isFull());
            assertTrue(status.surplus().isEmpty());

            EtcdServer fourth = EtcdServer.builder().name("n3").discovery(url).build();
            members.add(fourth);
            fourth.start();
            assertTrue(fourth.awaitExit(Duration.ofSeconds(60)), "a fourth member did not give up");
            assertTrue(fourth.exitCode().orElseThrow() != 0);
            assertTrue(fourth.log().contains("discovery: cluster is full"), fourth.log());

            ClusterFullException sdkFull = assertThrows(ClusterFullException.class,
                    () -> discovery.register(token, "n4", List.of("http://127.0.0.1:1")));
            assertEquals(cluster.stream().map(DiscoveryMember::id).collect(Collectors.toSet()),
                    sdkFull.admitted().stream().map(DiscoveryMember::id).collect(Collectors.toSet()));
        } finally {
            members.forEach(EtcdServer::close);
        }
    }
}
