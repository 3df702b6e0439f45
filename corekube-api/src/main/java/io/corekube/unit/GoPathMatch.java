package io.corekube.unit;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code path.Match} (Go 1.19, which the real fleet is built with here), as fleet uses it for
 * {@code Conflicts} and {@code Replaces}: {@code *} matches any run without {@code /}, {@code ?} one character
 * but {@code /}, {@code [...]} classes with ranges and {@code ^}, {@code \} escapes. Each chunk after a star is
 * matched at the leftmost place it fits, as Go does, so matching takes time linear in the name for each chunk and
 * never backtracks; a malformed pattern matches nothing (fleet ignores Go's error).
 */
final class GoPathMatch {

    private static final int BAD_PATTERN = -2;
    private static final int NO_MATCH = -1;

    private GoPathMatch() {
    }

    static boolean matches(String pattern, String name) {
        byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
        byte[] s = name.getBytes(StandardCharsets.UTF_8);
        int pi = 0;
        int si = 0;
        while (pi < p.length) {
            boolean star = false;
            while (pi < p.length && p[pi] == '*') {
                pi++;
                star = true;
            }
            int chunkEnd = chunkEnd(p, pi);
            if (star && chunkEnd == pi) {
                return indexOf(s, si, (byte) '/') < 0;
            }
            boolean last = chunkEnd == p.length;
            int t = matchChunk(p, pi, chunkEnd, s, si);
            if (t >= 0 && (t == s.length || !last)) {
                si = t;
                pi = chunkEnd;
                continue;
            }
            if (t == BAD_PATTERN) {
                return false;
            }
            boolean found = false;
            if (star) {
                for (int i = si; i < s.length && s[i] != '/'; i++) {
                    int u = matchChunk(p, pi, chunkEnd, s, i + 1);
                    if (u >= 0) {
                        if (last && u < s.length) {
                            continue;
                        }
                        si = u;
                        found = true;
                        break;
                    }
                    if (u == BAD_PATTERN) {
                        return false;
                    }
                }
            }
            if (!found) {
                return false;
            }
            pi = chunkEnd;
        }
        return si == s.length;
    }

    /** Where the chunk starting at {@code from} ends: at the next {@code *} outside a class. */
    private static int chunkEnd(byte[] p, int from) {
        boolean inRange = false;
        int i = from;
        for (; i < p.length; i++) {
            switch (p[i]) {
                case '\\' -> {
                    if (i + 1 < p.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> { }
            }
        }
        return i;
    }

    /** Go's {@code matchChunk}: the index in {@code s} after the match, {@link #NO_MATCH} or {@link #BAD_PATTERN}. */
    private static int matchChunk(byte[] p, int ci, int end, byte[] s, int si) {
        boolean failed = false;
        while (ci < end) {
            if (!failed && si >= s.length) {
                failed = true;
            }
            byte c = p[ci];
            if (c == '[') {
                int r = -1;
                if (!failed) {
                    r = codePoint(s, si);
                    si += runeLength(s, si);
                }
                ci++;
                boolean negated = ci < end && p[ci] == '^';
                if (negated) {
                    ci++;
                }
                boolean match = false;
                int ranges = 0;
                while (true) {
                    if (ci < end && p[ci] == ']' && ranges > 0) {
                        ci++;
                        break;
                    }
                    long lo = escaped(p, ci, end);
                    if (lo < 0) {
                        return BAD_PATTERN;
                    }
                    ci = (int) (lo >>> 32);
                    int low = (int) lo;
                    int high = low;
                    if (p[ci] == '-') {
                        long hi = escaped(p, ci + 1, end);
                        if (hi < 0) {
                            return BAD_PATTERN;
                        }
                        ci = (int) (hi >>> 32);
                        high = (int) hi;
                    }
                    if (low <= r && r <= high) {
                        match = true;
                    }
                    ranges++;
                }
                if (match == negated) {
                    failed = true;
                }
            } else if (c == '?') {
                if (!failed) {
                    if (s[si] == '/') {
                        failed = true;
                    }
                    si += runeLength(s, si);
                }
                ci++;
            } else {
                if (c == '\\') {
                    ci++;
                    if (ci >= end) {
                        return BAD_PATTERN;
                    }
                }
                if (!failed) {
                    if (p[ci] != s[si]) {
                        failed = true;
                    }
                    si++;
                }
                ci++;
            }
        }
        return failed ? NO_MATCH : si;
    }

    /**
     * Go's {@code getEsc}: the (possibly escaped) character at {@code ci}, packed as (next index << 32 | code
     * point), or -1 for a bad pattern (nothing left, a bare {@code -} or {@code ]}, or nothing after it).
     */
    private static long escaped(byte[] p, int ci, int end) {
        if (ci >= end || p[ci] == '-' || p[ci] == ']') {
            return -1;
        }
        if (p[ci] == '\\') {
            ci++;
            if (ci >= end) {
                return -1;
            }
        }
        int r = codePoint(p, ci);
        int n = runeLength(p, ci);
        if (r == 0xFFFD && n == 1) {
            return -1;
        }
        int next = ci + n;
        if (next >= end) {
            return -1;
        }
        return (long) next << 32 | r;
    }

    private static int runeLength(byte[] b, int i) {
        int lead = b[i] & 0xFF;
        int n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return i + n <= b.length ? n : 1;
    }

    private static int codePoint(byte[] b, int i) {
        int n = runeLength(b, i);
        if (n == 1) {
            return (b[i] & 0xFF) < 0x80 ? b[i] : 0xFFFD;
        }
        return new String(b, i, n, StandardCharsets.UTF_8).codePointAt(0);
    }

    private static int indexOf(byte[] b, int from, byte x) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
