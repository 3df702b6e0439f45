package io.corekube.etcd;

/** Input that was rejected before anything was sent or written; names the field and what was wrong. */
public class EtcdArgumentException extends EtcdException {

    private final String field;

    /** Rejects {@code field} for the reason given. */
    public EtcdArgumentException(String field, String problem) {
        super(field + ": " + problem, false, null);
        this.field = field;
    }

    /** The name of the rejected input. */
    public String field() {
        return field;
    }
}
