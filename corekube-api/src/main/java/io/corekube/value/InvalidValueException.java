package io.corekube.value;

/**
 * A value refused by its kind's validator before it could reach a rendered artifact or a request. The message
 * names the field, the kind and what was wrong; it shows the value only where the value can hold no secret.
 */
public class InvalidValueException extends IllegalArgumentException {

    /** The field or parameter that was refused. */
    private final String field;
    /** The kind of value it must hold. */
    private final String kind;

    /** {@code field}, of kind {@code kind}, was refused for {@code problem}. */
    public InvalidValueException(String field, String kind, String problem) {
        super(field + ": not a valid " + kind + ": " + problem);
        this.field = field;
        this.kind = kind;
    }

    /** The field (builder method, parameter or JSON key) that held the value. */
    public String field() {
        return field;
    }

    /** The kind of value expected, e.g. {@code URL} or {@code CIDR}. */
    public String kind() {
        return kind;
    }
}
