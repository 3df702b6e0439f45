package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdException;

/**
 * The server answered {@code /v2/keys} with a plain 404 page: it is etcd 3.4 or later without
 * {@code --enable-v2}, or not etcd at all.
 */
public class V2ApiNotEnabledException extends EtcdException {

    /** The endpoint that does not serve the v2 API. */
    public V2ApiNotEnabledException(String endpoint) {
        super("etcd at " + endpoint + " does not serve the v2 keys API (/v2/keys answers 404): start etcd 3.4/3.5 "
                + "with --enable-v2 (or ETCD_ENABLE_V2=true); etcd 3.6 and later have no v2 API at all", 404, false, null);
    }
}
