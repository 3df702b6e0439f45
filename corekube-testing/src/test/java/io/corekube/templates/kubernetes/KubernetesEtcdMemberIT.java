package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryMember;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.templates.NodeFilesJson;
import io.corekube.templates.TestRoles;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import io.corekube.unit.UnitFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server's etcd member as CURRENT renders it: its command line and its environment file (the discovery URL
 * the master's boot data writes), with a loopback address for the master, start the real etcd the tests use; the
 * member joins through a token the SDK's discovery made on a real etcd, and serves the v3 API the API server uses.
 * The only change to the rendered line is the data directory (a temporary one, not /var/lib on the test machine).
 */
@ExtendWith(EtcdServerExtension.class)
class KubernetesEtcdMemberIT {

    @Test
    void theRenderedMemberJoinsThroughTheSdksDiscoveryAndServesV3(EtcdServer discoveryNode, @TempDir Path dataDir) throws Exception {
        Machine master = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("127.0.0.2")
                .putMetadata("kubernetes_role", "master").build();
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.CURRENT);
        UnitFile member = null;
        for (RoleStage stage : roles.render("master", master, Optional.of(master))) {
            for (var u : stage.units()) {
                if (u.submission().name().startsWith("master-etcd@")) {
                    member = u.submission().unit();
                }
            }
        }
        assertEquals(List.of("/etc/kubernetes/kube-etcd.env"), member.values("Service", "EnvironmentFile"));
        String env = NodeFiles.of(roles).forNode("master", NodeFilesJson.DISCOVERY).get("/etc/kubernetes/kube-etcd.env");

        String uuid = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        String discoveryHost = URI.create(discoveryNode.clientUrl()).getAuthority();
        try (EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of(discoveryNode.clientUrl()), "/discovery")) {
            DiscoveryToken token = discovery.createToken(uuid + "-kubernetes", 1);
            String discoveryUrl = env.strip().substring("ETCD_DISCOVERY=".length())
                    .replace("corekube-discovery-ip:2379", discoveryHost).replace("corekube-cluster-uuid", uuid);
            List<String> command = new ArrayList<>();
            for (String arg : member.values("Service", "ExecStart").get(0).split(" ")) {
                command.add(arg.equals("/opt/kube-etcd/etcd") ? EtcdServer.binary().toString()
                        : arg.startsWith("--data-dir=") ? "--data-dir=" + dataDir.resolve("kube-etcd") : arg);
            }
            Path log = dataDir.resolve("etcd.log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("ETCD_DISCOVERY", discoveryUrl);
            Process etcd = pb.start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                awaitHealthy(http, log);
                List<DiscoveryMember> members = discovery.members(token);
                assertEquals(1, members.size(), members.toString());
                assertEquals("kube-etcd-" + master.id(), members.get(0).name());
                assertEquals(List.of("http://127.0.0.2:12380"), members.get(0).peerUrls());
                String put = post(http, "/v3/kv/put", "{\"key\":\"" + b64("/registry/probe") + "\",\"value\":\"" + b64("ok") + "\"}");
                assertTrue(put.contains("\"header\""), put);
                String got = post(http, "/v3/kv/range", "{\"key\":\"" + b64("/registry/probe") + "\"}");
                assertTrue(got.contains(b64("ok")), got);
            } finally {
                etcd.destroy();
                if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
                    etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static void awaitHealthy(HttpClient http, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:12379/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("true")) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the rendered etcd member never became healthy:\n" + Files.readString(log));
    }

    private static String post(HttpClient http, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:12379" + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
