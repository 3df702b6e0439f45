package io.corekube.templates.render;

import io.corekube.value.InvalidValueException;

/**
 * A template that cannot be rendered safely: a value that does not fit its placeholder's kind, a missing or
 * unknown binding, or a malformed template. Names the template and the field; an {@link InvalidValueException},
 * so callers catch one type for every refused value.
 */
public class RenderException extends InvalidValueException {

    /** {@code field} of {@code template} was refused for the reason given. */
    public RenderException(String template, String field, String problem) {
        super(template + ": " + field, "template value", problem);
    }

    /** {@code field} of {@code template} was refused by its kind's validator. */
    public RenderException(String template, InvalidValueException refused) {
        super(template + ": " + refused.field(), refused.kind(), refused.getMessage().substring(
                refused.getMessage().indexOf(": not a valid ") + (": not a valid " + refused.kind() + ": ").length()));
        initCause(refused);
    }

    /** The placeholder (or binding) at fault, without the template's name. */
    @Override
    public String field() {
        String f = super.field();
        return f.substring(f.indexOf(": ") + 2);
    }
}
