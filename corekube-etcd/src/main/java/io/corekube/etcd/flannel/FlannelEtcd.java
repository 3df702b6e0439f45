package io.corekube.etcd.flannel;

import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.flannel.FlannelConfigException;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.internal.flannel.FlannelStorage;
import io.corekube.etcd.internal.flannel.FlannelWire;
import io.corekube.etcd.internal.flannel.V2FlannelStorage;
import io.corekube.etcd.internal.flannel.V3FlannelStorage;
import java.util.List;
import java.util.Optional;

/**
 * flannel's state in etcd under a prefix ({@code /coreos.com/network} by default): the network config at
 * {@code <prefix>/config} and the hosts' leases under {@code <prefix>/subnets}. Choose the API by flannel
 * version: {@link #v2} for flannel 0.17 and older, {@link #v3} for 0.18 and later; each reads only its own.
 * Thread-safe; close when done.
 *
 * <pre>{@code
 * try (FlannelEtcd flannel = FlannelEtcd.v2(EtcdConfig.of("http://10.0.0.2:2379"))) {
 *     flannel.publish("{\"Network\":\"10.244.0.0/15\",\"Backend\":{\"Type\":\"vxlan\"}}");
 * }
 * }</pre>
 */
public final class FlannelEtcd implements AutoCloseable {

    /** flannel's default {@code --etcd-prefix}. */
    public static final String DEFAULT_PREFIX = "/coreos.com/network";

    private final FlannelStorage storage;

    private FlannelEtcd(FlannelStorage storage) {
        this.storage = storage;
    }

    /** flannel up to 0.17, through etcd's v2 keys API, under the default prefix. */
    public static FlannelEtcd v2(EtcdConfig config) {
        return v2(config, DEFAULT_PREFIX);
    }

    /** flannel up to 0.17, through etcd's v2 keys API. */
    public static FlannelEtcd v2(EtcdConfig config, String prefix) {
        return new FlannelEtcd(new V2FlannelStorage(config, prefix));
    }

    /** flannel 0.18 and later, through etcd's v3 API, under the default prefix. */
    public static FlannelEtcd v3(EtcdConfig config) {
        return v3(config, DEFAULT_PREFIX);
    }

    /** flannel 0.18 and later, through etcd's v3 API. */
    public static FlannelEtcd v3(EtcdConfig config, String prefix) {
        return new FlannelEtcd(new V3FlannelStorage(config, prefix));
    }

    /**
     * Publishes the config if there is none; an equal one is left as it is; a different one is refused with
     * {@link FlannelConfigConflictException}. A config flanneld (or the SDK's rules) would refuse is refused with
     * its {@link FlannelConfigException}, malformed JSON with {@link io.corekube.etcd.EtcdArgumentException}, before
     * anything is written.
     */
    public PublishOutcome publish(String configJson) {
        String canonical = validated(configJson);
        if (storage.createConfig(canonical)) {
            return PublishOutcome.CREATED;
        }
        String existing = storage.readConfig().orElse("");
        if (FlannelWire.sameJson(existing, canonical)) {
            return PublishOutcome.UNCHANGED;
        }
        throw new FlannelConfigConflictException(storage.configKey(), existing);
    }

    /** Publishes the config whatever is there. Running flanneld daemons keep the old one until restarted. */
    public PublishOutcome replace(String configJson) {
        String canonical = validated(configJson);
        Optional<String> existing = storage.readConfig();
        if (existing.isPresent() && FlannelWire.sameJson(existing.get(), canonical)) {
            return PublishOutcome.UNCHANGED;
        }
        storage.writeConfig(canonical);
        return existing.isPresent() ? PublishOutcome.REPLACED : PublishOutcome.CREATED;
    }

    private static String validated(String configJson) {
        String canonical = FlannelWire.canonicalConfig(configJson);
        FlannelConfig.parse(canonical).validate();
        return canonical;
    }

    /** The published config, as stored. */
    public Optional<String> readConfig() {
        return storage.readConfig();
    }

    /** Deletes the config; false when there was none. */
    public boolean deleteConfig() {
        return storage.deleteConfig();
    }

    /** Every subnet lease, ordered by subnet key. */
    public List<FlannelLease> leases() {
        return storage.leases();
    }

    /** This config store as the deployer's port: validate, publish, read and delete the config. */
    public io.corekube.spi.NetworkConfigStore asNetworkConfigStore() {
        return new io.corekube.spi.NetworkConfigStore() {
            @Override
            public boolean publish(String configJson) {
                return FlannelEtcd.this.publish(configJson) != PublishOutcome.UNCHANGED;
            }

            @Override
            public void validate(String configJson) {
                validated(configJson);
            }

            @Override
            public Optional<String> read() {
                return readConfig();
            }

            @Override
            public boolean delete() {
                return deleteConfig();
            }
        };
    }

    /** The key the config lives at. */
    public String configKey() {
        return storage.configKey();
    }

    @Override
    public void close() {
        storage.close();
    }
}
