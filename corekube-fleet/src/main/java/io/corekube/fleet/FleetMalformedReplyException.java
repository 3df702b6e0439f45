package io.corekube.fleet;

/**
 * An answer that does not read as fleet's API: bad JSON, a missing or mistyped field, an invalid machine ID, or a
 * listing that never ends (more than {@link FleetClient#MAX_PAGES} pages, or a page token seen twice). Names the
 * request and what was wrong; not retryable.
 */
public class FleetMalformedReplyException extends FleetException {

    /** {@code request} got an answer that was malformed as {@code problem} says. */
    public FleetMalformedReplyException(String request, String problem, Throwable cause) {
        super(request + ": malformed answer from fleet: " + problem, cause);
    }

    @Override
    public boolean isRetryable() {
        return false;
    }
}
