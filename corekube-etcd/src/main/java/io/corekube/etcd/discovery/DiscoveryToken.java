package io.corekube.etcd.discovery;

import io.corekube.etcd.internal.EtcdKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A discovery token: the token string, the key of its directory, and, for v2 discovery, the URL members are
 * started with ({@code --discovery http://host:2379/v2/keys/_etcd/registry/<token>}).
 */
@Value.Immutable
public interface DiscoveryToken {

    /** Tokens are 1 to 128 letters, digits, {@code _} and {@code -}; generated ones are 32 lowercase hex. */
    Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** The token itself. */
    String token();

    /** The key of the token's directory (v2) or prefix (v3), e.g. {@code /_etcd/registry/<token>}. */
    String key();

    /** The v2 discovery URL, for {@code etcd --discovery}. */
    Optional<String> url();

    /** What etcd hashes into member IDs: the discovery URL for v2, the token for v3. */
    default String clusterToken() {
        return url().orElse(token());
    }

    /** Returns {@code token} if it is a valid token, else throws {@code INVALID_URL} naming it. */
    static String checkToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new DiscoveryException(DiscoveryException.Reason.INVALID_URL, "token " + EtcdKeys.quote(token)
                    + " must be 1-128 characters [A-Za-z0-9_-]");
        }
        return token;
    }

    /** A builder for a token. */
    static ImmutableDiscoveryToken.Builder builder() {
        return ImmutableDiscoveryToken.builder();
    }

    /**
     * Parses a v2 discovery URL of a self-hosted etcd ({@code http(s)://host[:port]/v2/keys/<dir>/<token>}),
     * rejecting anything else with {@link DiscoveryException.Reason#INVALID_URL} naming the problem.
     */
    static DiscoveryToken parseV2Url(String url) {
        if (url == null || url.isEmpty() || url.chars().anyMatch(c -> c <= ' ')) {
            throw invalid(url, "empty, or contains whitespace or control characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(url, "not a URL (" + e.getReason() + ")");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw invalid(url, "scheme must be http or https");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(url, "no query, fragment or user info allowed");
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith("/v2/keys/")) {
            throw invalid(url, "path must start with /v2/keys/ (a self-hosted etcd's v2 keys API)");
        }
        String key = path.substring("/v2/keys".length());
        try {
            key = EtcdKeys.canonical("url", key);
        } catch (RuntimeException e) {
            throw invalid(url, e.getMessage());
        }
        String token = key.substring(key.lastIndexOf('/') + 1);
        if (!TOKEN.matcher(token).matches() || key.equals("/" + token)) {
            throw invalid(url, "must end in a directory and a token of 1-128 characters [A-Za-z0-9_-]");
        }
        return builder().token(token).key(key).url(url).build();
    }

    private static DiscoveryException invalid(String url, String why) {
        return new DiscoveryException(DiscoveryException.Reason.INVALID_URL, EtcdKeys.quote(url) + ": " + why);
    }
}
