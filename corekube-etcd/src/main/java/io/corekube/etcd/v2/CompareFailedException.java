package io.corekube.etcd.v2;

/** A precondition (prevValue, prevIndex) did not hold (etcd error 101). */
public class CompareFailedException extends EtcdV2Exception {

    /** The error etcd answered. */
    public CompareFailedException(int status, String message, String cause, long index) {
        super(status, COMPARE_FAILED, message, cause, index);
    }
}
