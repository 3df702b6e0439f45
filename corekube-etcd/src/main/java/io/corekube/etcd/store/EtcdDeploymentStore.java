package io.corekube.etcd.store;

import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.RecordChange;
import io.corekube.deploy.StoreSnapshot;
import io.corekube.deploy.Versioned;
import io.corekube.etcd.EtcdArgumentException;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.internal.Jetcd;
import io.corekube.etcd.internal.RecordCodec;
import io.corekube.etcd.internal.V3Watcher;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.Leadership;
import io.corekube.spi.LeadershipLostException;
import io.corekube.spi.Subscription;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The engine's {@link DeploymentStore} on etcd v3: one JSON record per machine under
 * {@code <prefix>/deployments/<machineId>}, compare-and-set on the record's mod revision, watches from a
 * revision that survive a restarted server, and leader election under {@code <prefix>/leader} on a lease that
 * the store keeps alive. When a process dies its lease expires after {@link Builder#leaseTtl} and the next
 * candidate leads. A waiting candidate whose lease expires (a paused or starved process) campaigns again on a new
 * lease rather than giving up; cancelling the future {@link #campaign} returned withdraws it.
 *
 * <p>Fencing: once this store has won a leadership, every write it makes (compare-and-set, delete, clear) is one
 * transaction that also compares the create revision of that leadership's key in the election. A write after the
 * leadership was lost fails with {@link LeadershipLostException} and writes nothing, whether this process noticed
 * the loss (its lease deadline passed) or etcd did (the key expired with its lease, another candidate leads), until
 * it campaigns again. A leadership resigned while still held (a finished deployment) is a clean hand-over: the
 * store then writes unguarded, as one that never campaigned does (a teardown, a tool). Use one store per
 * candidate. Thread-safe; close it to resign, withdraw its waiting candidates and release the connection.
 */
public final class EtcdDeploymentStore implements DeploymentStore {

    private final Client client;
    private final Duration timeout;
    private final String recordsPrefix;
    private final ByteSequence electionName;
    private final long leaseTtlSeconds;
    private final List<EtcdLeadership> held = new CopyOnWriteArrayList<>();
    private final Map<CompletableFuture<Leadership>, EtcdCandidacy> campaigning = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<EtcdLeadership> fence = new AtomicReference<>();

    private EtcdDeploymentStore(Builder b) {
        String prefix = EtcdKeys.canonical("prefix", b.prefix);
        this.client = Jetcd.client(b.config);
        this.timeout = b.config.requestTimeout();
        this.recordsPrefix = prefix + "/deployments/";
        this.electionName = Jetcd.bytes(prefix + "/leader");
        this.leaseTtlSeconds = b.leaseTtl.toSeconds();
    }

    /** A builder for the etcd cluster of {@code config}. */
    public static Builder builder(EtcdConfig config) {
        return new Builder(config);
    }

    @Override
    public Optional<Versioned<DeploymentRecord>> get(String machineId) {
        String key = key(machineId);
        var r = Jetcd.await(client.getKVClient().get(Jetcd.bytes(key)), timeout, "reading " + key);
        return r.getKvs().stream().findFirst().map(this::versioned);
    }

    @Override
    public StoreSnapshot snapshot() {
        var r = Jetcd.await(client.getKVClient().get(Jetcd.bytes(recordsPrefix),
                GetOption.builder().isPrefix(true).build()), timeout, "listing " + recordsPrefix);
        List<Versioned<DeploymentRecord>> records = r.getKvs().stream().map(this::versioned)
                .sorted(Comparator.comparing(v -> v.value().machineId())).toList();
        return StoreSnapshot.builder().records(records).revision(r.getHeader().getRevision()).build();
    }

    @Override
    public Optional<Versioned<DeploymentRecord>> compareAndSet(DeploymentRecord record, long expectedRevision) {
        if (expectedRevision < 0) {
            throw new EtcdArgumentException("expectedRevision", "must be >= 0, got " + expectedRevision);
        }
        ByteSequence key = Jetcd.bytes(key(record.machineId()));
        Cmp condition = expectedRevision == 0
                ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        String write = "write the record of " + record.machineId();
        var r = fenced(write, List.of(condition), Op.put(key, Jetcd.bytes(RecordCodec.encode(record)), PutOption.DEFAULT));
        return r.isSucceeded() ? Optional.of(Versioned.of(record, r.getHeader().getRevision())) : Optional.empty();
    }

    @Override
    public boolean delete(String machineId, long expectedRevision) {
        ByteSequence key = Jetcd.bytes(key(machineId));
        return fenced("delete the record of " + machineId, List.of(new Cmp(key, Cmp.Op.EQUAL,
                CmpTarget.modRevision(expectedRevision)), new Cmp(key, Cmp.Op.GREATER, CmpTarget.version(0))),
                Op.delete(key, DeleteOption.DEFAULT)).isSucceeded();
    }

    @Override
    public void clear() {
        fenced("delete every record under " + recordsPrefix, List.of(),
                Op.delete(Jetcd.bytes(recordsPrefix), DeleteOption.builder().isPrefix(true).build()));
    }

    /**
     * Runs {@code op} if {@code conditions} hold and, once this store has won a leadership, only while that
     * leadership's key is still the one etcd holds; a write refused for that reason is a
     * {@link LeadershipLostException}. Any other unmet condition is an unsucceeded response.
     */
    private TxnResponse fenced(String write, List<Cmp> conditions, Op op) {
        EtcdLeadership guard = fence.get();
        List<Cmp> all = new ArrayList<>(conditions);
        Optional<ByteSequence> leaderKey = Optional.empty();
        if (guard != null) {
            leaderKey = guard.key();
            if (!guard.isHeld() || leaderKey.isEmpty()) {
                throw new LeadershipLostException(guard.candidateId(), write, "its leadership ended");
            }
            all.add(new Cmp(leaderKey.get(), Cmp.Op.EQUAL, CmpTarget.createRevision(guard.fencingToken())));
        }
        var txn = client.getKVClient().txn().If(all.toArray(Cmp[]::new)).Then(op);
        leaderKey.ifPresent(k -> txn.Else(Op.get(k, GetOption.DEFAULT)));
        TxnResponse r = Jetcd.await(txn.commit(), timeout, write);
        if (!r.isSucceeded() && guard != null) {
            boolean stillLeads = r.getGetResponses().stream().flatMap(g -> g.getKvs().stream())
                    .anyMatch(kv -> kv.getCreateRevision() == guard.fencingToken());
            if (!stillLeads) {
                throw new LeadershipLostException(guard.candidateId(), write,
                        "etcd no longer holds its key in the election (a deposed leader's write)");
            }
        }
        return r;
    }

    @Override
    public Subscription watch(long afterRevision, Consumer<RecordChange> listener) {
        return V3Watcher.start(client, Jetcd.bytes(recordsPrefix), afterRevision, event -> {
            KeyValue kv = event.getKeyValue();
            String key = Jetcd.text(kv.getKey());
            var change = RecordChange.builder().revision(kv.getModRevision())
                    .machineId(key.substring(recordsPrefix.length()));
            if (event.getEventType() == WatchEvent.EventType.PUT) {
                change.record(RecordCodec.decode(key, Jetcd.text(kv.getValue())));
            }
            listener.accept(change.build());
        });
    }

    @Override
    public CompletableFuture<Leadership> campaign(String candidateId) {
        if (candidateId == null || candidateId.isBlank()) {
            throw new EtcdArgumentException("candidateId", "must not be blank");
        }
        EtcdCandidacy candidacy = EtcdCandidacy.start(client, electionName, candidateId, leaseTtlSeconds, timeout);
        CompletableFuture<Leadership> won = candidacy.result().thenApply(leadership -> {
            held.add(leadership);
            fence.set(leadership);
            leadership.lost().whenComplete((v, e) -> {
                held.remove(leadership);
                if (leadership.resignedWhileHeld()) {
                    fence.compareAndSet(leadership, null); // handed over cleanly: this store no longer leads
                }
            });
            return (Leadership) leadership;
        });
        campaigning.put(won, candidacy);
        won.whenComplete((leadership, error) -> {
            campaigning.remove(won);
            if (won.isCancelled()) {
                candidacy.withdraw();
            }
        });
        return won;
    }

    @Override
    public Optional<String> leader() {
        return EtcdLeadership.currentLeader(client, electionName, timeout);
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        campaigning.forEach((won, candidacy) -> {
            candidacy.close();
            won.cancel(false);
        });
        held.forEach(EtcdLeadership::close);
        client.close();
    }

    private String key(String machineId) {
        if (!Machine.isValidId(machineId)) {
            throw new EtcdArgumentException("machineId", "must be non-empty and use only [A-Za-z0-9_.:-]: "
                    + EtcdKeys.quote(machineId));
        }
        return recordsPrefix + machineId;
    }

    private Versioned<DeploymentRecord> versioned(KeyValue kv) {
        return Versioned.of(RecordCodec.decode(Jetcd.text(kv.getKey()), Jetcd.text(kv.getValue())), kv.getModRevision());
    }

    /** Settings of an etcd deployment store. */
    public static final class Builder {
        private final EtcdConfig config;
        private String prefix = "/corekube";
        private Duration leaseTtl = Duration.ofSeconds(10);

        private Builder(EtcdConfig config) {
            this.config = config;
        }

        /** The key prefix of the store; {@code /corekube} by default. One prefix per cluster. */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** How long leadership outlives a dead leader: the election lease's TTL, whole seconds, 10 s by default. */
        public Builder leaseTtl(Duration leaseTtl) {
            if (leaseTtl.toSeconds() < 2 || leaseTtl.toMillis() % 1000 != 0) {
                throw new EtcdArgumentException("leaseTtl", "must be whole seconds >= 2, got " + leaseTtl);
            }
            this.leaseTtl = leaseTtl;
            return this;
        }

        /** Connects and returns the store. */
        public EtcdDeploymentStore build() {
            return new EtcdDeploymentStore(this);
        }
    }
}
