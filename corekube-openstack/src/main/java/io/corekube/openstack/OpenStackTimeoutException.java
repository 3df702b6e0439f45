package io.corekube.openstack;

import java.time.Duration;

/**
 * A deadline that passed: a request that got no answer within the client's timeout (retryable: the service may
 * just be slow), or a wait for a stack that did not end within the caller's deadline (not retryable: waiting the
 * same time again is the caller's decision, not a transient failure).
 */
public class OpenStackTimeoutException extends OpenStackException {

    private final Duration deadline;

    /** {@code what} did not end within {@code deadline}. */
    public OpenStackTimeoutException(String what, Duration deadline, boolean retryable, Throwable cause) {
        super(what + " did not end within " + deadline, retryable, cause);
        this.deadline = deadline;
    }

    /** The deadline that passed. */
    public Duration deadline() {
        return deadline;
    }
}
