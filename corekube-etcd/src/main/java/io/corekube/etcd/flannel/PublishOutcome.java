package io.corekube.etcd.flannel;

/** What publishing a flannel config did. */
public enum PublishOutcome {
    /** There was no config; it was written. */
    CREATED,
    /** An equal config (same JSON, whatever the formatting) was there; nothing was written. */
    UNCHANGED,
    /** A different config was there and was replaced, as asked. */
    REPLACED
}
