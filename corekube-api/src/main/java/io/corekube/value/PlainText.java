package io.corekube.value;

/**
 * Free text that lands in an artifact as data (a unit's description, an image or network name, a file's content):
 * any printable Unicode, but no control characters, no line or paragraph separators, no byte-order mark and no
 * lone surrogates, so that no artifact's structure (a unit line, a YAML scalar, a JSON string) can be broken by
 * it. A {@link #line line} also has no leading or trailing white space; {@link #multiline multi-line} text
 * may hold {@code \n} (and tabs) as its only controls.
 */
public final class PlainText extends TextValue {

    /** The longest line accepted. */
    public static final int MAX_LINE = 4096;
    /** The longest multi-line text accepted (1 MiB of characters). */
    public static final int MAX_TEXT = 1 << 20;

    private PlainText(String text) {
        super(text);
    }

    /** One line of text, or {@link InvalidValueException} naming {@code field}. */
    public static PlainText line(String field, String text) {
        Chars.requireLength(field, "line of text", text, MAX_LINE);
        refuseForbidden(field, "line of text", text, false);
        if (!text.strip().equals(text)) {
            throw new InvalidValueException(field, "line of text", "leading or trailing white space: " + Chars.show(text));
        }
        return new PlainText(text);
    }

    /** Text of several lines ({@code \n} and tab allowed), or {@link InvalidValueException} naming {@code field}. */
    public static PlainText multiline(String field, String text) {
        if (text == null) {
            throw new InvalidValueException(field, "text", "no value");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidValueException(field, "text", text.length() + " characters, more than the " + MAX_TEXT + " allowed");
        }
        refuseForbidden(field, "text", text, true);
        return new PlainText(text);
    }

    private static void refuseForbidden(String field, String kind, String text, boolean lines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (lines && (c == '\n' || c == '\t')) {
                continue;
            }
            if (Chars.forbidden(text, i)) {
                throw new InvalidValueException(field, kind, "contains " + Chars.code(c) + " at index " + i
                        + (c == '\n' || c == '\r' ? " (a line break)" : " (a control or separator character)"));
            }
        }
    }
}
