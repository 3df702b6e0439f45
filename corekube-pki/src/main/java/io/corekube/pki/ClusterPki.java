package io.corekube.pki;

import io.corekube.Secret;
import io.corekube.credentials.BootstrapToken;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.value.DnsName;
import io.corekube.value.InvalidValueException;
import io.corekube.value.Ipv4Address;
import io.corekube.value.Ipv4Cidr;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes a cluster's PKI in Java (the machines make none): a CA, or the caller's own; the API server's serving
 * certificate with every name clients use (the first service IP, {@code kubernetes}, {@code kubernetes.default},
 * {@code kubernetes.default.svc}, {@code kubernetes.default.svc.<domain>}, the master's addresses); the API server's
 * kubelet-client certificate; the service-account key pair; client certificates for the controller manager, the
 * scheduler, kube-proxy and an admin; and a bootstrap token for the kubelets. Kubelets use TLS bootstrap rather than
 * certificates made here: the minions are one Heat ResourceGroup sharing one user data, their names are not known
 * before they boot, and a kubelet's key is then made on its own machine and never travels; the controller manager
 * signs their requests with the CA, approved by the RBAC bindings the add-ons apply. Keys are ECDSA P-256,
 * signatures SHA-256.
 *
 * <pre>{@code
 * ClusterCredentials pki = ClusterPki.builder().serviceCidr("10.1.0.0/16").clusterDomain("kube.local")
 *         .masterAddress("10.10.10.4").masterAddress("203.0.113.7").build().generate();
 * }</pre>
 */
public final class ClusterPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Builder settings;

    private ClusterPki(Builder b) {
        this.settings = b;
    }

    /** A builder: service CIDR 10.1.0.0/16, cluster domain {@code kube.local}, certificates valid for a year. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fresh set of credentials (the caller's CA when one was given). */
    public ClusterCredentials generate() {
        Instant now = Instant.now();
        Instant until = now.plus(settings.validity);
        CertifiedKey ca = settings.ca.orElseGet(() -> Certificates.authority("corekube-ca", now, until));
        Certificates.Signer signer = Certificates.signer(ca);
        List<String> names = new ArrayList<>(List.of("kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc." + settings.clusterDomain));
        names.addAll(settings.extraNames);
        List<String> addresses = new ArrayList<>();
        addresses.add(Ipv4Address.format(settings.serviceCidr.network() + 1));
        addresses.addAll(settings.masterAddresses);
        CertifiedKey apiServer = signer.serving("kube-apiserver", Optional.empty(), names, addresses, now, until);
        CertifiedKey kubeletClient = signer.client("kube-apiserver-kubelet-client", "system:masters", now, until);
        Map<String, CertifiedKey> clients = new LinkedHashMap<>();
        clients.put(ClusterCredentials.ADMIN, signer.client("kubernetes-admin", "system:masters", now, until));
        clients.put("kube-controller-manager", signer.client("system:kube-controller-manager", null, now, until));
        clients.put("kube-scheduler", signer.client("system:kube-scheduler", null, now, until));
        clients.put("kube-proxy", signer.client("system:kube-proxy", null, now, until));
        KeyPair serviceAccount = Certificates.newKey();
        return new ClusterCredentials(ca, apiServer, kubeletClient, Pem.publicKey(serviceAccount.getPublic()),
                Pem.privateKey(serviceAccount.getPrivate()), clients, bootstrapToken());
    }

    private static BootstrapToken bootstrapToken() {
        return new BootstrapToken(randomText(6), Secret.of(randomText(16)));
    }

    private static String randomText(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Settings of the PKI; every value is checked by its kind when it is set. */
    public static final class Builder {
        private Ipv4Cidr serviceCidr = Ipv4Cidr.parse("serviceCidr", "10.1.0.0/16");
        private String clusterDomain = "kube.local";
        private final List<String> masterAddresses = new ArrayList<>();
        private final List<String> extraNames = new ArrayList<>();
        private Duration validity = Duration.ofDays(365);
        private Optional<CertifiedKey> ca = Optional.empty();

        private Builder() {
        }

        /** The service IP range; its first address is the {@code kubernetes} service's and goes into the API server's certificate. */
        public Builder serviceCidr(String cidr) {
            this.serviceCidr = Ipv4Cidr.parse("serviceCidr", cidr);
            return this;
        }

        /** The cluster domain, for {@code kubernetes.default.svc.<domain>}. */
        public Builder clusterDomain(String domain) {
            this.clusterDomain = DnsName.parse("clusterDomain", domain).toString();
            return this;
        }

        /** An address the API server is reached at (the master's private and public addresses). */
        public Builder masterAddress(String ip) {
            masterAddresses.add(Ipv4Address.parse("masterAddress", ip).toString());
            return this;
        }

        /** One more DNS name for the API server's certificate (a load balancer's, say). */
        public Builder extraName(String dnsName) {
            extraNames.add(DnsName.parse("extraName", dnsName).toString());
            return this;
        }

        /** How long the certificates are valid: one day to ten years. */
        public Builder validity(Duration validity) {
            if (validity == null || validity.compareTo(Duration.ofDays(1)) < 0 || validity.compareTo(Duration.ofDays(3650)) > 0) {
                throw new InvalidValueException("validity", "duration", "must be one day to ten years");
            }
            this.validity = validity;
            return this;
        }

        /** The caller's own CA (certificate and PKCS#8 key, PEM), instead of a fresh one. */
        public Builder ca(CertifiedKey ca) {
            Certificates.signer(Objects.requireNonNull(ca, "ca"));
            this.ca = Optional.of(ca);
            return this;
        }

        /** The generator. */
        public ClusterPki build() {
            return new ClusterPki(this);
        }
    }
}
