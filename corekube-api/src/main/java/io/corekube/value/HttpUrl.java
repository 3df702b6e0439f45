package io.corekube.value;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An http or https URL that may land in a unit's command line, a cloud-config or a template: parsed as RFC 3986,
 * with a host (DNS name, IPv4 or bracketed IPv6 address) and an optional port 1-65535, no user information (it
 * would carry a password), no fragment, and only the characters {@code A-Z a-z 0-9 - . _ ~ : / ? @ + , = %}
 * (each {@code %} starting a valid escape). So it holds no white space, control character, quote or shell
 * character ({@code ; & | $ ` ' " < > ( ) * ! # \ { }}): a command line holding it has exactly one more argument.
 * {@link #forSystemd()} writes it with {@code %} doubled, as systemd reads specifiers.
 */
public final class HttpUrl extends TextValue {

    /** The longest URL accepted. */
    public static final int MAX_LENGTH = 2048;
    private static final String KIND = "http(s) URL";
    private static final String ALLOWED = "-._~:/?@+,=%";

    private final URI uri;

    private HttpUrl(URI uri, String text) {
        super(text);
        this.uri = uri;
    }

    /** The URL, or {@link InvalidValueException} naming {@code field} and what is wrong. */
    public static HttpUrl parse(String field, String text) {
        Chars.requireLength(field, KIND, text, MAX_LENGTH);
        int at = text.indexOf('@');
        int schemeEnd = text.indexOf("://");
        int pathStart = schemeEnd < 0 ? -1 : text.indexOf('/', schemeEnd + 3);
        if (at >= 0 && schemeEnd >= 0 && (pathStart < 0 || at < pathStart)) {
            // before anything else: the message must not show a password
            throw new InvalidValueException(field, KIND, "user information (user:password@) is not allowed in a URL");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ALLOWED.indexOf(c) >= 0
                    || (c == '[' || c == ']') && i < Math.max(pathStart, 0);
            if (!ok) {
                throw new InvalidValueException(field, KIND, "character " + Chars.code(c) + " ('" + (Chars.forbidden(text, i) ? "?" : c)
                        + "') at index " + i + " is not allowed; percent-encode it: " + Chars.show(text));
            }
            if (c == '%' && !(i + 2 < text.length() && hex(text.charAt(i + 1)) && hex(text.charAt(i + 2)))) {
                throw new InvalidValueException(field, KIND, "'%' at index " + i + " does not start an escape like %2F: " + Chars.show(text));
            }
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new InvalidValueException(field, KIND, e.getReason() + " at index " + e.getIndex() + ": " + Chars.show(text));
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new InvalidValueException(field, KIND, "the scheme must be http or https (lower case): " + Chars.show(text));
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new InvalidValueException(field, KIND, "no host: " + Chars.show(text));
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValueException(field, KIND, "user information (user:password@) is not allowed in a URL");
        }
        String expectedAuthority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        if (!uri.getRawAuthority().equals(expectedAuthority) || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new InvalidValueException(field, KIND, "the authority must be host or host:port (port 1-65535): " + Chars.show(text));
        }
        String host = uri.getHost();
        if (!host.startsWith("[") && Ipv4Address.bits(host) < 0) {
            DnsName.problem(host.toLowerCase(Locale.ROOT)).ifPresent(p -> {
                throw new InvalidValueException(field, KIND, "host " + p + ": " + Chars.show(text));
            });
        }
        if (uri.getRawPath() == null || !(uri.getRawPath().isEmpty() || uri.getRawPath().startsWith("/"))) {
            throw new InvalidValueException(field, KIND, "not a hierarchical URL: " + Chars.show(text));
        }
        for (String segment : uri.getRawPath().split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidValueException(field, KIND, "dot segments ('.', '..') are not allowed in the path: " + Chars.show(text));
            }
        }
        return new HttpUrl(uri, text);
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** This URL with {@code /name} appended to its path; {@code name} is one path segment of allowed characters. */
    public HttpUrl resolve(String field, String name) {
        if (uri.getRawQuery() != null) {
            throw new InvalidValueException(field, KIND, "cannot append a path segment to a URL with a query: " + Chars.show(toString()));
        }
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new InvalidValueException(field, KIND, "not one path segment: " + (name == null ? "null" : Chars.show(name)));
        }
        String text = toString();
        return parse(field, (text.endsWith("/") ? text : text + "/") + name);
    }

    /** The URL with each {@code %} written {@code %%}, so that systemd passes it on unchanged. */
    public String forSystemd() {
        return toString().replace("%", "%%");
    }

    /** The parsed URI. */
    public URI uri() {
        return uri;
    }
}
