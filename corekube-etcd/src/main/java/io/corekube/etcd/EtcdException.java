package io.corekube.etcd;

import java.util.OptionalInt;

/**
 * The root of every error of corekube-etcd. Callers decide with {@link #isRetryable()} and, for errors that
 * came from a server, the HTTP {@link #status()}; subclasses exist for what a caller acts on.
 */
public class EtcdException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    /** An error with no server status. */
    public EtcdException(String message, boolean retryable, Throwable cause) {
        this(message, 0, retryable, cause);
    }

    /** An error a server answered with {@code status} (0 when there was no answer). */
    public EtcdException(String message, int status, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryable = retryable;
    }

    /** The HTTP status the server answered, when it answered. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** True when the same request may succeed later (connection failures, 5xx, leader elections). */
    public boolean isRetryable() {
        return retryable;
    }
}
