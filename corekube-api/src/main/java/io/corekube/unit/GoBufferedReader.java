package io.corekube.unit;

import java.nio.charset.StandardCharsets;

/**
 * Go's {@code bufio.Reader} (4,096-byte buffer) over an in-memory text, as go-systemd's lexer reads a unit: the
 * same fills at the same moments, so that {@link #buffered()} is what Go's {@code Buffered()} is at every step.
 * go-systemd checks line length only through that value, so matching it is what makes the parsers agree.
 */
final class GoBufferedReader {

    static final int SIZE = 4096;

    private final byte[] bytes;
    /** The next unread byte. */
    private int read;
    /** The end of what the buffer holds; [read, filled) is buffered. */
    private int filled;
    private boolean eof;
    private int lastRuneSize = -1;
    /** Line breaks read so far, for error messages. */
    private int newlines;
    /** The first {@code \r} or {@code \n} at or after {@link #read} when it is not below {@code read}; stale otherwise. */
    private int nextBreak = -1;
    /** How far {@link #peekHasLineBreak} has looked: no line break lies in [read, scanned) ({@link #unreadRune} only ever
     * steps back over a character that is not one). */
    private int scanned;

    GoBufferedReader(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
    }

    /** Go's {@code Buffered()}. */
    int buffered() {
        return filled - read;
    }

    /** 1-based line of the next unread byte. */
    int line() {
        return newlines + 1;
    }

    /** Go's {@code fill()}: one read into the free part of the buffer; EOF once the text is consumed. */
    private void fill() {
        int room = SIZE - buffered();
        int n = Math.min(room, bytes.length - filled);
        filled += n;
        if (n == 0) {
            eof = true;
        }
    }

    /**
     * Whether {@code Peek(n)} (with n at most {@link #buffered()}) holds a {@code \r} or {@code \n}. The search
     * resumes where the last one stopped, so checking before every step of the lexer costs linear time in all.
     */
    boolean peekHasLineBreak(int n) {
        if (nextBreak < read) {
            nextBreak = -1;
            int i = Math.max(read, scanned);
            for (; i < read + n; i++) {
                if (bytes[i] == '\n' || bytes[i] == '\r') {
                    nextBreak = i;
                    break;
                }
            }
            scanned = i;
        }
        return nextBreak >= read && nextBreak < read + n;
    }

    /** Go's {@code ReadRune}: the next code point, or -1 at the end. */
    int readRune() {
        while (buffered() < 4 && !fullRune() && !eof && buffered() < SIZE) {
            fill();
        }
        lastRuneSize = -1;
        if (read == filled) {
            return -1;
        }
        int b = bytes[read] & 0xFF;
        int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        if (read + size > filled) {
            size = 1;
        }
        String rune = new String(bytes, read, size, StandardCharsets.UTF_8);
        consume(size);
        lastRuneSize = size;
        return rune.codePointAt(0);
    }

    private boolean fullRune() {
        if (read == filled) {
            return false;
        }
        int b = bytes[read] & 0xFF;
        int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return buffered() >= size;
    }

    /** Go's {@code UnreadRune} after a {@link #readRune}. */
    void unreadRune() {
        if (lastRuneSize > 0) {
            read -= lastRuneSize;
            if (bytes[read] == '\n') {
                newlines--;
            }
            lastRuneSize = -1;
        }
    }

    /** Go's {@code ReadBytes(delim)} as text: up to and including {@code delim}, or the rest when none is left. */
    String readUntil(byte delim) {
        int start = read;
        while (true) {
            for (int i = read; i < filled; i++) {
                if (bytes[i] == delim) {
                    consume(i + 1 - read);
                    return text(start, read);
                }
            }
            if (eof) {
                consume(filled - read);
                return text(start, read);
            }
            if (buffered() >= SIZE) {
                consume(filled - read);
            }
            fill();
        }
    }

    private void consume(int n) {
        for (int i = read; i < read + n; i++) {
            if (bytes[i] == '\n') {
                newlines++;
            }
        }
        read += n;
        lastRuneSize = -1;
    }

    private String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
