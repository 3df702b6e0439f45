package io.corekube.unit;

/**
 * A unit that cannot be sent as it is: an invalid name, an option that would change the unit file's structure
 * when written (a newline, a {@code [} or {@code =} where it does not belong, a line too long), or placement
 * requirements fleet refuses. The message names the unit or option at fault.
 */
public class InvalidUnitException extends IllegalArgumentException {

    /** An invalid unit, for the reason given. */
    public InvalidUnitException(String message) {
        super(message);
    }
}
