package io.corekube.etcd.internal.flannel;

import io.corekube.etcd.flannel.FlannelLease;
import java.util.List;
import java.util.Optional;

/** Where flannel's keys live: the v2 keyspace or the v3 one. */
public interface FlannelStorage extends AutoCloseable {

    /** The config key, e.g. {@code /coreos.com/network/config}. */
    String configKey();

    /** Writes the config if there is none; false if there is one. */
    boolean createConfig(String json);

    /** Writes the config unconditionally. */
    void writeConfig(String json);

    /** The config, when there is one. */
    Optional<String> readConfig();

    /** Deletes the config; false when there was none. */
    boolean deleteConfig();

    /** Every lease, ordered by key. */
    List<FlannelLease> leases();

    @Override
    void close();
}
