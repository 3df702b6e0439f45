package io.corekube.templates.flannel;

/**
 * A network config flannel would refuse, with flannel v0.17.0's own message (what flanneld logs after
 * "Couldn't fetch network config: "), or one the SDK refuses on purpose ({@link #isSdkRule()}).
 */
public class FlannelConfigException extends IllegalArgumentException {

    private final boolean sdkRule;

    FlannelConfigException(String message, boolean sdkRule) {
        super(message);
        this.sdkRule = sdkRule;
    }

    /** A refusal in flannel's words. */
    static FlannelConfigException flannel(String message) {
        return new FlannelConfigException(message, false);
    }

    /** A config flanneld v0.17.0 accepts but the SDK refuses, with the reason. */
    static FlannelConfigException sdk(String message) {
        return new FlannelConfigException(message, true);
    }

    /** True when flanneld itself would accept the config and only the SDK refuses it (documented rules). */
    public boolean isSdkRule() {
        return sdkRule;
    }
}
