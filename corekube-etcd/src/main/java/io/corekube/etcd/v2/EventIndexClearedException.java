package io.corekube.etcd.v2;

/** A watch asked for an index older than the 1000 events etcd keeps (etcd error 401). */
public class EventIndexClearedException extends EtcdV2Exception {

    /** The error etcd answered. */
    public EventIndexClearedException(int status, String message, String cause, long index) {
        super(status, EVENT_INDEX_CLEARED, message, cause, index);
    }
}
