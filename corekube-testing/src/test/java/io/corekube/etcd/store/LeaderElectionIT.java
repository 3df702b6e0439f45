package io.corekube.etcd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.testing.etcd.EtcdServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Leader election between engine processes: one leads; when it dies, another leads within the lease TTL. */
class LeaderElectionIT {

    private static final int TTL_SECONDS = 3;

    @Test
    void exactlyOneOfThreeProcessesLeadsAndAnotherTakesOverWhenTheLeaderIsKilled() throws Exception {
        List<Process> candidates = new ArrayList<>();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (EtcdServer etcd = EtcdServer.builder().build().start();
             EtcdDeploymentStore observer = EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl()))
                     .prefix("/election").build()) {
            for (String id : List.of("p1", "p2", "p3")) {
                candidates.add(startCandidate(etcd.clientUrl(), id, lines));
            }
            String leader = awaitLine(lines, "LEADING ", 60);
            assertNull(pollLine(lines, "LEADING ", 2), "a second process leads at the same time");
            assertEquals(Optional.of(leader), observer.leader());

            Process leading = candidates.get(Integer.parseInt(leader.substring(1)) - 1);
            long killedAt = System.nanoTime();
            leading.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String next = awaitLine(lines, "LEADING ", TTL_SECONDS + 5);
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf("leader %s killed; %s led after %d ms (lease TTL %d s)%n", leader, next, takeoverMillis,
                    TTL_SECONDS);
            assertNotEquals(leader, next);
            assertTrue(takeoverMillis <= (TTL_SECONDS + 2) * 1000L, "takeover took " + takeoverMillis + " ms");
            assertEquals(Optional.of(next), observer.leader());
            assertNull(pollLine(lines, "LEADING ", 2), "two processes lead after the takeover");
        } finally {
            candidates.forEach(Process::destroyForcibly);
        }
    }

    private static Process startCandidate(String endpoint, String id, BlockingQueue<String> lines) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeaderCandidateMain.class.getName(), endpoint, "/election", Integer.toString(TTL_SECONDS), id)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return p;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        String id = pollLine(lines, prefix, seconds);
        assertNotNull(id, "no '" + prefix + "' line within " + seconds + " s");
        return id;
    }

    private static String pollLine(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        return null;
    }
}
