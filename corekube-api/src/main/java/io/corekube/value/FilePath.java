package io.corekube.value;

/**
 * An absolute file path on a machine: {@code /} then segments of ASCII letters, digits and {@code . _ - + @},
 * no empty, {@code .} or {@code ..} segment, at most 4,096 characters. It needs no quoting in a unit, a YAML
 * document or a command line.
 */
public final class FilePath extends TextValue {

    /** The longest path accepted (Linux's PATH_MAX). */
    public static final int MAX_LENGTH = 4096;
    private static final String KIND = "absolute file path";

    private FilePath(String path) {
        super(path);
    }

    /** The path, or {@link InvalidValueException} naming {@code field}. */
    public static FilePath parse(String field, String text) {
        Chars.requireLength(field, KIND, text, MAX_LENGTH);
        if (!text.startsWith("/") || text.length() > 1 && text.endsWith("/")) {
            throw new InvalidValueException(field, KIND, "must start with '/' and not end with it: " + Chars.show(text));
        }
        for (String segment : text.substring(1).split("/", -1)) {
            if (text.length() > 1 && (segment.isEmpty() || segment.equals(".") || segment.equals(".."))) {
                throw new InvalidValueException(field, KIND, "empty, '.' or '..' segment: " + Chars.show(text));
            }
            if (segment.length() > 255) {
                throw new InvalidValueException(field, KIND, "a segment is longer than 255 characters");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "._-+@".indexOf(c) >= 0)) {
                    throw new InvalidValueException(field, KIND, "character " + Chars.code(c)
                            + " is not allowed (letters, digits and ._-+@ only): " + Chars.show(text));
                }
            }
        }
        return new FilePath(text);
    }

    /** This path with {@code name} appended as one more segment. */
    public FilePath resolve(String field, String name) {
        String path = toString();
        return parse(field, (path.equals("/") ? "" : path) + "/" + name);
    }
}
