package io.corekube.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.RecordChange;
import io.corekube.deploy.StoreSnapshot;
import io.corekube.deploy.UnitProgress;
import io.corekube.deploy.Versioned;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.Leadership;
import io.corekube.spi.Subscription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link DeploymentStore}: compare-and-set on revisions, ordered snapshots,
 * watches that replay and follow changes in order, and exactly one leader among candidates, where a withdrawn
 * candidate never leads. Extend it and
 * return a fresh, empty store from {@link #openStore()}.
 */
public abstract class DeploymentStoreContract {

    private static final long WAIT_SECONDS = 15;

    /** The store under test. */
    protected DeploymentStore store;

    /** A fresh store with no records, closed after each test. */
    protected abstract DeploymentStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A record for a machine, in a phase. */
    protected static DeploymentRecord record(String machineId, DeploymentPhase phase, int attempts) {
        return DeploymentRecord.builder().machineId(machineId).role("minion").phase(phase)
                .putUnit("minion-kubelet@" + machineId + ".service", UnitProgress.builder().hash("h" + attempts)
                        .state(UnitProgress.State.SUBMITTED).attempts(attempts).build())
                .updatedAt(Instant.parse("2026-11-26T12:00:00Z")).build();
    }

    @Test
    void createWithRevisionZeroThenReadBackTheSameRecordAndRevision() {
        Versioned<DeploymentRecord> created = store.compareAndSet(record("m1", DeploymentPhase.PENDING, 1), 0)
                .orElseThrow();
        assertTrue(created.revision() > 0);
        assertEquals(Optional.of(created), store.get("m1"));
    }

    @Test
    void createOfAnExistingRecordFailsAndChangesNothing() {
        Versioned<DeploymentRecord> first = store.compareAndSet(record("m1", DeploymentPhase.PENDING, 1), 0).orElseThrow();
        assertEquals(Optional.empty(), store.compareAndSet(record("m1", DeploymentPhase.FAILED, 9), 0));
        assertEquals(Optional.of(first), store.get("m1"));
    }

    @Test
    void compareAndSetWithAStaleRevisionFails() {
        Versioned<DeploymentRecord> v1 = store.compareAndSet(record("m1", DeploymentPhase.PENDING, 1), 0).orElseThrow();
        Versioned<DeploymentRecord> v2 = store.compareAndSet(record("m1", DeploymentPhase.DEPLOYING, 2), v1.revision())
                .orElseThrow();
        assertTrue(v2.revision() > v1.revision());
        assertEquals(Optional.empty(), store.compareAndSet(record("m1", DeploymentPhase.FAILED, 3), v1.revision()));
        assertEquals(DeploymentPhase.DEPLOYING, store.get("m1").orElseThrow().value().phase());
    }

    @Test
    void compareAndSetOfAMissingRecordWithANonZeroRevisionFails() {
        assertEquals(Optional.empty(), store.compareAndSet(record("ghost", DeploymentPhase.PENDING, 1), 42));
        assertEquals(Optional.empty(), store.get("ghost"));
    }

    @Test
    void deleteNeedsTheCurrentRevision() {
        Versioned<DeploymentRecord> v1 = store.compareAndSet(record("m1", DeploymentPhase.PENDING, 1), 0).orElseThrow();
        assertFalse(store.delete("m1", v1.revision() + 1000));
        assertTrue(store.get("m1").isPresent());
        assertTrue(store.delete("m1", v1.revision()));
        assertEquals(Optional.empty(), store.get("m1"));
        assertFalse(store.delete("m1", v1.revision()));
    }

    @Test
    void snapshotIsOrderedByMachineIdAtOneRevision() {
        store.compareAndSet(record("m3", DeploymentPhase.PENDING, 1), 0);
        store.compareAndSet(record("m1", DeploymentPhase.PENDING, 1), 0);
        Versioned<DeploymentRecord> last = store.compareAndSet(record("m2", DeploymentPhase.PENDING, 1), 0).orElseThrow();
        StoreSnapshot snapshot = store.snapshot();
        assertEquals(List.of("m1", "m2", "m3"), snapshot.records().stream().map(v -> v.value().machineId()).toList());
        assertTrue(snapshot.revision() >= last.revision());
    }

    @Test
    void watchReplaysChangesAfterARevisionThenFollowsInOrderIncludingDeletes() throws InterruptedException {
        long start = store.snapshot().revision();
        Versioned<DeploymentRecord> a = store.compareAndSet(record("a", DeploymentPhase.PENDING, 1), 0).orElseThrow();
        BlockingQueue<RecordChange> changes = new LinkedBlockingQueue<>();
        try (Subscription ignored = store.watch(start, changes::add)) {
            Versioned<DeploymentRecord> a2 = store.compareAndSet(record("a", DeploymentPhase.DEPLOYED, 2), a.revision())
                    .orElseThrow();
            store.compareAndSet(record("b", DeploymentPhase.PENDING, 1), 0);
            store.delete("a", a2.revision());
            List<String> seen = new ArrayList<>();
            long previous = start;
            for (int i = 0; i < 4; i++) {
                RecordChange c = changes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertTrue(c != null, "only " + seen + " arrived");
                assertTrue(c.revision() > previous, "revisions out of order: " + seen + " then " + c);
                previous = c.revision();
                seen.add(c.machineId() + ":" + c.record().map(r -> r.phase().name()).orElse("deleted"));
            }
            assertEquals(List.of("a:PENDING", "a:DEPLOYED", "b:PENDING", "a:deleted"), seen);
        }
    }

    @Test
    void closedWatchDeliversNothingMore() throws InterruptedException {
        BlockingQueue<RecordChange> changes = new LinkedBlockingQueue<>();
        Subscription watch = store.watch(store.snapshot().revision(), changes::add);
        store.compareAndSet(record("a", DeploymentPhase.PENDING, 1), 0);
        assertTrue(changes.poll(WAIT_SECONDS, TimeUnit.SECONDS) != null);
        watch.close();
        store.compareAndSet(record("b", DeploymentPhase.PENDING, 1), 0);
        assertEquals(null, changes.poll(500, TimeUnit.MILLISECONDS));
    }

    @Test
    void clearDeletesEveryRecord() {
        store.compareAndSet(record("a", DeploymentPhase.PENDING, 1), 0);
        store.compareAndSet(record("b", DeploymentPhase.PENDING, 1), 0);
        store.clear();
        assertTrue(store.snapshot().records().isEmpty());
    }

    @Test
    void concurrentCompareAndSetLosesNoUpdate() throws Exception {
        store.compareAndSet(record("counter", DeploymentPhase.PENDING, 0), 0).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writers.add(pool.submit(() -> {
                    for (int attempt = 0; attempt < 1000; attempt++) {
                        Versioned<DeploymentRecord> current = store.get("counter").orElseThrow();
                        int n = current.value().units().values().iterator().next().attempts();
                        if (store.compareAndSet(record("counter", DeploymentPhase.DEPLOYING, n + 1), current.revision())
                                .isPresent()) {
                            return;
                        }
                    }
                    throw new AssertionError("compare-and-set never succeeded in 1000 attempts");
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, store.get("counter").orElseThrow().value().units().values().iterator().next().attempts());
    }

    @Test
    void exactlyOneCandidateLeadsAndResigningHandsOver() throws Exception {
        CompletableFuture<Leadership> a = store.campaign("a");
        Leadership first = a.get(WAIT_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<Leadership> b = store.campaign("b");
        CompletableFuture<Leadership> c = store.campaign("c");
        Thread.sleep(300);
        assertFalse(b.isDone() || c.isDone(), "a second candidate leads while the first holds");
        assertEquals(Optional.of("a"), store.leader());
        assertTrue(first.isHeld());
        first.close();
        assertTrue(first.lost().isDone());
        assertFalse(first.isHeld());
        // which waiting candidate comes next is not specified (etcd orders by when each campaign's key was written)
        Leadership second = (Leadership) CompletableFuture.anyOf(b, c).get(WAIT_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<Leadership> waiting = second.candidateId().equals("b") ? c : b;
        assertEquals(Optional.of(second.candidateId()), store.leader());
        Thread.sleep(300);
        assertFalse(waiting.isDone(), "only one waiting candidate leads after the first resigned");
        second.close();
        assertTrue(Set.of("b", "c").contains(waiting.get(WAIT_SECONDS, TimeUnit.SECONDS).candidateId()));
        assertEquals(Optional.of(waiting.get().candidateId()), store.leader());
    }

    @Test
    void aCancelledCampaignNeverLeadsAndHoldsUpNoOne() throws Exception {
        Leadership first = store.campaign("a").get(WAIT_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<Leadership> withdrawn = store.campaign("b");
        CompletableFuture<Leadership> waiting = store.campaign("c");
        Thread.sleep(300);
        assertTrue(withdrawn.cancel(false));
        first.close();
        Leadership next = waiting.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("c", next.candidateId(), "the withdrawn candidate was skipped");
        assertEquals(Optional.of("c"), store.leader());
        next.close();
        assertTrue(awaitNoLeader(), "a leader is left after the last candidate resigned: " + store.leader());
        Thread.sleep(300);
        assertEquals(Optional.empty(), store.leader(), "the withdrawn candidate led after all");
    }

    @Test
    void closingTheStoreCancelsItsWaitingCampaigns() throws Exception {
        store.campaign("a").get(WAIT_SECONDS, TimeUnit.SECONDS);
        CompletableFuture<Leadership> waiting = store.campaign("b");
        Thread.sleep(300);
        store.close();
        assertThrows(CancellationException.class, () -> waiting.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    private boolean awaitNoLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (store.leader().isEmpty()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
