package io.corekube.etcd.v2;

/** A create-only write found the key already there (etcd error 105). */
public class KeyExistsException extends EtcdV2Exception {

    /** The error etcd answered. */
    public KeyExistsException(int status, String message, String cause, long index) {
        super(status, KEY_EXISTS, message, cause, index);
    }
}
