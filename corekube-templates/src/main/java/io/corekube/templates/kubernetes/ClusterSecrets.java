package io.corekube.templates.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.Secret;
import io.corekube.credentials.ClusterCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where each credential lands on the machines, and how it gets there: as a file of the machine's boot data
 * (cloud-config {@code write_files}, base64, mode 0600 for keys and tokens), filled by Heat from a template parameter
 * marked {@code hidden}. Never through fleet, whose unit bodies every fleet client can read in etcd. The template
 * names only the parameters ({@link #files}); the values come from {@link #heatParameters}, as provisioning
 * parameters, which Corekube redacts wherever it prints them.
 */
public final class ClusterSecrets {

    /**
     * A credential file.
     *
     * @param path where the machine writes it
     * @param mode its octal mode
     * @param parameter the hidden Heat parameter that carries it (base64)
     * @param content its text, from the credentials
     */
    public record SecretFile(String path, String mode, String parameter, Function<ClusterCredentials, Secret> content) {
        /** Heat's str_replace placeholder for the parameter in the user data. */
        public String placeholder() {
            return "corekube-secret-" + parameter.replace('_', '-');
        }

        @Override
        public String toString() {
            return "SecretFile[" + path + " " + mode + " from " + parameter + "]";
        }
    }

    private static final String DIR = NodeFiles.PKI_DIR + "/";

    private ClusterSecrets() {
    }

    /** The credential files a node of {@code kind} ({@code master} or {@code minion}) gets in {@code profile}. */
    public static List<SecretFile> files(KubernetesRoles.Profile profile, String kind) {
        List<SecretFile> out = new ArrayList<>();
        if (profile == KubernetesRoles.Profile.ORIGINAL) {
            if (kind.equals("master")) {
                out.add(cert("ca.crt", "pki_ca_crt", c -> c.ca().certificatePem()));
                out.add(cert("server.cert", "pki_apiserver_crt", c -> c.apiServer().certificatePem()));
                out.add(key("server.key", "pki_apiserver_key", c -> c.apiServer().privateKeyPem()));
                out.add(key("sa.key", "pki_sa_key", ClusterCredentials::serviceAccountPrivateKeyPem));
            }
            return out;
        }
        out.add(cert("ca.crt", "pki_ca_crt", c -> c.ca().certificatePem()));
        if (kind.equals("master")) {
            out.add(key("ca.key", "pki_ca_key", c -> c.ca().privateKeyPem()));
            out.add(cert("apiserver.crt", "pki_apiserver_crt", c -> c.apiServer().certificatePem()));
            out.add(key("apiserver.key", "pki_apiserver_key", c -> c.apiServer().privateKeyPem()));
            out.add(cert("apiserver-kubelet-client.crt", "pki_kubelet_client_crt", c -> c.apiServerKubeletClient().certificatePem()));
            out.add(key("apiserver-kubelet-client.key", "pki_kubelet_client_key", c -> c.apiServerKubeletClient().privateKeyPem()));
            out.add(cert("sa.pub", "pki_sa_pub", ClusterCredentials::serviceAccountPublicKeyPem));
            out.add(key("sa.key", "pki_sa_key", ClusterCredentials::serviceAccountPrivateKeyPem));
            client(out, "controller-manager", "kube-controller-manager");
            client(out, "scheduler", "kube-scheduler");
            client(out, "admin", ClusterCredentials.ADMIN);
            out.add(key("addons/bootstrap-token.json", "bootstrap_token_secret", ClusterSecrets::bootstrapTokenSecret));
        } else if (kind.equals("minion")) {
            client(out, "kube-proxy", "kube-proxy");
            out.add(key("bootstrap-token", "bootstrap_token", c -> c.bootstrapToken().token()));
        }
        return out;
    }

    /** Every parameter the profile's nodes need, name to base64 value, for the stack's (hidden) parameters. */
    public static Map<String, String> heatParameters(KubernetesRoles.Profile profile, ClusterCredentials credentials) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kind : List.of("master", "minion")) {
            for (SecretFile f : files(profile, kind)) {
                out.put(f.parameter(), Base64.getEncoder().encodeToString(
                        f.content().apply(credentials).reveal().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    private static void client(List<SecretFile> out, String file, String client) {
        String param = "pki_" + file.replace('-', '_');
        out.add(cert(file + ".crt", param + "_crt", c -> c.clients().get(client).certificatePem()));
        out.add(key(file + ".key", param + "_key", c -> c.clients().get(client).privateKeyPem()));
    }

    private static SecretFile cert(String name, String parameter, Function<ClusterCredentials, String> pem) {
        return new SecretFile(DIR + name, "0644", parameter, c -> Secret.of(pem.apply(c)));
    }

    private static SecretFile key(String name, String parameter, Function<ClusterCredentials, Secret> secret) {
        return new SecretFile(DIR + name, "0600", parameter, secret);
    }

    /** The {@code bootstrap-token-<id>} Secret in kube-system with which the API server knows the kubelets' token. */
    private static Secret bootstrapTokenSecret(ClusterCredentials c) {
        ObjectNode s = new ObjectMapper().createObjectNode().put("apiVersion", "v1").put("kind", "Secret")
                .put("type", "bootstrap.kubernetes.io/token");
        s.putObject("metadata").put("name", "bootstrap-token-" + c.bootstrapToken().id()).put("namespace", "kube-system");
        s.putObject("stringData").put("description", "Corekube: the kubelets' TLS bootstrap")
                .put("token-id", c.bootstrapToken().id()).put("token-secret", c.bootstrapToken().secret().reveal())
                .put("usage-bootstrap-authentication", "true").put("usage-bootstrap-signing", "true")
                .put("auth-extra-groups", "system:bootstrappers:corekube");
        return Secret.of(NodeFiles.write(s));
    }
}
