package io.corekube.testing.etcd;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Turns on a test etcd's authentication, v3 (etcdctl) or v2 (its HTTP API), with a root user (tests only). */
public final class EtcdAuth {

    private EtcdAuth() {
    }

    /** v3: root with {@code password}, granted the root role, then auth enabled; anonymous requests fail after. */
    public static void enableV3(EtcdServer etcd, String password) throws IOException, InterruptedException {
        etcdctl(etcd, null, "user", "add", "root:" + password, "--interactive=false");
        etcdctl(etcd, password, "user", "grant-role", "root", "root");
        etcdctl(etcd, password, "auth", "enable");
    }

    /** v2: root with {@code password}, auth enabled, and the guest role's access to every key revoked. */
    public static void enableV2(EtcdServer etcd, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        put(http, etcd.clientUrl() + "/v2/auth/users/root", "{\"user\":\"root\",\"password\":\"" + password + "\"}", null);
        put(http, etcd.clientUrl() + "/v2/auth/enable", "", null);
        put(http, etcd.clientUrl() + "/v2/auth/roles/guest",
                "{\"role\":\"guest\",\"revoke\":{\"kv\":{\"read\":[\"/*\"],\"write\":[\"/*\"]}}}", password);
    }

    private static void etcdctl(EtcdServer etcd, String rootPassword, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/etcdctl", "--endpoints", etcd.clientUrl()));
        if (rootPassword != null) {
            command.addAll(List.of("--user", "root:" + rootPassword));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("etcdctl " + args[0] + " " + args[1] + " failed: " + out);
        }
    }

    private static void put(HttpClient http, String url, String body, String rootPassword) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (rootPassword != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("root:" + rootPassword).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException(url + " answered " + r.statusCode());
        }
    }
}
