package io.corekube.unit;

/** Go's notion of white space ({@code unicode.IsSpace}, {@code strings.TrimSpace}), which Java's differs from. */
final class GoText {

    private GoText() {
    }

    static boolean isSpace(int codePoint) {
        return codePoint <= 0xFFFF ? isSpace((char) codePoint) : Character.isSpaceChar(codePoint);
    }

    static boolean isSpace(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == '\u0085'
                || Character.isSpaceChar(c);
    }

    static String trimSpace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static boolean isBlank(String s) {
        return trimSpace(s).isEmpty();
    }
}
