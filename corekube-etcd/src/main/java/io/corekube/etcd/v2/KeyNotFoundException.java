package io.corekube.etcd.v2;

/** The key (or directory) does not exist (etcd error 100). */
public class KeyNotFoundException extends EtcdV2Exception {

    /** The error etcd answered. */
    public KeyNotFoundException(int status, String message, String cause, long index) {
        super(status, KEY_NOT_FOUND, message, cause, index);
    }
}
