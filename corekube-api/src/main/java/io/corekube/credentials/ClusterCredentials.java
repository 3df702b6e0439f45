package io.corekube.credentials;

import io.corekube.Secret;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A cluster's PKI as the SDK makes it (see corekube-pki): the CA, the API server's serving certificate and its
 * kubelet-client certificate, the service-account key pair, a client certificate per control-plane component and
 * for the admin, and the bootstrap token with which each kubelet asks for its own certificate (TLS bootstrap: a
 * kubelet's key is made on its machine and never travels). Private parts are {@link Secret}s; {@code toString} lists
 * names.
 *
 * @param ca the cluster CA (its key signs everything else)
 * @param apiServer the API server's serving certificate
 * @param apiServerKubeletClient the API server's client certificate towards kubelets
 * @param serviceAccountPublicKeyPem the public key that verifies service-account tokens
 * @param serviceAccountPrivateKeyPem the private key that signs them
 * @param clients client certificates by component: {@code admin}, {@code kube-controller-manager},
 *     {@code kube-scheduler}, {@code kube-proxy}
 * @param bootstrapToken the kubelets' bootstrap token
 */
public record ClusterCredentials(CertifiedKey ca, CertifiedKey apiServer, CertifiedKey apiServerKubeletClient,
                                 String serviceAccountPublicKeyPem, Secret serviceAccountPrivateKeyPem,
                                 Map<String, CertifiedKey> clients, BootstrapToken bootstrapToken) {

    /** The admin's client certificate, by {@link #clients} name. */
    public static final String ADMIN = "admin";

    /** Copies the maps (sorted) and checks that every part is there. */
    public ClusterCredentials {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(apiServer, "apiServer");
        Objects.requireNonNull(apiServerKubeletClient, "apiServerKubeletClient");
        Objects.requireNonNull(serviceAccountPublicKeyPem, "serviceAccountPublicKeyPem");
        Objects.requireNonNull(serviceAccountPrivateKeyPem, "serviceAccountPrivateKeyPem");
        clients = Map.copyOf(new TreeMap<>(clients));
        Objects.requireNonNull(bootstrapToken, "bootstrapToken");
    }

    @Override
    public String toString() {
        return "ClusterCredentials[ca, apiServer, apiServerKubeletClient, serviceAccount, clients="
                + new TreeMap<>(clients).keySet() + ", " + bootstrapToken + "]";
    }
}
