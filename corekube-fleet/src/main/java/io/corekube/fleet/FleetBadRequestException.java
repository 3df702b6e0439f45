package io.corekube.fleet;

/** fleet refused the request as invalid (400): a bad name, options, desired state or page token. */
public class FleetBadRequestException extends FleetException {

    /** fleet's answer to {@code request}. */
    public FleetBadRequestException(String message, String request) {
        super(400, message, request);
    }
}
