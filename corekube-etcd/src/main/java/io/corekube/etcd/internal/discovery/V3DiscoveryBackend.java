package io.corekube.etcd.internal.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.internal.Jetcd;
import io.corekube.etcd.internal.V3Watcher;
import io.corekube.spi.Subscription;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
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
import java.util.function.Consumer;

/**
 * v3 discovery storage in etcd 3.6's layout: {@code /_etcd/registry/<token>/_config/size} and
 * {@code /_etcd/registry/<token>/members/<memberID>}. Registration is create-if-absent, so a duplicate ID is
 * refused (etcd itself would overwrite it; refusing is safer and documented on the SDK's side).
 */
public final class V3DiscoveryBackend implements DiscoveryBackend {

    private static final String PREFIX = "/_etcd/registry";

    private final Client client;
    private final Duration timeout;

    /** Storage on the configured etcd. */
    public V3DiscoveryBackend(EtcdConfig config) {
        this.client = Jetcd.client(config);
        this.timeout = config.requestTimeout();
    }

    @Override
    public DiscoveryToken token(String token) {
        return DiscoveryToken.builder().token(DiscoveryToken.checkToken(token)).key(PREFIX + "/" + token).build();
    }

    @Override
    public boolean createSize(DiscoveryToken token, String size) {
        return createIfAbsent(token.key() + "/_config/size", size).isPresent();
    }

    @Override
    public Optional<String> readSize(DiscoveryToken token) {
        GetResponse r = Jetcd.await(client.getKVClient().get(Jetcd.bytes(token.key() + "/_config/size")), timeout,
                "reading the discovery size");
        return r.getKvs().stream().findFirst().map(kv -> Jetcd.text(kv.getValue()));
    }

    @Override
    public Listing list(DiscoveryToken token, Consistency consistency) {
        ByteSequence prefix = membersPrefix(token);
        GetOption option = GetOption.builder().isPrefix(true)
                .withSerializable(consistency == Consistency.SERIALIZABLE).build();
        GetResponse r = Jetcd.await(client.getKVClient().get(prefix, option),
                timeout, "listing discovery members");
        List<Registration> registrations = r.getKvs().stream()
                .sorted(Comparator.comparingLong(KeyValue::getCreateRevision))
                .map(kv -> registration(prefix, kv))
                .filter(reg -> reg.value().contains("="))
                .toList();
        return new Listing(registrations, r.getHeader().getRevision());
    }

    @Override
    public Optional<Long> createRegistration(DiscoveryToken token, String id, String value) {
        return createIfAbsent(token.key() + "/members/" + id, value);
    }

    @Override
    public Subscription watch(DiscoveryToken token, long afterIndex, Consumer<Registration> onRegistration) {
        ByteSequence prefix = membersPrefix(token);
        return V3Watcher.start(client, prefix, afterIndex, event -> {
            if (event.getEventType() == WatchEvent.EventType.PUT) {
                Registration r = registration(prefix, event.getKeyValue());
                if (r.value().contains("=")) {
                    onRegistration.accept(r);
                }
            }
        });
    }

    @Override
    public boolean delete(DiscoveryToken token) {
        ByteSequence prefix = Jetcd.bytes(token.key() + "/");
        return Jetcd.await(client.getKVClient().delete(prefix, DeleteOption.builder().isPrefix(true).build()),
                timeout, "deleting a discovery token").getDeleted() > 0;
    }

    @Override
    public void close() {
        client.close();
    }

    private Optional<Long> createIfAbsent(String key, String value) {
        ByteSequence k = Jetcd.bytes(key);
        var txn = client.getKVClient().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(k, Jetcd.bytes(value), PutOption.DEFAULT))
                .commit();
        var response = Jetcd.await(txn, timeout, "writing " + key);
        return response.isSucceeded() ? Optional.of(response.getHeader().getRevision()) : Optional.empty();
    }

    private static ByteSequence membersPrefix(DiscoveryToken token) {
        return Jetcd.bytes(token.key() + "/members/");
    }

    private static Registration registration(ByteSequence prefix, KeyValue kv) {
        String key = Jetcd.text(kv.getKey());
        return new Registration(key.substring(Jetcd.text(prefix).length()), Jetcd.text(kv.getValue()).strip(),
                kv.getCreateRevision());
    }
}
