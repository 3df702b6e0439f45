package io.corekube.internal;

import io.corekube.value.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The one check of a client's endpoint URL, and its safe form for messages: a scheme the client speaks, a host, no
 * user information (a password would reach logs and messages: give credentials to the client's builder), no
 * query or fragment. {@link #redact} shows any URI without user information, query or fragment.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** {@code endpoint}, or {@link InvalidValueException} naming {@code field} and what is wrong (never the password). */
    public static URI check(String field, URI endpoint, Set<String> schemes) {
        if (endpoint == null) {
            throw new InvalidValueException(field, "endpoint URL", "no value");
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new InvalidValueException(field, "endpoint URL", "user information (user:password@) is not allowed in "
                    + redact(endpoint) + "; give credentials to the client's builder");
        }
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new InvalidValueException(field, "endpoint URL", "scheme of " + redact(endpoint) + " must be one of " + schemes);
        }
        if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
            throw new InvalidValueException(field, "endpoint URL", redact(endpoint) + " has no host");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
            throw new InvalidValueException(field, "endpoint URL", redact(endpoint) + " must have no query or fragment");
        }
        return endpoint;
    }

    /** {@code uri} without user information, query and fragment: safe for a message, a log line or toString. */
    public static String redact(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getHost() == null) {
            return uri.getScheme() == null ? "<relative url>" : uri.getScheme() + ":<opaque>";
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return uri.getScheme() + "://<unprintable>";
        }
    }
}
