package io.corekube.etcd.internal.flannel;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelLease;
import io.corekube.etcd.internal.EtcdKeys;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.EtcdV2Node;
import io.corekube.etcd.v2.GetOptions;
import io.corekube.etcd.v2.KeyExistsException;
import io.corekube.etcd.v2.KeyNotFoundException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** flannel's keys in the v2 keyspace (flannel 0.17 and older). */
public final class V2FlannelStorage implements FlannelStorage {

    private final EtcdV2Client etcd;
    private final String prefix;

    /** Storage under {@code prefix} on the configured etcd. */
    public V2FlannelStorage(EtcdConfig config, String prefix) {
        this.prefix = EtcdKeys.canonical("prefix", prefix);
        this.etcd = EtcdV2Client.create(config);
    }

    @Override
    public String configKey() {
        return prefix + "/config";
    }

    @Override
    public boolean createConfig(String json) {
        try {
            etcd.create(configKey(), json);
            return true;
        } catch (KeyExistsException e) {
            return false;
        }
    }

    @Override
    public void writeConfig(String json) {
        etcd.set(configKey(), json);
    }

    @Override
    public Optional<String> readConfig() {
        try {
            return etcd.get(configKey(), GetOptions.builder().quorum(true).build()).node().value();
        } catch (KeyNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteConfig() {
        try {
            etcd.delete(configKey());
            return true;
        } catch (KeyNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<FlannelLease> leases() {
        try {
            return etcd.get(prefix + "/subnets", GetOptions.builder().recursive(true).quorum(true).build()).node()
                    .nodes().stream()
                    .filter(n -> !n.dir())
                    .sorted(Comparator.comparing(EtcdV2Node::key))
                    .flatMap(n -> FlannelWire.lease(n.key(), n.value().orElse("{}"), n.expiration()).stream())
                    .toList();
        } catch (KeyNotFoundException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        etcd.close();
    }
}
