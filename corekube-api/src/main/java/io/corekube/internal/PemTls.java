package io.corekube.internal;

import io.corekube.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds JDK TLS objects from the PEM files of a {@link TlsConfig}; shared by every HTTP client of Corekube. */
public final class PemTls {

    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /** TLS material ready for an HTTP client: the context and the trust manager it was built with. */
    public record Material(SSLContext context, X509TrustManager trustManager) {
    }

    /** Reads the CA and, when given, the client certificate and key; errors name the file at fault. */
    public static Material load(TlsConfig config) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate ca : readCertificates(config.caCertificate())) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (config.clientCertificate().isPresent()) {
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                Collection<? extends Certificate> chain = readCertificates(config.clientCertificate().get());
                keys.setKeyEntry("client", readPrivateKey(config.clientKey().orElseThrow()), NO_PASSWORD,
                        chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return new Material(context, (X509TrustManager) tmf.getTrustManagers()[0]);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot build TLS context: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM certificate file: " + file, e);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("client key must be an unencrypted PKCS#8 PEM file "
                    + "(BEGIN PRIVATE KEY): " + file);
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the key is of another algorithm
            }
        }
        throw new IllegalArgumentException("unsupported private key algorithm in " + file);
    }
}
