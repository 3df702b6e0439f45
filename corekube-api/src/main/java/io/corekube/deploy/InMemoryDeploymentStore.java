package io.corekube.deploy;

import io.corekube.spi.DeploymentStore;
import io.corekube.spi.Leadership;
import io.corekube.spi.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A {@link DeploymentStore} in memory, with the semantics of the etcd one: one global revision that every
 * write increments, compare-and-set on the revision that last wrote a record, watches that replay history
 * after a revision and then follow live changes in order, and first-come leadership among candidates. For
 * embedding the engine in one process and for tests. Nothing survives the process.
 *
 * <p>Watches replay at most the last {@value #HISTORY_LIMIT} changes; watching from an older revision fails
 * with {@link IllegalStateException}, as etcd does for a compacted revision. Listeners run on one thread
 * of the store, never on the writer's.
 */
public final class InMemoryDeploymentStore implements DeploymentStore {

    static final int HISTORY_LIMIT = 10_000;

    private final Object lock = new Object();
    private final Map<String, Versioned<DeploymentRecord>> records = new TreeMap<>();
    private final Deque<RecordChange> history = new ArrayDeque<>();
    private final List<Consumer<RecordChange>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<PendingCandidate> candidates = new ArrayDeque<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "corekube-memory-store");
        t.setDaemon(true);
        return t;
    });
    private long revision;
    private MemoryLeadership current;

    @Override
    public Optional<Versioned<DeploymentRecord>> get(String machineId) {
        synchronized (lock) {
            return Optional.ofNullable(records.get(machineId));
        }
    }

    @Override
    public StoreSnapshot snapshot() {
        synchronized (lock) {
            return StoreSnapshot.builder().records(records.values()).revision(revision).build();
        }
    }

    @Override
    public Optional<Versioned<DeploymentRecord>> compareAndSet(DeploymentRecord record, long expectedRevision) {
        synchronized (lock) {
            if (currentRevision(record.machineId()) != expectedRevision) {
                return Optional.empty();
            }
            Versioned<DeploymentRecord> stored = Versioned.of(record, ++revision);
            records.put(record.machineId(), stored);
            publish(RecordChange.builder().revision(revision).machineId(record.machineId()).record(record).build());
            return Optional.of(stored);
        }
    }

    @Override
    public boolean delete(String machineId, long expectedRevision) {
        synchronized (lock) {
            if (!records.containsKey(machineId) || currentRevision(machineId) != expectedRevision) {
                return false;
            }
            records.remove(machineId);
            publish(RecordChange.builder().revision(++revision).machineId(machineId).build());
            return true;
        }
    }

    @Override
    public void clear() {
        synchronized (lock) {
            for (String machineId : new ArrayList<>(records.keySet())) {
                records.remove(machineId);
                publish(RecordChange.builder().revision(++revision).machineId(machineId).build());
            }
        }
    }

    @Override
    public Subscription watch(long afterRevision, Consumer<RecordChange> listener) {
        synchronized (lock) {
            RecordChange oldest = history.peekFirst();
            if (oldest != null && afterRevision + 1 < oldest.revision()) {
                throw new IllegalStateException("revision " + afterRevision + " is older than the retained history ("
                        + oldest.revision() + "); take a snapshot and watch from its revision");
            }
            List<RecordChange> replay = history.stream().filter(c -> c.revision() > afterRevision).toList();
            delivery.execute(() -> replay.forEach(listener));
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    @Override
    public CompletableFuture<Leadership> campaign(String candidateId) {
        synchronized (lock) {
            CompletableFuture<Leadership> won = new CompletableFuture<>();
            if (current == null) {
                current = new MemoryLeadership(candidateId);
                won.complete(current);
            } else {
                candidates.addLast(new PendingCandidate(candidateId, won));
            }
            return won;
        }
    }

    @Override
    public Optional<String> leader() {
        synchronized (lock) {
            return Optional.ofNullable(current).map(MemoryLeadership::candidateId);
        }
    }

    /** Resigns the current leadership, cancels waiting campaigns and stops watch delivery. */
    @Override
    public void close() {
        MemoryLeadership leading;
        synchronized (lock) {
            leading = current;
            candidates.forEach(c -> c.won().cancel(false));
            candidates.clear();
        }
        if (leading != null) {
            leading.close();
        }
        listeners.clear();
        delivery.shutdown();
    }

    private long currentRevision(String machineId) {
        Versioned<DeploymentRecord> stored = records.get(machineId);
        return stored == null ? 0 : stored.revision();
    }

    private void publish(RecordChange change) {
        history.addLast(change);
        if (history.size() > HISTORY_LIMIT) {
            history.removeFirst();
        }
        for (Consumer<RecordChange> listener : listeners) {
            delivery.execute(() -> {
                if (listeners.contains(listener)) {
                    listener.accept(change);
                }
            });
        }
    }

    private void handOver(MemoryLeadership resigning) {
        synchronized (lock) {
            if (current != resigning) {
                return;
            }
            current = null;
            while (!candidates.isEmpty() && current == null) {
                PendingCandidate next = candidates.removeFirst();
                MemoryLeadership leadership = new MemoryLeadership(next.candidateId());
                if (next.won().complete(leadership)) {
                    current = leadership;
                }
            }
        }
    }

    private record PendingCandidate(String candidateId, CompletableFuture<Leadership> won) {
    }

    private final class MemoryLeadership implements Leadership {
        private final String candidateId;
        private final CompletableFuture<Void> lost = new CompletableFuture<>();

        MemoryLeadership(String candidateId) {
            this.candidateId = candidateId;
        }

        @Override
        public String candidateId() {
            return candidateId;
        }

        @Override
        public boolean isHeld() {
            return !lost.isDone();
        }

        @Override
        public CompletableFuture<Void> lost() {
            return lost;
        }

        @Override
        public void close() {
            if (lost.complete(null)) {
                handOver(this);
            }
        }
    }
}
