package io.corekube.credentials;

import io.corekube.Secret;
import io.corekube.value.InvalidValueException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kubernetes bootstrap token ({@code <id>.<secret>}, 6 and 16 characters of {@code [a-z0-9]}): kubelets present it
 * once to ask for their client certificate (TLS bootstrap); the API server knows it from a {@code bootstrap-token-<id>}
 * Secret in {@code kube-system}. The id is public, the secret part is a {@link Secret}; {@code toString} shows the id.
 *
 * @param id the public part, 6 characters
 * @param secret the secret part, 16 characters
 */
public record BootstrapToken(String id, Secret secret) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");
    private static final Pattern SECRET = Pattern.compile("[a-z0-9]{16}");

    /** Checks both parts against the format the API server accepts. */
    public BootstrapToken {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidValueException("bootstrap token id", "bootstrap token id", "6 characters of a-z and 0-9");
        }
        Objects.requireNonNull(secret, "bootstrap token secret");
        if (!SECRET.matcher(secret.reveal()).matches()) {
            throw new InvalidValueException("bootstrap token secret", "bootstrap token secret", "16 characters of a-z and 0-9");
        }
    }

    /** The whole token, {@code <id>.<secret>}, as kubelets send it. */
    public Secret token() {
        return Secret.of(id + "." + secret.reveal());
    }

    @Override
    public String toString() {
        return "BootstrapToken[" + id + ".****]";
    }
}
