package io.corekube.etcd.flannel;

import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.etcd.EtcdException;

/** A different flannel config is published already; {@link FlannelEtcd#replace} overwrites it on purpose. */
public class FlannelConfigConflictException extends EtcdException {

    private final String existing;

    /** The config at {@code key} differs from the one being published. */
    public FlannelConfigConflictException(String key, String existing) {
        super("a different flannel config is already published at " + key + ": " + FlannelConfig.redacted(existing)
                + " (use replace to overwrite it; running flanneld daemons keep the old one until restarted)", false, null);
        this.existing = existing;
    }

    /** The config that is published (with its PSK, if any: do not log it; {@link FlannelConfig#redacted} shows it safely). */
    public String existing() {
        return existing;
    }
}
