package io.corekube.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads unit files exactly as go-systemd's {@code unit.Deserialize} (the version fleet v1.0.0 vendors) does,
 * so that what Corekube parses is what fleet stores: text before the first section is skipped, {@code #} and
 * {@code ;} start comments, a value continues while its line ends with a backslash and keeps the backslash
 * and the newline, names and values are trimmed, and a line of {@value #LINE_MAX} bytes or more is refused.
 */
final class UnitFileParser {

    static final int LINE_MAX = 2048;

    private final String text;
    private int pos;
    private int line = 1;
    private final List<UnitOption> options = new ArrayList<>();

    private UnitFileParser(String text) {
        this.text = text;
    }

    static List<UnitOption> parse(String text) {
        UnitFileParser parser = new UnitFileParser(text);
        parser.checkLineLengths();
        parser.run();
        return parser.options;
    }

    private void checkLineLengths() {
        int number = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r') {
                if (utf8Length(text.substring(start, i)) >= LINE_MAX) {
                    throw new UnitParseException(number, "line too long (max " + LINE_MAX + " bytes)");
                }
                if (i < text.length() && text.charAt(i) == '\n') {
                    number++;
                }
                start = i + 1;
            }
        }
    }

    private void run() {
        // Outside any section: skip until '['.
        String section = null;
        while (pos < text.length()) {
            char c = next();
            if (section == null) {
                if (c == '[') {
                    section = sectionName();
                } else if (c == '#' || c == ';') {
                    ignoreLine();
                }
                continue;
            }
            if (GoText.isSpace(c)) {
                continue;
            }
            if (c == '[') {
                section = sectionName();
            } else if (c == '#' || c == ';') {
                ignoreLine();
            } else {
                pos--;
                option(section);
            }
        }
    }

    private String sectionName() {
        int startLine = line;
        int end = text.indexOf(']', pos);
        if (end < 0) {
            throw new UnitParseException(startLine, "unable to find end of section");
        }
        String name = advanceTo(end);
        pos++; // ']'
        int suffixLine = line;
        String garbage = GoText.trimSpace(toEndOfLine());
        if (!garbage.isEmpty()) {
            throw new UnitParseException(suffixLine, "found garbage after section name " + name + ": " + garbage);
        }
        return name;
    }

    private void option(String section) {
        StringBuilder name = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new UnitParseException(line, "unexpected end of file while parsing option name");
            }
            char c = next();
            if (c == '\n' || c == '\r') {
                throw new UnitParseException(line - (c == '\n' ? 1 : 0),
                        "unexpected newline encountered while parsing option name");
            }
            if (c == '=') {
                break;
            }
            name.append(c);
        }
        StringBuilder value = new StringBuilder();
        while (true) {
            boolean eof = isLastLine();
            String current = toEndOfLine();
            if (GoText.isBlank(current)) {
                break;
            }
            value.append(current);
            if (current.lastIndexOf('\\') != current.length() - 1) {
                break;
            }
            if (!eof) {
                value.append('\n');
            }
        }
        String raw = value.toString();
        String finalValue = raw.endsWith("\n") ? GoText.trimSpace(raw) + "\n" : GoText.trimSpace(raw);
        options.add(UnitOption.of(section, GoText.trimSpace(name.toString()), finalValue));
    }

    private void ignoreLine() {
        while (true) {
            String current = toEndOfLine();
            if (current.endsWith(" ")) {
                current = current.substring(0, current.length() - 1);
            }
            if (!current.endsWith("\\") || pos >= text.length()) {
                return;
            }
        }
    }

    /** The rest of the line without its {@code \n} (a {@code \r} before it stays, as in go-systemd). */
    private String toEndOfLine() {
        int end = text.indexOf('\n', pos);
        if (end < 0) {
            return advanceTo(text.length());
        }
        String current = advanceTo(end);
        pos++;
        line++;
        return current;
    }

    private boolean isLastLine() {
        return text.indexOf('\n', pos) < 0;
    }

    private String advanceTo(int end) {
        String s = text.substring(pos, end);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        pos = end;
        return s;
    }

    private char next() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
        }
        return c;
    }

    static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
