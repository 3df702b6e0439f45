package io.corekube.etcd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.Versioned;
import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Leadership;
import io.corekube.spi.LeadershipLostException;
import io.corekube.testing.etcd.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fencing on a real etcd: once a store has won leadership, its writes are transactions guarded by the leader key's
 * create revision, so a deposed leader's write fails as such and writes nothing; and a leader whose etcd stops
 * answering ends its leadership by its own monotonic clock, within the lease TTL, without hearing from etcd.
 */
class FencedStoreIT {

    private static EtcdServer etcd;

    @BeforeAll
    static void start() {
        etcd = EtcdServer.builder().name("fenced-store").build().start();
    }

    @AfterAll
    static void stop() {
        etcd.close();
    }

    @Test
    void aDeposedLeadersWritesFailAsSuchAndWriteNothing() throws Exception {
        try (EtcdDeploymentStore a = store("/fence-deposed"); EtcdDeploymentStore b = store("/fence-deposed");
             Client raw = Client.builder().endpoints(etcd.clientUrl()).build()) {
            Leadership leaderA = a.campaign("engine-a").get(10, TimeUnit.SECONDS);
            assertTrue(leaderA.fencingToken() > 0, "the token is the leader key's create revision");
            Versioned<DeploymentRecord> first = a.compareAndSet(record("m1", "engine-a"), 0).orElseThrow();

            // etcd drops a's key as an expired lease would; a's own renewals still succeed, so only etcd can tell
            raw.getKVClient().delete(bytes("/fence-deposed/leader"), DeleteOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS);
            Leadership leaderB = b.campaign("engine-b").get(10, TimeUnit.SECONDS);
            assertTrue(leaderB.fencingToken() > leaderA.fencingToken());
            assertTrue(leaderA.isHeld(), "a has not noticed: its lease lives on");

            LeadershipLostException refused = assertThrows(LeadershipLostException.class,
                    () -> a.compareAndSet(record("m1", "engine-a"), first.revision()));
            assertEquals("engine-a", refused.candidateId());
            assertTrue(refused.getMessage().contains("deposed"), refused.getMessage());
            assertThrows(LeadershipLostException.class, () -> a.compareAndSet(record("m2", "engine-a"), 0));
            assertThrows(LeadershipLostException.class, () -> a.delete("m1", first.revision()));
            assertThrows(LeadershipLostException.class, a::clear);
            assertEquals(first.revision(), b.get("m1").orElseThrow().revision(), "nothing of a's was written");
            assertTrue(b.get("m2").isEmpty());

            Versioned<DeploymentRecord> byB = b.compareAndSet(record("m1", "engine-b"), first.revision()).orElseThrow();
            assertEquals("engine-b", a.get("m1").orElseThrow().value().updatedBy().orElseThrow());
            assertTrue(b.compareAndSet(record("m1", "engine-b"), first.revision()).isEmpty(),
                    "a stale revision from the leader is a lost compare-and-set, not a lost leadership");
            assertTrue(b.delete("m1", byB.revision()));
        }
    }

    @Test
    void aLeadershipResignedWhileHeldHandsOverCleanlyAndOneLostStaysFencedUntilTheNextCampaign() throws Exception {
        try (EtcdDeploymentStore a = store("/fence-resign"); Client raw = Client.builder().endpoints(etcd.clientUrl()).build()) {
            Leadership first = a.campaign("engine-a").get(10, TimeUnit.SECONDS);
            first.close();
            assertTrue(a.compareAndSet(record("m1", "tool"), 0).isPresent(), "after a clean resignation it writes as a tool");

            Leadership second = a.campaign("engine-a").get(10, TimeUnit.SECONDS);
            raw.getKVClient().delete(bytes("/fence-resign/leader"), DeleteOption.builder().isPrefix(true).build())
                    .get(10, TimeUnit.SECONDS);
            assertThrows(LeadershipLostException.class, () -> a.compareAndSet(record("m2", "engine-a"), 0));
            second.close(); // its key was gone: a loss, not a hand-over
            assertThrows(LeadershipLostException.class, () -> a.compareAndSet(record("m2", "engine-a"), 0));
            a.campaign("engine-a").get(10, TimeUnit.SECONDS);
            assertTrue(a.compareAndSet(record("m2", "engine-a"), 0).isPresent(), "a new campaign fences with the new key");
        }
    }

    @Test
    void aLeaderWhoseEtcdIsFrozenLetsGoByItsOwnClockWithinTheLease() throws Exception {
        try (EtcdServer frozen = EtcdServer.builder().name("fence-frozen").build().start();
             EtcdDeploymentStore a = EtcdDeploymentStore.builder(EtcdConfig.of(frozen.clientUrl())).prefix("/fence-frozen")
                     .leaseTtl(Duration.ofSeconds(2)).build()) {
            Leadership leader = a.campaign("engine-a").get(10, TimeUnit.SECONDS);
            assertTrue(leader.remaining().compareTo(Duration.ofSeconds(2)) <= 0 && leader.remaining().toMillis() > 0,
                    leader.remaining().toString());
            long frozenAt = System.nanoTime();
            frozen.pause();
            try {
                // the last renewal it could count on was sent before the freeze: two seconds on, it no longer leads
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(frozenAt + TimeUnit.SECONDS.toNanos(2) - System.nanoTime())) + 10);
                assertFalse(leader.isHeld(), "held past the lease's deadline by its own clock");
                assertEquals(Duration.ZERO, leader.remaining());
                leader.lost().get(5, TimeUnit.SECONDS);
                System.out.printf("etcd frozen: leadership ended by the process's own clock after %d ms (lease 2 s)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt));
                // refused here, without a request: etcd is still frozen and would not answer one
                assertThrows(LeadershipLostException.class, () -> a.compareAndSet(record("m1", "engine-a"), 0));
            } finally {
                frozen.resume();
            }
        }
    }

    private static EtcdDeploymentStore store(String prefix) {
        return EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl())).prefix(prefix).leaseTtl(Duration.ofSeconds(5)).build();
    }

    private static DeploymentRecord record(String machine, String writer) {
        return DeploymentRecord.builder().machineId(machine).role("minion").phase(DeploymentPhase.DEPLOYING)
                .updatedAt(Instant.parse("2026-12-04T09:00:00Z")).updatedBy(writer).build();
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
