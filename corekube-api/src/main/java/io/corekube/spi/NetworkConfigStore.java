package io.corekube.spi;

import java.util.Optional;

/** Where the cluster's overlay network config lives (flannel's etcd key behind it). */
public interface NetworkConfigStore {

    /**
     * Publishes the config (JSON) when there is none; an equal one is left as it is. Returns true when it wrote.
     * A different config already there is refused with the adapter's exception naming the conflict, since
     * running daemons would keep the old one.
     */
    boolean publish(String configJson);

    /**
     * Checks a config as {@link #publish} does, writing nothing: one the adapter would refuse is refused with its
     * typed exception. {@code CorekubeDeployer} calls it before it provisions anything, so that a bad config never
     * leaves a half-made cluster behind.
     */
    void validate(String configJson);

    /** The published config, when there is one. */
    Optional<String> read();

    /** Deletes the config; false when there was none. */
    boolean delete();
}
