package io.corekube.testing.heat;

import io.corekube.testing.internal.FreePorts;
import io.corekube.testing.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Heat (Debian's {@code heat-all}, Heat 19 / Zed) for tests: API and engine in one process, sqlite, the
 * in-process message transport and the {@code noauth} pipeline (every request is user and project
 * {@code admin}), on a free loopback port with its files in a temporary directory. The API is
 * {@link #apiUrl()}. {@link #noCloudEnvironment()} maps Nova and Neutron resources to {@code OS::Heat::None} so
 * that whole cluster templates are created for real without a cloud. Close it to stop Heat and delete its files.
 *
 * <p>It runs Heat's legacy engine ({@code convergence_engine = false}): with the default convergence engine on
 * sqlite, Heat 19 loses {@code ResourcePropertiesData} rows when a ResourceGroup is updated, so the group's
 * outputs and nested resources answer "not found" afterwards and a second update ends UPDATE_FAILED.
 */
public final class HeatServer implements AutoCloseable {

    /** Resource types mapped away by {@link #noCloudEnvironment()}. */
    public static final List<String> CLOUD_TYPES = List.of("OS::Nova::Server", "OS::Neutron::Net", "OS::Neutron::ProviderNet",
            "OS::Neutron::Subnet", "OS::Neutron::Router", "OS::Neutron::RouterInterface", "OS::Neutron::Port",
            "OS::Neutron::FloatingIP", "OS::Neutron::FloatingIPAssociation", "OS::Neutron::SecurityGroup");

    private final Path dir;
    private final int port;
    private final Process process;

    private HeatServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts Heat and waits until it answers; fails with the fix when heat-all is not installed. */
    public static HeatServer start() {
        if (!Files.isExecutable(Path.of("/usr/bin/heat-all"))) {
            throw new IllegalStateException("heat-all not found: install it with "
                    + "'apt-get install -y --no-install-recommends heat-common' (Debian bookworm, Heat 19)");
        }
        try {
            Path dir = Files.createTempDirectory("corekube-heat-");
            int port = FreePorts.next();
            Path conf = dir.resolve("heat.conf");
            Files.writeString(conf, String.join("\n",
                    "[DEFAULT]",
                    "transport_url = fake://",
                    "log_file = " + dir.resolve("heat.log"),
                    "heat_metadata_server_url = http://127.0.0.1:" + port,
                    "heat_waitcondition_server_url = http://127.0.0.1:" + port + "/v1/waitcondition",
                    "keystone_backend = heat.engine.clients.os.keystone.fake_keystoneclient.FakeKeystoneClient",
                    "deferred_auth_method = password",
                    "num_engine_workers = 1",
                    "convergence_engine = false",
                    "[noauth]",
                    "token_response = " + dir.resolve("token.json"),
                    "[heat_all]",
                    "enabled_services = api,engine",
                    "[heat_api]",
                    "workers = 1",
                    "bind_host = 127.0.0.1",
                    "bind_port = " + port,
                    "[database]",
                    "connection = sqlite:///" + dir.resolve("heat.sqlite"),
                    "[paste_deploy]",
                    "flavor = noauth",
                    "api_paste_config = /etc/heat/api-paste.ini",
                    "[yaql]",
                    "memory_quota = 900000",
                    "limit_iterators = 9000", ""));
            Files.writeString(dir.resolve("token.json"), "{\"token\": {\"catalog\": [{\"type\": \"orchestration\", "
                    + "\"name\": \"heat\", \"endpoints\": [{\"interface\": \"public\", \"region\": \"regionOne\", "
                    + "\"url\": \"http://127.0.0.1:" + port + "/v1/admin\", \"id\": \"1\"}]}]}}");
            run(dir, "heat-manage", "--config-file", conf.toString(), "db_sync");
            Process p = new ProcessBuilder("heat-all", "--config-file", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("heat-all.out").toFile()).start();
            HeatServer server = new HeatServer(dir, port, p);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start heat-all", e);
        }
    }

    /** The orchestration API, e.g. {@code http://127.0.0.1:40123/v1/admin}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + port + "/v1/admin");
    }

    /** An environment that maps every Nova and Neutron type the cluster uses to {@code OS::Heat::None}. */
    public static String noCloudEnvironment() {
        StringBuilder env = new StringBuilder("resource_registry:\n");
        CLOUD_TYPES.forEach(t -> env.append("  \"").append(t).append("\": \"OS::Heat::None\"\n"));
        return env.toString();
    }

    /** Signals a wait condition handle as a booting machine would: {@code {"status": status, "reason", "data"}}. */
    public void signal(String stackName, String stackId, String handle, String status, String reason, String data) {
        String body = "{\"status\": \"" + status + "\", \"reason\": \"" + reason + "\", \"data\": \"" + data + "\"}";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(apiUrl() + "/stacks/" + stackName + "/" + stackId
                    + "/resources/" + handle + "/signal").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            int code = c.getResponseCode();
            if (code >= 300) {
                throw new IllegalStateException("signal to " + handle + " answered " + code);
            }
            c.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of Heat's log. */
    public String logTail() {
        try {
            String log = Files.readString(dir.resolve("heat.log"));
            return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("heat-all exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() == 300) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Processes.pause(200);
        }
        throw new IllegalStateException("heat-all did not answer within " + timeout + ":\n" + logTail());
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(command[0] + ".out").toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(dir.resolve(command[0] + ".out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }



    @Override
    public void close() {
        Processes.stop(process, false, Duration.ofSeconds(20));
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        Processes.deleteTree(dir);
    }
}
