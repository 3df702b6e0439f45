package io.corekube.etcd;

/**
 * A reply that etcd (or something posing as it) sent and that does not read as etcd's API: bad JSON, a missing or
 * mistyped field, a timestamp or number that does not parse. Names the endpoint and what was wrong; not retryable.
 */
public class EtcdMalformedReplyException extends EtcdException {

    /** The reply of {@code endpoint} (shown without user information) was malformed as {@code problem} says. */
    public EtcdMalformedReplyException(String endpoint, String problem, Throwable cause) {
        super("malformed reply from etcd at " + endpoint + ": " + problem, false, cause);
    }
}
