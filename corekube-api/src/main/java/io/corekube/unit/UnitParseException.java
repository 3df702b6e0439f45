package io.corekube.unit;

/** A unit file that go-systemd's parser (and so fleet) would refuse; carries the 1-based line of the problem. */
public class UnitParseException extends IllegalArgumentException {

    /** The line the error is on, 1-based. */
    private final int line;

    /** A parse error at {@code line} (1-based). */
    public UnitParseException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line the parser stopped at. */
    public int line() {
        return line;
    }
}
