package io.corekube.unit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads unit files exactly as go-systemd's {@code unit.Deserialize} (the version fleet v1.0.0 vendors, and the
 * check fleet's API runs on every unit it is sent) does, step for step over the same buffered reader: text before
 * the first section is skipped, {@code #} and {@code ;} start comments, a value continues while its line ends with
 * a backslash and keeps the backslash and the newline, names and values are trimmed. Line length is checked as
 * go-systemd checks it: before each step, when {@value #LINE_MAX} or more bytes are buffered and the next
 * {@value #LINE_MAX} hold no line break; so whether a long line is refused depends on where it falls in the
 * reader's 4,096-byte buffer, and this parser refuses exactly the files fleet refuses.
 */
final class UnitFileParser {

    static final int LINE_MAX = 2048;

    private final GoBufferedReader in;
    private final List<UnitOption> options = new ArrayList<>();
    /** Whether the line {@link #toEndOfLine} read last ended at the end of the text, not at a {@code \n}. */
    private boolean lastLineAtEof;

    private UnitFileParser(String text) {
        this.in = new GoBufferedReader(text);
    }

    static List<UnitOption> parse(String text) {
        UnitFileParser parser = new UnitFileParser(text);
        parser.run();
        return parser.options;
    }

    /** One step of go-systemd's lexer; the next step, or null at the end. */
    private interface Step {
        Step run();
    }

    private void run() {
        Step next = this::nextSection;
        while (next != null) {
            if (in.buffered() >= LINE_MAX && !in.peekHasLineBreak(LINE_MAX)) {
                throw new UnitParseException(in.line(), "line too long (max " + LINE_MAX + " bytes)");
            }
            next = next.run();
        }
    }

    private Step nextSection() {
        int r = in.readRune();
        if (r < 0) {
            return null;
        }
        if (r == '[') {
            return this::sectionName;
        }
        if (r == '#' || r == ';') {
            return ignoreLine(this::nextSection);
        }
        return this::nextSection;
    }

    private Step sectionName() {
        int line = in.line();
        String name = in.readUntil((byte) ']');
        if (!name.endsWith("]")) {
            throw new UnitParseException(line, "unable to find end of section");
        }
        String section = name.substring(0, name.length() - 1);
        return () -> {
            int suffixLine = in.line();
            String garbage = GoText.trimSpace(toEndOfLine());
            if (!garbage.isEmpty()) {
                // go-systemd prints the lexer's (never set) section name and the garbage as a Go byte slice
                throw new UnitParseException(suffixLine, "found garbage after section name : " + goBytes(garbage));
            }
            return nextSectionOrOption(section);
        };
    }

    private Step ignoreLine(Step next) {
        return () -> {
            while (true) {
                String current = toEndOfLine();
                if (current.endsWith(" ")) {
                    current = current.substring(0, current.length() - 1);
                }
                if (!current.endsWith("\\")) {
                    return next;
                }
            }
        };
    }

    private Step nextSectionOrOption(String section) {
        return () -> {
            int r = in.readRune();
            if (r < 0) {
                return null;
            }
            if (GoText.isSpace(r)) {
                return nextSectionOrOption(section);
            }
            if (r == '[') {
                return this::sectionName;
            }
            if (r == '#' || r == ';') {
                return ignoreLine(nextSectionOrOption(section));
            }
            in.unreadRune();
            return optionName(section);
        };
    }

    private Step optionName(String section) {
        return () -> {
            StringBuilder name = new StringBuilder();
            while (true) {
                int line = in.line();
                int r = in.readRune();
                if (r < 0) {
                    throw new UnitParseException(line, "EOF");
                }
                if (r == '\n' || r == '\r') {
                    throw new UnitParseException(line, "unexpected newline encountered while parsing option name");
                }
                if (r == '=') {
                    break;
                }
                name.appendCodePoint(r);
            }
            return optionValue(section, GoText.trimSpace(name.toString()), new StringBuilder());
        };
    }

    private Step optionValue(String section, String name, StringBuilder partial) {
        return () -> {
            String current = toEndOfLine();
            boolean eof = lastLineAtEof;
            if (!GoText.isBlank(current)) {
                partial.append(current);
                if (current.lastIndexOf('\\') == current.length() - 1) {
                    if (!eof) {
                        partial.append('\n');
                    }
                    return optionValue(section, name, partial);
                }
            }
            String raw = partial.toString();
            String value = raw.endsWith("\n") ? GoText.trimSpace(raw) + "\n" : GoText.trimSpace(raw);
            options.add(UnitOption.of(section, name, value));
            return nextSectionOrOption(section);
        };
    }

    /** go-systemd's {@code toEOL}: the line without its {@code \n}, then without one {@code \r} before that. */
    private String toEndOfLine() {
        String line = in.readUntil((byte) '\n');
        lastLineAtEof = !line.endsWith("\n");
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - 1);
        }
        return line;
    }

    private static String goBytes(String s) {
        StringJoiner out = new StringJoiner(" ", "[", "]");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            out.add(Integer.toString(b & 0xFF));
        }
        return out.toString();
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
