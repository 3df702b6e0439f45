package io.corekube.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.corekube.Secret;
import io.corekube.credentials.CertifiedKey;
import io.corekube.credentials.ClusterCredentials;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (Debian's kubernetes-client, unpacked by {@code bin/setup}) with the generated admin kubeconfig
 * reaches a TLS server that presents the generated API server certificate on the master's address (127.0.0.2) and
 * demands a client certificate from the CA; the same kubectl fails with a foreign CA or a foreign client certificate.
 */
class KubectlTlsTest {

    /** Where bin/setup unpacks Debian's kubernetes-client (it conflicts with other kubectl packages, so it is not installed). */
    static final Path KUBECTL = Path.of(System.getProperty("corekube.kubectl", "/opt/corekube/kubernetes-client/usr/bin/kubectl"));
    private static final String MASTER = "127.0.0.2";

    @Test
    void kubectlReachesTheApiServerOnlyWithTheClustersCaAndClientCertificates(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(KUBECTL), KUBECTL + " is missing: run bin/setup (it unpacks Debian's kubernetes-client)");
        ClusterCredentials pki = ClusterPki.builder().masterAddress(MASTER).build().generate();
        ClusterCredentials foreign = ClusterPki.builder().masterAddress(MASTER).build().generate();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(MASTER), 0), 10);
        SSLContext tls = serverContext(pki.apiServer(), pki.ca());
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/corekube-check", exchange -> {
            byte[] body = "reached over mutual TLS".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "https://" + MASTER + ":" + server.getAddress().getPort();
            CertifiedKey admin = pki.clients().get(ClusterCredentials.ADMIN);
            Result ok = kubectl(dir, "admin", Kubeconfigs.of(pki, admin, url, "corekube"));
            assertEquals(0, ok.exit(), ok.output());
            assertEquals("reached over mutual TLS", ok.output().strip());

            Result foreignCa = kubectl(dir, "foreign-ca", Kubeconfigs.of(foreign, admin, url, "corekube"));
            assertNotEquals(0, foreignCa.exit(), foreignCa.output());
            assertTrue(foreignCa.output().contains("certificate signed by unknown authority"), foreignCa.output());

            Result foreignClient = kubectl(dir, "foreign-client", Kubeconfigs.of(pki,
                    foreign.clients().get(ClusterCredentials.ADMIN), url, "corekube"));
            assertNotEquals(0, foreignClient.exit(), foreignClient.output());
            assertTrue(!foreignClient.output().contains("reached over mutual TLS"), foreignClient.output());
        } finally {
            server.stop(0);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result kubectl(Path dir, String name, Secret kubeconfig) throws Exception {
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, kubeconfig.reveal());
        Process p = new ProcessBuilder(List.of(KUBECTL.toString(), "--kubeconfig", file.toString(), "--request-timeout=10s",
                "get", "--raw", "/corekube-check")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "kubectl did not end");
        return new Result(p.exitValue(), out);
    }

    private static SSLContext serverContext(CertifiedKey serving, CertifiedKey ca) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", Pem.readPrivateKey("key", serving.privateKeyPem()), password,
                new Certificate[] {Pem.readCertificate("cert", serving.certificatePem()), Pem.readCertificate("ca", ca.certificatePem())});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate("ca", ca.certificatePem()));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }
}
