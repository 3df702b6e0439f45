package io.corekube.pki;

import io.corekube.Secret;
import io.corekube.value.InvalidValueException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM in and out; private keys always as PKCS#8 inside a {@link Secret}, and never in a message. */
final class Pem {

    private Pem() {
    }

    static String certificate(Object certificate) {
        return write(certificate);
    }

    static String publicKey(PublicKey key) {
        return write(key);
    }

    static Secret privateKey(PrivateKey key) {
        try {
            return Secret.of(write(new JcaPKCS8Generator(key, null).generate()));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot write a private key", e);
        }
    }

    private static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static X509Certificate readCertificate(String field, String pem) {
        Object read = read(field, pem);
        if (!(read instanceof X509CertificateHolder holder)) {
            throw new InvalidValueException(field, "PEM certificate", "no CERTIFICATE block");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new InvalidValueException(field, "PEM certificate", "not an X.509 certificate: " + e.getMessage());
        }
    }

    static PrivateKey readPrivateKey(String field, Secret pem) {
        Object read = read(field, pem.reveal());
        try {
            if (read instanceof PrivateKeyInfo info) {
                return new JcaPEMKeyConverter().getPrivateKey(info);
            }
            if (read instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new InvalidValueException(field, "PEM private key", "unreadable key");
        }
        throw new InvalidValueException(field, "PEM private key", "no unencrypted PRIVATE KEY block");
    }

    private static Object read(String field, String pem) {
        if (pem == null) {
            throw new InvalidValueException(field, "PEM", "no value");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            if (read == null) {
                throw new InvalidValueException(field, "PEM", "no PEM block");
            }
            return read;
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidValueException invalid) {
                throw invalid;
            }
            throw new InvalidValueException(field, "PEM", "malformed PEM");
        }
    }
}
