package io.corekube.etcd.flannel;

import io.corekube.etcd.EtcdException;

/** A different flannel config is published already; {@link FlannelEtcd#replace} overwrites it on purpose. */
public class FlannelConfigConflictException extends EtcdException {

    private final String existing;

    /** The config at {@code key} differs from the one being published. */
    public FlannelConfigConflictException(String key, String existing) {
        super("a different flannel config is already published at " + key + ": " + existing
                + " (use replace to overwrite it; running flanneld daemons keep the old one until restarted)", false, null);
        this.existing = existing;
    }

    /** The config that is published. */
    public String existing() {
        return existing;
    }
}
