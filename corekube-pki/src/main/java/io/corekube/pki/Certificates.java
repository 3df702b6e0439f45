package io.corekube.pki;

import io.corekube.credentials.CertifiedKey;
import io.corekube.value.InvalidValueException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** X.509 certificates for the cluster: ECDSA P-256 keys, SHA-256 signatures, the extensions each role needs. */
final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /** A fresh ECDSA P-256 key pair. */
    static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no ECDSA P-256", e);
        }
    }

    /** A self-signed CA. */
    static CertifiedKey authority(String commonName, Instant from, Instant until) {
        KeyPair key = newKey();
        X500Name subject = name(commonName, null);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(from), Date.from(until),
                    subject, key.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                            | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            return new CertifiedKey(commonName, Pem.certificate(b.build(signer(key.getPrivate()))), Pem.privateKey(key.getPrivate()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the CA", e);
        }
    }

    /** What signs with a CA; the CA's PEM is read and checked here. */
    static Signer signer(CertifiedKey ca) {
        X509Certificate certificate = Pem.readCertificate("ca certificate", ca.certificatePem());
        PrivateKey key = Pem.readPrivateKey("ca private key", ca.privateKeyPem());
        if (certificate.getBasicConstraints() < 0) {
            throw new InvalidValueException("ca certificate", "CA certificate", "is not a CA (no basicConstraints CA:true)");
        }
        return new Signer(certificate, key);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    private static X500Name name(String commonName, String organization) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null) {
            b.addRDN(BCStyle.O, organization);
        }
        return b.addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /** Signs leaf certificates with one CA. */
    static final class Signer {
        private final X509Certificate ca;
        private final PrivateKey caKey;

        private Signer(X509Certificate ca, PrivateKey caKey) {
            this.ca = ca;
            this.caKey = caKey;
        }

        /** A certificate for TLS servers (and clients): DNS names and IP addresses as SANs. */
        CertifiedKey serving(String commonName, Optional<String> organization, List<String> dnsNames, List<String> ips,
                             Instant from, Instant until) {
            List<GeneralName> sans = new ArrayList<>();
            dnsNames.forEach(n -> sans.add(new GeneralName(GeneralName.dNSName, n)));
            ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
            return leaf(commonName, organization.orElse(null), Optional.of(new GeneralNames(sans.toArray(GeneralName[]::new))),
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}, from, until);
        }

        /** A client certificate: CN the user, O the group (or none). */
        CertifiedKey client(String commonName, String organization, Instant from, Instant until) {
            return leaf(commonName, organization, Optional.empty(), new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}, from, until);
        }

        private CertifiedKey leaf(String commonName, String organization, Optional<GeneralNames> sans, KeyPurposeId[] usages,
                                  Instant from, Instant until) {
            KeyPair key = newKey();
            Instant end = until.isAfter(ca.getNotAfter().toInstant()) ? ca.getNotAfter().toInstant() : until;
            try {
                JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X509CertificateHolder(ca.getEncoded()).getSubject(),
                        serial(), Date.from(from), Date.from(end), name(commonName, organization), key.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages))
                        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
                if (sans.isPresent()) {
                    b.addExtension(Extension.subjectAlternativeName, false, sans.get());
                }
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(b.build(Certificates.signer(caKey)));
                return new CertifiedKey(commonName, Pem.certificate(certificate), Pem.privateKey(key.getPrivate()));
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot sign the certificate of " + commonName, e);
            }
        }
    }
}
