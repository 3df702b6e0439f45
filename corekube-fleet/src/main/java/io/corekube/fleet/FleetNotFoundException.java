package io.corekube.fleet;

/** The unit (or state) does not exist (404). */
public class FleetNotFoundException extends FleetException {

    /** fleet's answer to {@code request}. */
    public FleetNotFoundException(String message, String request) {
        super(404, message, request);
    }
}
