package io.corekube.etcd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corekube.RetryPolicy;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.RecordChange;
import io.corekube.deploy.UnitProgress;
import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Subscription;
import io.corekube.testing.etcd.EtcdServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real etcd killed and restarted under a v3 watch of the deployment store. */
class EtcdStoreFaultIT {

    @Test
    void watchResumesAfterTheServerIsKilledAndRestartedWithoutLosingAnEvent() throws InterruptedException {
        try (EtcdServer etcd = EtcdServer.builder().build().start();
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.builder()
                     .from(EtcdConfig.of(etcd.clientUrl()))
                     .retryPolicy(RetryPolicy.builder().maxAttempts(30).maxDelay(Duration.ofMillis(500)).build())
                     .build()).build()) {
            List<String> seen = new CopyOnWriteArrayList<>();
            List<Long> revisions = new CopyOnWriteArrayList<>();
            try (Subscription ignored = store.watch(store.snapshot().revision(), (RecordChange c) -> {
                seen.add(c.machineId());
                revisions.add(c.revision());
            })) {
                List<String> written = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    store.compareAndSet(record("m" + i), 0).orElseThrow();
                    written.add("m" + i);
                }
                awaitSize(seen, 5);
                etcd.kill();
                etcd.restart();
                for (int i = 5; i < 10; i++) {
                    writeRetrying(store, "m" + i);
                    written.add("m" + i);
                }
                awaitSize(seen, 10);
                assertEquals(written, seen);
                assertEquals(revisions.stream().sorted().distinct().toList(), revisions);
            }
        }
    }

    private static void writeRetrying(EtcdDeploymentStore store, String id) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                store.compareAndSet(record(id), 0).orElseThrow();
                return;
            } catch (RuntimeException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("could not write " + id + " after the restart");
    }

    private static DeploymentRecord record(String id) {
        return DeploymentRecord.builder().machineId(id).role("minion").phase(DeploymentPhase.PENDING)
                .putUnit("u", UnitProgress.builder().hash("h").state(UnitProgress.State.SUBMITTED).build())
                .updatedAt(Instant.now()).build();
    }

    private static void awaitSize(List<String> seen, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(size, seen.size(), "changes seen: " + seen);
    }
}
