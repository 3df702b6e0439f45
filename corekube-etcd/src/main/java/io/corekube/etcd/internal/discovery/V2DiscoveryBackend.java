package io.corekube.etcd.internal.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.v2.DeleteOptions;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.EtcdV2Node;
import io.corekube.etcd.v2.EtcdV2Response;
import io.corekube.etcd.v2.EtcdV2WatchListener;
import io.corekube.etcd.v2.GetOptions;
import io.corekube.etcd.v2.KeyExistsException;
import io.corekube.etcd.v2.KeyNotFoundException;
import io.corekube.etcd.v2.WatchOptions;
import io.corekube.spi.Subscription;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** v2 discovery storage: {@code <prefix>/<token>/_config/size} and {@code <prefix>/<token>/<memberID>}. */
public final class V2DiscoveryBackend implements DiscoveryBackend {

    private static final Set<String> WRITES = Set.of("create", "set", "update", "compareAndSwap");

    private final EtcdV2Client etcd;
    private final String prefix;
    private final String endpoint;

    /** Storage on the configured etcd under {@code prefix}. */
    public V2DiscoveryBackend(EtcdConfig config, String prefix) {
        this.prefix = EtcdKeys.canonical("prefix", prefix);
        this.endpoint = config.endpoints().get(0).toString().replaceAll("/+$", "");
        this.etcd = EtcdV2Client.create(config);
    }

    @Override
    public DiscoveryToken token(String tokenOrUrl) {
        if (tokenOrUrl != null && tokenOrUrl.contains("://")) {
            return DiscoveryToken.parseV2Url(tokenOrUrl);
        }
        DiscoveryToken.checkToken(tokenOrUrl);
        String key = prefix + "/" + tokenOrUrl;
        return DiscoveryToken.builder().token(tokenOrUrl).key(key).url(endpoint + "/v2/keys" + key).build();
    }

    @Override
    public boolean createSize(DiscoveryToken token, String size) {
        try {
            etcd.create(token.key() + "/_config/size", size);
            return true;
        } catch (KeyExistsException e) {
            return false;
        }
    }

    @Override
    public Optional<String> readSize(DiscoveryToken token) {
        try {
            return etcd.get(token.key() + "/_config/size", GetOptions.builder().quorum(true).build()).node().value();
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public Listing list(DiscoveryToken token, Consistency consistency) {
        try {
            EtcdV2Response dir = etcd.get(token.key(),
                    GetOptions.builder().quorum(consistency == Consistency.LINEARIZABLE).build());
            List<Registration> registrations = dir.node().nodes().stream()
                    .filter(n -> !n.dir() && !n.name().startsWith("_"))
                    .sorted(Comparator.comparingLong(EtcdV2Node::createdIndex))
                    .map(V2DiscoveryBackend::registration)
                    .toList();
            return new Listing(registrations, dir.etcdIndex());
        } catch (KeyNotFoundException e) {
            return new Listing(List.of(), e.index());
        }
    }

    @Override
    public Optional<Long> createRegistration(DiscoveryToken token, String id, String value) {
        try {
            return Optional.of(etcd.create(token.key() + "/" + id, value).node().createdIndex());
        } catch (KeyExistsException e) {
            return Optional.empty();
        }
    }

    @Override
    public Subscription watch(DiscoveryToken token, long afterIndex, Consumer<Registration> onRegistration) {
        String dir = token.key();
        return etcd.watch(dir, WatchOptions.builder().recursive(true).fromIndex(afterIndex + 1).build(),
                new EtcdV2WatchListener() {
                    @Override
                    public void onEvent(EtcdV2Response event) {
                        EtcdV2Node node = event.node();
                        if (WRITES.contains(event.action()) && isMember(dir, node)) {
                            onRegistration.accept(registration(node));
                        }
                    }

                    @Override
                    public void onResync(EtcdV2Response listing) {
                        listing.node().nodes().stream().filter(n -> isMember(dir, n))
                                .sorted(Comparator.comparingLong(EtcdV2Node::createdIndex))
                                .forEach(n -> onRegistration.accept(registration(n)));
                    }
                });
    }

    @Override
    public boolean delete(DiscoveryToken token) {
        try {
            etcd.delete(token.key(), DeleteOptions.builder().recursive(true).build());
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        }
    }

    @Override
    public void close() {
        etcd.close();
    }

    private static boolean isMember(String dir, EtcdV2Node node) {
        return !node.dir() && node.key().equals(dir + "/" + node.name()) && !node.name().startsWith("_");
    }

    private static Registration registration(EtcdV2Node node) {
        return new Registration(node.name(), node.value().orElse(""), node.createdIndex());
    }
}
