package io.corekube;

import java.nio.file.Path;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * TLS towards a server: the CA that signs the server's certificate and, for servers that demand one, the
 * client's certificate and private key (PEM files; the key unencrypted PKCS#8, as {@code openssl pkcs8
 * -topk8 -nocrypt} writes it). The files are read when a client is built.
 */
@Value.Immutable
@CorekubeStyle
public interface TlsConfig {

    /** PEM file with the CA certificate(s) the server's certificate must chain to. */
    Path caCertificate();

    /** PEM file with the client certificate, for client-certificate authentication. */
    Optional<Path> clientCertificate();

    /** PEM file with the client's PKCS#8 private key, for client-certificate authentication. */
    Optional<Path> clientKey();

    /** A builder for a TLS configuration. */
    static ImmutableTlsConfig.Builder builder() {
        return ImmutableTlsConfig.builder();
    }

    /** The client certificate and its key come together or not at all. */
    @Value.Check
    default void check() {
        if (clientCertificate().isPresent() != clientKey().isPresent()) {
            throw new IllegalArgumentException("clientCertificate and clientKey must be given together");
        }
    }
}
