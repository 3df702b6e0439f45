package io.corekube.fleet;

import java.util.OptionalInt;

/**
 * The root of every error of corekube-fleet: what fleet answered ({@link #status()} and fleet's own
 * {@link #fleetMessage()}), or why no answer came. Callers decide with {@link #isRetryable()}.
 */
public class FleetException extends RuntimeException {

    private final int status;
    private final String fleetMessage;
    private final boolean retryable;

    /** An error fleet answered with {@code status} and {@code fleetMessage}. */
    public FleetException(int status, String fleetMessage, String request) {
        super(request + ": fleet answered " + status + (fleetMessage == null || fleetMessage.isEmpty() ? ""
                : " \"" + fleetMessage + "\""));
        this.status = status;
        this.fleetMessage = fleetMessage == null ? "" : fleetMessage;
        this.retryable = status >= 500;
    }

    /** No answer came (connection failure, timeout). */
    public FleetException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.fleetMessage = "";
        this.retryable = true;
    }

    /** The HTTP status fleet answered, when it answered. */
    public OptionalInt status() {
        return status == 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** fleet's message ({@code error.message}), possibly empty. */
    public String fleetMessage() {
        return fleetMessage;
    }

    /** True for connection failures and 5xx (503 while fleet cannot reach etcd). */
    public boolean isRetryable() {
        return retryable;
    }

    /** The exception of the right subclass for a status. */
    static FleetException of(int status, String message, String request) {
        return switch (status) {
            case 400 -> new FleetBadRequestException(message, request);
            case 404 -> new FleetNotFoundException(message, request);
            case 409 -> new FleetConflictException(message, request);
            default -> new FleetException(status, message, request);
        };
    }
}
