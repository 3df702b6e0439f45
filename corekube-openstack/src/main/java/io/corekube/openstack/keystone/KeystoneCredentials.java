package io.corekube.openstack.keystone;

import io.corekube.Secret;
import java.util.Objects;

/** How to authenticate to Keystone v3; secrets are {@link Secret}s and never printed. */
public sealed interface KeystoneCredentials {

    /** A user by ID and password. */
    static KeystoneCredentials passwordById(String userId, Secret password) {
        return new Password(Objects.requireNonNull(userId), null, null, password);
    }

    /** A user by name in a domain (by domain ID), and password. */
    static KeystoneCredentials passwordByName(String userName, String domainId, Secret password) {
        return new Password(null, Objects.requireNonNull(userName), Objects.requireNonNull(domainId), password);
    }

    /** An application credential by ID and secret; it is scoped already, so no scope is sent with it. */
    static KeystoneCredentials applicationCredential(String id, Secret secret) {
        return new ApplicationCredential(Objects.requireNonNull(id), secret);
    }

    /** An existing token, re-scoped or checked. */
    static KeystoneCredentials token(Secret token) {
        return new Token(token);
    }

    /** Password authentication; the user by ID or by name and domain ID. */
    record Password(String userId, String userName, String domainId, Secret password) implements KeystoneCredentials {
    }

    /** Application credential authentication. */
    record ApplicationCredential(String id, Secret secret) implements KeystoneCredentials {
    }

    /** Token authentication. */
    record Token(Secret token) implements KeystoneCredentials {
    }
}
