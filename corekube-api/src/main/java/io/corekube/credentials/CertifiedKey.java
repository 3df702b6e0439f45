package io.corekube.credentials;

import io.corekube.Secret;
import java.util.Objects;

/**
 * An X.509 certificate and its private key, both PEM; the key is a {@link Secret}, so {@code toString} shows the
 * name and nothing of the key.
 *
 * @param name what the pair is for, e.g. {@code kube-apiserver}
 * @param certificatePem the certificate, PEM
 * @param privateKeyPem the private key, PEM (PKCS#8)
 */
public record CertifiedKey(String name, String certificatePem, Secret privateKeyPem) {

    /** Checks that every part is there. */
    public CertifiedKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + name + ", key ****]";
    }
}
