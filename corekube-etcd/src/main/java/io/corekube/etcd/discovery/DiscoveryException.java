package io.corekube.etcd.discovery;

import io.corekube.etcd.EtcdException;

/** A discovery operation refused, with etcd's own wording where etcd has one (see {@link Reason}). */
public class DiscoveryException extends EtcdException {

    /** Why discovery refused. */
    public enum Reason {
        /** {@code discovery: invalid URL}: a malformed discovery URL or token. */
        INVALID_URL("discovery: invalid URL"),
        /** {@code discovery: invalid peer URL}: a member's peer URL or name cannot be registered. */
        INVALID_PEER("discovery: invalid peer URL"),
        /** {@code discovery: size key not found}: the token does not exist. */
        SIZE_NOT_FOUND("discovery: size key not found"),
        /** {@code discovery: size key is bad}: the size is not a positive decimal integer. */
        BAD_SIZE("discovery: size key is bad"),
        /** {@code discovery: found duplicate id}: a member with this ID registered already. */
        DUPLICATE_ID("discovery: found duplicate id"),
        /** {@code discovery: found duplicate name}: another member registered with this name. */
        DUPLICATE_NAME("discovery: found duplicate name"),
        /** {@code discovery: cluster is full}: {@code size} members registered before this one. */
        CLUSTER_FULL("discovery: cluster is full"),
        /** The token exists already (creating it again would reset a cluster's bootstrap). */
        TOKEN_EXISTS("discovery: token already exists");

        private final String etcdMessage;

        Reason(String etcdMessage) {
            this.etcdMessage = etcdMessage;
        }

        /** etcd's message for this reason. */
        public String etcdMessage() {
            return etcdMessage;
        }
    }

    private final Reason reason;

    /** A refusal for {@code reason}, with details appended to etcd's message. */
    public DiscoveryException(Reason reason, String detail) {
        super(reason.etcdMessage() + (detail == null || detail.isEmpty() ? "" : ": " + detail), false, null);
        this.reason = reason;
    }

    /** Why discovery refused. */
    public Reason reason() {
        return reason;
    }
}
