package io.corekube.value;

/** Character rules shared by the value kinds: what no value may hold, and how a refused value is shown. */
final class Chars {

    private Chars() {
    }

    /**
     * True for characters no value may hold: C0 and C1 controls (NUL, line breaks, U+0085), DEL, the Unicode line
     * and paragraph separators (line breaks to YAML 1.1 readers), the byte-order mark, noncharacters U+FFFE/U+FFFF
     * and lone surrogates.
     */
    static boolean forbidden(String s, int index) {
        char c = s.charAt(index);
        if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0xFFFE || c == 0xFFFF) {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return index + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(index + 1));
        }
        return Character.isLowSurrogate(c) && (index == 0 || !Character.isHighSurrogate(s.charAt(index - 1)));
    }

    /** The index of the first forbidden character, or -1. */
    static int firstForbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (forbidden(s, i)) {
                return i;
            }
        }
        return -1;
    }

    /** True when every character is printable ASCII (U+0021 to U+007E; no space). */
    static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** {@code c} as a code a reader can see, e.g. {@code U+000A}. */
    static String code(char c) {
        return String.format("U+%04X", (int) c);
    }

    /** The value quoted for a message, cut at 80 characters, controls shown as codes. */
    static String show(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < Math.min(s.length(), 80); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c >= 0x7F && c <= 0xA0 || c > 0x7E && forbidden(s, i) ? "\\" + code(c) : String.valueOf(c));
        }
        return out.append(s.length() > 80 ? "'... (" + s.length() + " characters)" : "'").toString();
    }

    /** Refuses null and over-long values before any other check. */
    static void requireLength(String field, String kind, String s, int max) {
        if (s == null) {
            throw new InvalidValueException(field, kind, "no value");
        }
        if (s.isEmpty()) {
            throw new InvalidValueException(field, kind, "empty");
        }
        if (s.length() > max) {
            throw new InvalidValueException(field, kind, s.length() + " characters, more than the " + max + " allowed");
        }
    }
}
