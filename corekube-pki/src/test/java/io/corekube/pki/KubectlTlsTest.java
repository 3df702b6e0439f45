package io.corekube.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.Secret;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (Debian's kubernetes-client, unpacked by {@code bin/setup}) with the generated admin kubeconfig
 * reaches a TLS server that presents the generated API server certificate on the master's address (127.0.0.2) and
 * demands a client certificate from the CA; the same kubectl fails with a foreign CA or a foreign client certificate.
 */
class KubectlTlsTest {

    private static final String MASTER = "127.0.0.2";

    @Test
    void kubectlReachesTheApiServerOnlyWithTheClustersCaAndClientCertificates(@TempDir Path dir) throws Exception {
        ClusterCredentials pki = ClusterPki.builder().masterAddress(MASTER).build().generate();
        ClusterCredentials foreign = ClusterPki.builder().masterAddress(MASTER).build().generate();
        try (ApiServerStub server = ApiServerStub.start(MASTER, pki.apiServer(), pki.ca(), true, exchange -> true)) {
            CertifiedKey admin = pki.clients().get(ClusterCredentials.ADMIN);
            ApiServerStub.Result ok = kubectl(dir, "admin", Kubeconfigs.of(pki, admin, server.url(), "corekube"));
            assertEquals(0, ok.exit(), ok.output());
            assertEquals(ApiServerStub.REACHED, ok.output().strip());
            int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
            ApiServerStub.Result access = kubectl(dir, "access", Kubeconfigs.access(pki, "corekube", port).adminKubeconfig(MASTER));
            assertEquals(ApiServerStub.REACHED, access.output().strip(), "the deployer's ClusterAccess kubeconfig works too");

            ApiServerStub.Result foreignCa = kubectl(dir, "foreign-ca", Kubeconfigs.of(foreign, admin, server.url(), "corekube"));
            assertNotEquals(0, foreignCa.exit(), foreignCa.output());
            assertTrue(foreignCa.output().contains("certificate signed by unknown authority"), foreignCa.output());

            ApiServerStub.Result foreignClient = kubectl(dir, "foreign-client", Kubeconfigs.of(pki,
                    foreign.clients().get(ClusterCredentials.ADMIN), server.url(), "corekube"));
            assertNotEquals(0, foreignClient.exit(), foreignClient.output());
            assertTrue(!foreignClient.output().contains(ApiServerStub.REACHED), foreignClient.output());
        }
    }

    private static ApiServerStub.Result kubectl(Path dir, String name, Secret kubeconfig) throws Exception {
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, kubeconfig.reveal());
        return ApiServerStub.kubectl(file);
    }
}
