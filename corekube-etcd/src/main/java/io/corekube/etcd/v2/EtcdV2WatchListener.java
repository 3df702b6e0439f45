package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdException;

/** Receives a v2 watch's events, in index order, on the watch's own thread. */
public interface EtcdV2WatchListener {

    /** One change. */
    void onEvent(EtcdV2Response event);

    /**
     * etcd no longer had the events after the last delivered one (it keeps 1000): the watch re-read the key
     * and continues after this listing's index. The listing tells the current state; nothing in between is lost.
     */
    default void onResync(EtcdV2Response listing) {
    }

    /** The watch stopped for good on an error that retrying cannot fix. */
    default void onError(EtcdException error) {
    }
}
