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
import io.corekube.spi.Subscription;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The engine's {@link DeploymentStore} on etcd v3: one JSON record per machine under
 * {@code <prefix>/deployments/<machineId>}, compare-and-set on the record's mod revision, watches from a
 * revision that survive a restarted server, and leader election under {@code <prefix>/leader} on a lease that
 * the store keeps alive. When a process dies its lease expires after {@link Builder#leaseTtl} and the next
 * candidate leads. Thread-safe; close it to resign and release the connection.
 */
public final class EtcdDeploymentStore implements DeploymentStore {

    private final Client client;
    private final Duration timeout;
    private final String recordsPrefix;
    private final ByteSequence electionName;
    private final long leaseTtlSeconds;
    private final List<EtcdLeadership> held = new CopyOnWriteArrayList<>();

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
        var txn = client.getKVClient().txn().If(condition)
                .Then(Op.put(key, Jetcd.bytes(RecordCodec.encode(record)), PutOption.DEFAULT)).commit();
        var r = Jetcd.await(txn, timeout, "writing the record of " + record.machineId());
        return r.isSucceeded() ? Optional.of(Versioned.of(record, r.getHeader().getRevision())) : Optional.empty();
    }

    @Override
    public boolean delete(String machineId, long expectedRevision) {
        ByteSequence key = Jetcd.bytes(key(machineId));
        var txn = client.getKVClient().txn()
                .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)),
                    new Cmp(key, Cmp.Op.GREATER, CmpTarget.version(0)))
                .Then(Op.delete(key, DeleteOption.DEFAULT)).commit();
        return Jetcd.await(txn, timeout, "deleting the record of " + machineId).isSucceeded();
    }

    @Override
    public void clear() {
        Jetcd.await(client.getKVClient().delete(Jetcd.bytes(recordsPrefix), DeleteOption.builder().isPrefix(true)
                .build()), timeout, "deleting every record under " + recordsPrefix);
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
        return EtcdLeadership.campaign(client, electionName, candidateId, leaseTtlSeconds, timeout)
                .thenApply(leadership -> {
                    held.add(leadership);
                    leadership.lost().whenComplete((v, e) -> held.remove(leadership));
                    return (Leadership) leadership;
                });
    }

    @Override
    public Optional<String> leader() {
        return EtcdLeadership.currentLeader(client, electionName, timeout);
    }

    @Override
    public void close() {
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
