package io.corekube.etcd.internal.flannel;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelLease;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.internal.Jetcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.PutOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** flannel's keys in the v3 keyspace (flannel 0.18 and later); lease expiry from each key's etcd lease. */
public final class V3FlannelStorage implements FlannelStorage {

    private final Client client;
    private final Duration timeout;
    private final String prefix;

    /** Storage under {@code prefix} on the configured etcd. */
    public V3FlannelStorage(EtcdConfig config, String prefix) {
        this.prefix = EtcdKeys.canonical("prefix", prefix);
        this.client = Jetcd.client(config);
        this.timeout = config.requestTimeout();
    }

    @Override
    public String configKey() {
        return prefix + "/config";
    }

    @Override
    public boolean createConfig(String json) {
        ByteSequence key = Jetcd.bytes(configKey());
        var txn = client.getKVClient().txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(key, Jetcd.bytes(json), PutOption.DEFAULT)).commit();
        return Jetcd.await(txn, timeout, "writing " + configKey()).isSucceeded();
    }

    @Override
    public void writeConfig(String json) {
        Jetcd.await(client.getKVClient().put(Jetcd.bytes(configKey()), Jetcd.bytes(json)), timeout, "writing " + configKey());
    }

    @Override
    public Optional<String> readConfig() {
        var r = Jetcd.await(client.getKVClient().get(Jetcd.bytes(configKey())), timeout, "reading " + configKey());
        return r.getKvs().stream().findFirst().map(kv -> Jetcd.text(kv.getValue()));
    }

    @Override
    public boolean deleteConfig() {
        return Jetcd.await(client.getKVClient().delete(Jetcd.bytes(configKey())), timeout, "deleting " + configKey())
                .getDeleted() > 0;
    }

    @Override
    public List<FlannelLease> leases() {
        var r = Jetcd.await(client.getKVClient().get(Jetcd.bytes(prefix + "/subnets/"),
                GetOption.builder().isPrefix(true).build()), timeout, "listing flannel leases");
        return r.getKvs().stream()
                .sorted(Comparator.comparing(kv -> Jetcd.text(kv.getKey())))
                .flatMap(kv -> FlannelWire.lease(Jetcd.text(kv.getKey()), Jetcd.text(kv.getValue()), expiration(kv))
                        .stream())
                .toList();
    }

    private Optional<Instant> expiration(KeyValue kv) {
        if (kv.getLease() == 0) {
            return Optional.empty();
        }
        long ttl = Jetcd.await(client.getLeaseClient().timeToLive(kv.getLease(), LeaseOption.DEFAULT), timeout,
                "reading a lease's time to live").getTTL();
        return ttl < 0 ? Optional.empty() : Optional.of(Instant.now().plusSeconds(ttl));
    }

    @Override
    public void close() {
        client.close();
    }
}
