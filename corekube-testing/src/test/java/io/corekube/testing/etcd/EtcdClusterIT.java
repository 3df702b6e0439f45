package io.corekube.testing.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.etcd.v2.EtcdV2Client;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A real three-member cluster: every member serves, and the clients fail over when one dies. */
class EtcdClusterIT {

    @Test
    void threeMembersServeAndClientsFailOverWhenOneIsKilled() {
        try (EtcdCluster cluster = EtcdCluster.start(3)) {
            assertEquals(3, cluster.members().size());
            var builder = EtcdConfig.builder()
                    .retryPolicy(RetryPolicy.builder().maxAttempts(5).maxDelay(Duration.ofMillis(500)).build());
            cluster.clientUrls().forEach(url -> builder.addEndpoint(URI.create(url)));
            EtcdConfig config = builder.build();
            try (EtcdV2Client v2 = EtcdV2Client.create(config);
                 EtcdDeploymentStore store = EtcdDeploymentStore.builder(config).build()) {
                v2.set("/cluster/a", "1");
                for (String url : cluster.clientUrls()) {
                    try (EtcdV2Client member = EtcdV2Client.create(EtcdConfig.of(url))) {
                        assertEquals("1", member.get("/cluster/a").node().value().orElseThrow(), url);
                    }
                }
                cluster.members().get(0).kill();
                assertFalse(cluster.members().get(0).isRunning());
                v2.set("/cluster/b", "2");
                assertEquals("2", v2.get("/cluster/b").node().value().orElseThrow());
                assertTrue(store.compareAndSet(DeploymentRecord.builder().machineId("m1").role("master")
                        .phase(DeploymentPhase.PENDING).updatedAt(Instant.now()).build(), 0).isPresent());
            }
        }
    }
}
