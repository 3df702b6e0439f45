package io.corekube.openstack;

import java.util.OptionalInt;

/**
 * The root of every error of corekube-openstack: what a service answered (status, Heat's explanation and
 * message and the exception type it names) or why no answer came. Callers decide with {@link #isRetryable()}.
 */
public class OpenStackException extends RuntimeException {

    private final int status;
    private final boolean retryable;

    /** An error a service answered with {@code status}. */
    public OpenStackException(String message, int status) {
        super(message);
        this.status = status;
        this.retryable = status >= 500;
    }

    /** No answer came. */
    public OpenStackException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.retryable = true;
    }

    /** An error that is {@code retryable} or not, whatever the status. */
    protected OpenStackException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.retryable = retryable;
    }

    /** The HTTP status, when a service answered. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** True for connection failures and 5xx. */
    public boolean isRetryable() {
        return retryable;
    }
}
