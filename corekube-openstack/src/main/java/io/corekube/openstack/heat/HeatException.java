package io.corekube.openstack.heat;

import io.corekube.openstack.OpenStackException;

/** An error Heat answered, with its explanation, message and the exception type it names. */
public class HeatException extends OpenStackException {

    private final String heatMessage;
    private final String explanation;
    private final String type;

    /** Heat answered {@code status} with these parts (each possibly empty). */
    public HeatException(int status, String heatMessage, String explanation, String type) {
        super("Heat answered " + status + ": " + (type.isEmpty() ? "" : type + ": ")
                + (heatMessage.isEmpty() ? explanation : heatMessage), status);
        this.heatMessage = heatMessage;
        this.explanation = explanation;
        this.type = type;
    }

    /** Heat's {@code error.message}, possibly empty. */
    public String heatMessage() {
        return heatMessage;
    }

    /** Heat's {@code explanation}, possibly empty. */
    public String explanation() {
        return explanation;
    }

    /** The exception type Heat names, e.g. {@code StackValidationFailed}, possibly empty. */
    public String type() {
        return type;
    }

    static HeatException of(int status, String message, String explanation, String type) {
        return switch (status) {
            case 400 -> new HeatBadRequestException(message, explanation, type);
            case 404 -> new HeatNotFoundException(message, explanation, type);
            case 409 -> new HeatConflictException(message, explanation, type);
            default -> new HeatException(status, message, explanation, type);
        };
    }
}
