package io.corekube.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.TlsConfig;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.EtcdV2Exception;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.tls.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with client certificates, and user/password authentication, against a real etcd. */
class EtcdSecurityIT {

    private static final RetryPolicy ONCE = RetryPolicy.none();

    @Test
    void everyComponentTalksTlsWithAClientCertificate(@TempDir Path dir) {
        TestCertificates certs = TestCertificates.create(dir);
        try (EtcdServer etcd = EtcdServer.builder().clientTls(certs).build().start()) {
            assertTrue(etcd.clientUrl().startsWith("https://"));
            EtcdConfig config = EtcdConfig.builder().addEndpoint(URI.create(etcd.clientUrl())).tls(certs.clientTls()).build();
            try (EtcdV2Client v2 = EtcdV2Client.create(config)) {
                v2.set("/tls/a", "secure");
                assertEquals("secure", v2.get("/tls/a").node().value().orElseThrow());
            }
            try (EtcdDiscovery v3 = EtcdDiscovery.v3(config)) {
                DiscoveryToken token = v3.createToken(1);
                v3.register(token, "a", List.of("https://127.0.0.1:2380"));
                assertTrue(v3.inspect(token).isFull());
            }
            try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(config).build()) {
                assertTrue(store.compareAndSet(record("m1"), 0).isPresent());
            }

            EtcdConfig noClientCert = EtcdConfig.builder().from(config).retryPolicy(ONCE)
                    .tls(TlsConfig.builder().caCertificate(certs.caCertificate()).build()).build();
            try (EtcdV2Client v2 = EtcdV2Client.create(noClientCert)) {
                assertThrows(EtcdException.class, () -> v2.get("/tls/a"));
            }
        }
    }

    @Test
    void httpsEndpointsNeedATlsConfig() {
        EtcdArgumentException e = assertThrows(EtcdArgumentException.class, () -> EtcdConfig.of("https://127.0.0.1:2379"));
        assertEquals("tls", e.field());
    }

    @Test
    void v3UserAndPasswordAreRequiredOnceAuthIsEnabled() throws Exception {
        try (EtcdServer etcd = EtcdServer.builder().build().start()) {
            etcdctl(etcd, "user", "add", "root:r00t-pw", "--interactive=false");
            etcdctl(etcd, "user", "grant-role", "root", "root");
            etcdctl(etcd, "auth", "enable");

            EtcdConfig anonymous = EtcdConfig.builder().from(EtcdConfig.of(etcd.clientUrl())).retryPolicy(ONCE)
                    .requestTimeout(Duration.ofSeconds(5)).build();
            try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(anonymous).build()) {
                assertThrows(EtcdException.class, () -> store.compareAndSet(record("m1"), 0));
            }
            EtcdConfig wrong = EtcdConfig.builder().from(anonymous).user("root").password(Secret.of("not-it")).build();
            try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(wrong).build()) {
                EtcdException e = assertThrows(EtcdException.class, () -> store.compareAndSet(record("m1"), 0));
                assertFalse(e.getMessage().contains("not-it"), e.getMessage());
            }
            EtcdConfig root = EtcdConfig.builder().from(anonymous).user("root").password(Secret.of("r00t-pw")).build();
            assertFalse(root.toString().contains("r00t-pw"));
            try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(root).build()) {
                assertTrue(store.compareAndSet(record("m1"), 0).isPresent());
                assertEquals("m1", store.get("m1").orElseThrow().value().machineId());
            }
        }
    }

    @Test
    void v2BasicAuthIsSentAndAnonymousRequestsAreRefused() throws Exception {
        try (EtcdServer etcd = EtcdServer.builder().build().start()) {
            HttpClient http = HttpClient.newHttpClient();
            put(http, etcd.clientUrl() + "/v2/auth/users/root", "{\"user\":\"root\",\"password\":\"v2-pw\"}");
            put(http, etcd.clientUrl() + "/v2/auth/enable", "");
            put(http, etcd.clientUrl() + "/v2/auth/roles/guest",
                    "{\"role\":\"guest\",\"revoke\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}", "root", "v2-pw");

            try (EtcdV2Client anonymous = EtcdV2Client.create(EtcdConfig.builder()
                    .from(EtcdConfig.of(etcd.clientUrl())).retryPolicy(ONCE).build())) {
                EtcdV2Exception e = assertThrows(EtcdV2Exception.class, () -> anonymous.set("/auth/a", "x"));
                assertEquals(EtcdV2Exception.UNAUTHORIZED, e.errorCode());
                assertEquals(401, e.status().getAsInt());
            }
            try (EtcdV2Client root = EtcdV2Client.create(EtcdConfig.builder().from(EtcdConfig.of(etcd.clientUrl()))
                    .user("root").password(Secret.of("v2-pw")).build())) {
                root.set("/auth/a", "x");
                assertEquals("x", root.get("/auth/a").node().value().orElseThrow());
            }
        }
    }

    private static DeploymentRecord record(String id) {
        return DeploymentRecord.builder().machineId(id).role("master").phase(DeploymentPhase.PENDING)
                .updatedAt(Instant.now()).build();
    }

    private static void etcdctl(EtcdServer etcd, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints", etcd.clientUrl()));
        if (args[0].equals("auth") || args[0].equals("user") && args[1].equals("grant-role")) {
            command.addAll(List.of("--user", "root:r00t-pw"));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }

    private static void put(HttpClient http, String url, String body, String... userAndPassword) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (userAndPassword.length == 2) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((userAndPassword[0] + ":" + userAndPassword[1]).getBytes()));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 300, url + " -> " + r.statusCode() + " " + r.body());
    }
}
