package io.corekube.fleet;

/** fleet refused the request as conflicting (409): creating a unit without options, or updating one without a desired state. */
public class FleetConflictException extends FleetException {

    /** fleet's answer to {@code request}. */
    public FleetConflictException(String message, String request) {
        super(409, message, request);
    }
}
