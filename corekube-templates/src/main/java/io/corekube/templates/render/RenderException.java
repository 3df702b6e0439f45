package io.corekube.templates.render;

/** A template that cannot be rendered safely; names the template, the field and what was wrong. */
public class RenderException extends IllegalArgumentException {

    private final String field;

    /** {@code field} of {@code template} was refused for the reason given. */
    public RenderException(String template, String field, String problem) {
        super(template + ": " + field + ": " + problem);
        this.field = field;
    }

    /** The placeholder (or binding) at fault. */
    public String field() {
        return field;
    }
}
