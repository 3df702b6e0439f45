package io.corekube.fleet;

import java.time.Duration;

/**
 * A call that did not end within the client's request timeout, retries included: fleet accepted the connection
 * and stayed silent, or answered too slowly. Retryable; a write that timed out may or may not have been applied.
 */
public class FleetTimeoutException extends FleetException {

    private final Duration deadline;

    /** {@code request} did not end within {@code deadline}. */
    public FleetTimeoutException(String request, Duration deadline, Throwable cause) {
        super(request + ": fleet did not answer within " + deadline, cause);
        this.deadline = deadline;
    }

    /** The deadline that passed. */
    public Duration deadline() {
        return deadline;
    }
}
