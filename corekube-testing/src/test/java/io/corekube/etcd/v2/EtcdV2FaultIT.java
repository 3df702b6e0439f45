package io.corekube.etcd.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Subscription;
import io.corekube.testing.etcd.EtcdServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A real etcd killed and restarted under a v2 watch; and a server without the v2 API. */
class EtcdV2FaultIT {

    @Test
    void watchResumesAfterTheServerIsKilledAndRestartedWithoutLosingAnEvent() throws InterruptedException {
        try (EtcdServer server = EtcdServer.builder().build().start();
             EtcdV2Client etcd = EtcdV2Client.create(EtcdConfig.builder().from(EtcdConfig.of(server.clientUrl()))
                     .retryPolicy(RetryPolicy.builder().maxAttempts(20).maxDelay(Duration.ofMillis(500)).build())
                     .build())) {
            long start = etcd.set("/fault/seed", "s").node().modifiedIndex() + 1;
            List<String> seen = new CopyOnWriteArrayList<>();
            try (Subscription ignored = etcd.watch("/fault", WatchOptions.builder().recursive(true).fromIndex(start)
                    .build(), e -> seen.add(e.node().key()))) {
                List<String> written = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    etcd.set("/fault/k" + i, "v");
                    written.add("/fault/k" + i);
                }
                awaitSize(seen, 5);
                server.kill();
                server.restart();
                for (int i = 5; i < 10; i++) {
                    etcd.set("/fault/k" + i, "v");
                    written.add("/fault/k" + i);
                }
                awaitSize(seen, 10);
                assertEquals(written, seen);
            }
        }
    }

    @Test
    void serverWithoutV2IsReportedPlainly() {
        try (EtcdServer server = EtcdServer.builder().enableV2(false).build().start();
             EtcdV2Client etcd = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()))) {
            V2ApiNotEnabledException e = assertThrows(V2ApiNotEnabledException.class, etcd::checkV2Enabled);
            assertTrue(e.getMessage().contains("--enable-v2"), e.getMessage());
            assertEquals(404, e.status().getAsInt());
        }
    }

    private static void awaitSize(List<String> seen, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(size, seen.size(), "events seen: " + seen);
    }
}
