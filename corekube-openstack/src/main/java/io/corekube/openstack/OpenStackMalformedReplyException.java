package io.corekube.openstack;

/**
 * An answer that does not read as the service's API: a body that is not JSON, a required field missing or of the
 * wrong type, a timestamp or URL that does not parse. Names the request and the host; not retryable.
 */
public class OpenStackMalformedReplyException extends OpenStackException {

    private final String problem;

    /** {@code what} got an answer that was malformed as {@code problem} says. */
    public OpenStackMalformedReplyException(String what, String problem, Throwable cause) {
        super(what + ": malformed answer: " + problem, false, cause);
        this.problem = problem;
    }

    /** What was wrong with the answer. */
    public String problem() {
        return problem;
    }
}
