package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.corekube.credentials.ClusterCredentials;
import io.corekube.pki.ApiServerStub;
import io.corekube.pki.ClusterPki;
import io.corekube.templates.NodeFilesJson;
import io.corekube.templates.TestRoles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeconfigs a minion's boot data writes, as the real kubectl reads them: the bootstrap kubeconfig (the CA
 * file, the API server checked for the name kubernetes, the token from its file) reaches an API server stand-in on the
 * master's address that presents the generated serving certificate and accepts only the cluster's bootstrap token;
 * kube-proxy's kubeconfig (certificate and key files) reaches it over mutual TLS. The files' paths are moved under a
 * temporary directory, the master placeholder replaced by the stand-in's address: nothing else is changed.
 */
class BootstrapKubeconfigTest {

    private static final String MASTER = "127.0.0.3";

    @Test
    void theMinionsKubeconfigsReachTheApiServerWithTheClustersCredentialsOnly(@TempDir Path dir) throws Exception {
        ClusterCredentials pki = ClusterPki.builder().build().generate();
        ClusterCredentials other = ClusterPki.builder().build().generate();
        Map<String, String> files = NodeFiles.of(TestRoles.of(KubernetesRoles.Profile.CURRENT)).forNode("minion", NodeFilesJson.DISCOVERY);
        String token = "Bearer " + pki.bootstrapToken().token().reveal();
        try (ApiServerStub tokens = ApiServerStub.start(MASTER, pki.apiServer(), pki.ca(), false,
                exchange -> token.equals(exchange.getRequestHeaders().getFirst("Authorization")));
             ApiServerStub mutual = ApiServerStub.start(MASTER, pki.apiServer(), pki.ca(), true, exchange -> true)) {
            write(dir, pki);
            Path bootstrap = kubeconfig(dir, files.get(NodeFiles.PKI_DIR + "/bootstrap.kubeconfig"), tokens.url());
            ApiServerStub.Result ok = ApiServerStub.kubectl(bootstrap);
            assertEquals(0, ok.exit(), ok.output());
            assertEquals(ApiServerStub.REACHED, ok.output().strip());
            Path proxy = kubeconfig(dir, files.get(NodeFiles.PKI_DIR + "/kube-proxy.kubeconfig"), mutual.url());
            ApiServerStub.Result proxied = ApiServerStub.kubectl(proxy);
            assertEquals(ApiServerStub.REACHED, proxied.output().strip(), proxied.output());

            write(dir, other);
            ApiServerStub.Result foreign = ApiServerStub.kubectl(bootstrap);
            assertNotEquals(0, foreign.exit(), "another cluster's CA and token are refused: " + foreign.output());
        }
    }

    /** The credential files as the master's and minions' boot data write them, under {@code dir}. */
    private static void write(Path dir, ClusterCredentials credentials) throws Exception {
        Files.createDirectories(dir.resolve("srv/kubernetes"));
        for (String kind : List.of("master", "minion")) {
            for (ClusterSecrets.SecretFile f : ClusterSecrets.files(KubernetesRoles.Profile.CURRENT, kind)) {
                Path target = dir.resolve(f.path().substring(1));
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.content().apply(credentials).reveal());
            }
        }
    }

    private static Path kubeconfig(Path dir, String text, String server) throws Exception {
        Path file = dir.resolve("kubeconfig-" + server.hashCode());
        Files.writeString(file, text.replace("https://" + NodeFiles.MASTER_IP + ":6443", server)
                .replace("\"" + NodeFiles.PKI_DIR + "/", "\"" + dir.resolve("srv/kubernetes") + "/"));
        return file;
    }
}
