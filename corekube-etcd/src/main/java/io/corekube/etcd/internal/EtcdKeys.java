package io.corekube.etcd.internal;

import io.corekube.etcd.EtcdArgumentException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The keys Corekube accepts: absolute, {@code /}-separated segments of letters, digits and {@code _.:@=+&-},
 * no empty, {@code .} or {@code ..} segments. Anything else (spaces, control characters, {@code ?#%}) is
 * rejected before a request is made, so no key can address something other than what it names.
 */
public final class EtcdKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.:@=+&-]+");

    private EtcdKeys() {
    }

    /** The key's segments; {@code "/"} is the root with none. Throws naming {@code field} when invalid. */
    public static List<String> segments(String field, String key) {
        if (key == null || !key.startsWith("/")) {
            throw new EtcdArgumentException(field, "key must start with '/': " + quote(key));
        }
        if (key.equals("/")) {
            return List.of();
        }
        String trimmed = key.endsWith("/") ? key.substring(1, key.length() - 1) : key.substring(1);
        List<String> segments = Arrays.asList(trimmed.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw new EtcdArgumentException(field, "illegal key " + quote(key) + ": segment " + quote(segment)
                        + " must be non-empty, not '.' or '..', and use only letters, digits and _.:@=+&-");
            }
        }
        return segments;
    }

    /** Validates and returns the key in canonical form (no trailing slash). */
    public static String canonical(String field, String key) {
        return "/" + String.join("/", segments(field, key));
    }

    /** A value shown in a message with control characters made visible. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + s.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
