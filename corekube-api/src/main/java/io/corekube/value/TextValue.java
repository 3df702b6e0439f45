package io.corekube.value;

/** A validated value held as its text: equal to another of the same kind with the same text, shown as the text. */
abstract class TextValue {

    private final String text;

    TextValue(String text) {
        this.text = text;
    }

    /** The value as it is written into artifacts. */
    @Override
    public final String toString() {
        return text;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TextValue) o).text.equals(text);
    }

    @Override
    public final int hashCode() {
        return text.hashCode();
    }
}
