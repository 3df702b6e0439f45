package io.corekube.etcd;

import java.time.Duration;

/**
 * A call that did not end within its deadline ({@link EtcdConfig#requestTimeout()}, retries included): the server
 * accepted the connection and stayed silent, or answered too slowly. Retryable; a write that timed out may or may
 * not have been applied.
 */
public class EtcdTimeoutException extends EtcdException {

    private final Duration deadline;

    /** {@code what} did not end within {@code deadline}. */
    public EtcdTimeoutException(String what, Duration deadline, Throwable cause) {
        super("etcd did not answer within " + deadline + " while " + what, true, cause);
        this.deadline = deadline;
    }

    /** The deadline that passed. */
    public Duration deadline() {
        return deadline;
    }
}
