package io.corekube.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.Secret;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.spi.ClusterAccess;
import io.corekube.value.HttpUrl;
import io.corekube.value.Ipv4Address;
import io.corekube.value.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * kubeconfig files for the cluster's clients: the cluster's CA and API server URL, one user with its client
 * certificate and key embedded. Written as JSON (a kubeconfig is YAML, and JSON is YAML), through Jackson; the
 * result is a {@link Secret}, since it holds a private key.
 */
public final class Kubeconfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Kubeconfigs() {
    }

    /** The kubeconfig of {@code client} (one of {@link ClusterCredentials#clients()} or a kubelet's) for {@code server}. */
    public static Secret of(ClusterCredentials credentials, CertifiedKey client, String server, String clusterName) {
        HttpUrl url = HttpUrl.parse("server", server);
        if (!url.uri().getScheme().equals("https")) {
            throw new InvalidValueException("server", "https URL", "the API server is reached over https");
        }
        ObjectNode root = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Config");
        ObjectNode cluster = root.putArray("clusters").addObject().put("name", clusterName).putObject("cluster");
        cluster.put("server", url.toString()).put("certificate-authority-data", base64(credentials.ca().certificatePem()))
                .put("tls-server-name", "kubernetes");
        ObjectNode user = root.putArray("users").addObject().put("name", client.name()).putObject("user");
        user.put("client-certificate-data", base64(client.certificatePem()))
                .put("client-key-data", base64(client.privateKeyPem().reveal()));
        root.putArray("contexts").addObject().put("name", client.name() + "@" + clusterName).putObject("context")
                .put("cluster", clusterName).put("user", client.name());
        root.put("current-context", client.name() + "@" + clusterName);
        root.putObject("preferences");
        try {
            return Secret.of(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a kubeconfig", e);
        }
    }

    /**
     * The cluster's {@link ClusterAccess}: the admin's kubeconfig for {@code https://<master>:<port>} (6443 for
     * CURRENT, 443 for ORIGINAL). The API server's certificate is checked for the name {@code kubernetes}, which it
     * always carries, so that the kubeconfig holds whatever address the master got.
     */
    public static ClusterAccess access(ClusterCredentials credentials, String clusterName, int port) {
        return master -> of(credentials, credentials.clients().get(ClusterCredentials.ADMIN),
                "https://" + Ipv4Address.parse("master address", master) + ":" + port, clusterName);
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
