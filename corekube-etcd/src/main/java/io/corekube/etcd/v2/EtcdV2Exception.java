package io.corekube.etcd.v2;

import io.corekube.etcd.EtcdException;

/**
 * An error body of etcd's v2 API ({@code errorCode}, {@code message}, {@code cause}, {@code index}). Codes a
 * caller acts on have subclasses; {@link #from} picks the right one.
 */
public class EtcdV2Exception extends EtcdException {

    /** Key not found. */
    public static final int KEY_NOT_FOUND = 100;
    /** Compare failed. */
    public static final int COMPARE_FAILED = 101;
    /** Not a file. */
    public static final int NOT_A_FILE = 102;
    /** Not a directory. */
    public static final int NOT_A_DIRECTORY = 104;
    /** Key already exists. */
    public static final int KEY_EXISTS = 105;
    /** Directory not empty. */
    public static final int DIRECTORY_NOT_EMPTY = 108;
    /** Authentication required. */
    public static final int UNAUTHORIZED = 110;
    /** Raft internal error. */
    public static final int RAFT_INTERNAL = 300;
    /** During leader election. */
    public static final int LEADER_ELECTION = 301;
    /** The requested event index was cleared from the history. */
    public static final int EVENT_INDEX_CLEARED = 401;

    private final int errorCode;
    private final String etcdMessage;
    private final String etcdCause;
    private final long index;

    /** An error with etcd's fields and the HTTP status it came with. */
    public EtcdV2Exception(int status, int errorCode, String etcdMessage, String etcdCause, long index) {
        super(describe(errorCode, etcdMessage, etcdCause, index), status,
                errorCode == RAFT_INTERNAL || errorCode == LEADER_ELECTION, null);
        this.errorCode = errorCode;
        this.etcdMessage = etcdMessage == null ? "" : etcdMessage;
        this.etcdCause = etcdCause == null ? "" : etcdCause;
        this.index = index;
    }

    /** The error of the right subclass for etcd's error code. */
    public static EtcdV2Exception from(int status, int errorCode, String message, String cause, long index) {
        return switch (errorCode) {
            case KEY_NOT_FOUND -> new KeyNotFoundException(status, message, cause, index);
            case COMPARE_FAILED -> new CompareFailedException(status, message, cause, index);
            case KEY_EXISTS -> new KeyExistsException(status, message, cause, index);
            case EVENT_INDEX_CLEARED -> new EventIndexClearedException(status, message, cause, index);
            default -> new EtcdV2Exception(status, errorCode, message, cause, index);
        };
    }

    /** etcd's error code, e.g. 100. */
    public int errorCode() {
        return errorCode;
    }

    /** etcd's message, e.g. {@code Key not found}. */
    public String etcdMessage() {
        return etcdMessage;
    }

    /** etcd's cause (often the key), possibly empty. */
    public String etcdCause() {
        return etcdCause;
    }

    /** The store index etcd reported with the error. */
    public long index() {
        return index;
    }

    private static String describe(int code, String message, String cause, long index) {
        return code + ": " + message + (cause == null || cause.isEmpty() ? "" : " (" + cause + ")") + " [" + index + "]";
    }
}
