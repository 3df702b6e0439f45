package io.corekube.etcd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.internal.Processes;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leader election between engine processes on a real etcd: one leads; when it dies, another leads within the lease
 * TTL; and a waiting candidate paused (SIGSTOP) past its lease campaigns again when it resumes instead of dropping
 * out. Each candidate's log is kept in {@code target/leader-election/}.
 */
class LeaderElectionIT {

    private static final int TTL_SECONDS = 3;
    private static final Path LOGS = Path.of("target", "leader-election");

    private static EtcdServer etcd;
    private final List<Process> candidates = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @BeforeAll
    static void startEtcd() throws IOException {
        Files.createDirectories(LOGS);
        etcd = EtcdServer.builder().name("leader-election").build().start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @AfterEach
    void stopCandidates() {
        candidates.forEach(Process::destroyForcibly);
    }

    @Test
    void exactlyOneOfThreeProcessesLeadsAndAnotherTakesOverWhenTheLeaderIsKilled() throws Exception {
        try (EtcdDeploymentStore observer = observer("/election")) {
            for (String id : List.of("p1", "p2", "p3")) {
                startCandidate("/election", id);
            }
            String leader = awaitLine("LEADING ", 60);
            assertNull(pollLine("LEADING ", 2), "a second process leads at the same time");
            assertEquals(Optional.of(leader), observer.leader());

            Process leading = candidates.get(Integer.parseInt(leader.substring(1)) - 1);
            long killedAt = System.nanoTime();
            leading.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String next = awaitLine("LEADING ", TTL_SECONDS + 5);
            long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf("leader %s killed; %s led after %d ms (lease TTL %d s)%n", leader, next, takeoverMillis,
                    TTL_SECONDS);
            assertNotEquals(leader, next);
            assertTrue(takeoverMillis <= (TTL_SECONDS + 2) * 1000L, "takeover took " + takeoverMillis + " ms");
            assertEquals(Optional.of(next), observer.leader());
            assertNull(pollLine("LEADING ", 2), "two processes lead after the takeover");
        }
    }

    @Test
    void aCandidatePausedPastItsLeaseCampaignsAgainAndTakesOverWhenTheLeaderDies() throws Exception {
        String prefix = "/election-paused";
        ByteSequence election = ByteSequence.from(prefix + "/leader", StandardCharsets.UTF_8);
        try (EtcdDeploymentStore observer = observer(prefix);
             Client raw = Client.builder().endpoints(etcd.clientUrl()).build()) {
            Process leader = startCandidate(prefix, "p1");
            assertEquals("p1", awaitLine("LEADING ", 60));
            Process waiting = startCandidate(prefix, "p2");
            assertTrue(awaitCandidateKeys(raw, election, 2), "p2's key never appeared in the election");

            Processes.signal(waiting, "STOP");
            try {
                assertTrue(awaitCandidateKeys(raw, election, 1), "p2's key outlived its paused lease");
            } finally {
                Processes.signal(waiting, "CONT");
            }
            assertTrue(awaitCandidateKeys(raw, election, 2), "p2 did not campaign again on a new lease");
            assertTrue(waiting.isAlive(), "p2 gave up");

            long killedAt = System.nanoTime();
            leader.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertEquals("p2", awaitLine("LEADING ", TTL_SECONDS + 5));
            System.out.printf("paused candidate p2 led %d ms after the leader was killed%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertEquals(Optional.of("p2"), observer.leader());
        }
    }

    private static EtcdDeploymentStore observer(String prefix) {
        return EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl())).prefix(prefix).build();
    }

    /** Waits up to 15 s for the election to hold {@code count} candidate keys. */
    private static boolean awaitCandidateKeys(Client raw, ByteSequence election, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            long keys = raw.getKVClient().get(election, GetOption.builder().isPrefix(true).withCountOnly(true).build())
                    .get(5, TimeUnit.SECONDS).getCount();
            if (keys == count) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private Process startCandidate(String prefix, String id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LeaderCandidateMain.class.getName(), etcd.clientUrl(), prefix, Integer.toString(TTL_SECONDS), id)
                .redirectError(LOGS.resolve(prefix.substring(1) + "-" + id + ".log").toFile()).start();
        candidates.add(p);
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

    private String awaitLine(String prefix, int seconds) throws InterruptedException {
        String id = pollLine(prefix, seconds);
        assertNotNull(id, "no '" + prefix + "' line within " + seconds + " s (candidates' logs: " + LOGS + ")");
        return id;
    }

    private String pollLine(String prefix, int seconds) throws InterruptedException {
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
