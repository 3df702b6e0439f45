package io.corekube.testing.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.Secret;
import io.corekube.testing.internal.FreePorts;
import io.corekube.testing.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A whole OpenStack on loopback for tests (Debian bookworm's Zed): real Keystone 22 with a service catalog and users,
 * Placement, Glance with a tiny image, Nova 26 (API, conductor, scheduler, and compute with the fake virt driver, so
 * servers become ACTIVE with no hypervisor), Neutron 21 (ML2 with no agents; ports bind through a fake agent row)
 * and Heat 19 (convergence engine, trusts), on MariaDB and RabbitMQ. Every process is started here and listens on
 * 127.0.0.1 only; every file is in one temporary directory, deleted on {@link #close()}. Start takes about a minute
 * and 2 GB: share one instance per test run ({@link OpenStackServerExtension}). A missing package is named with the
 * command that installs it ({@link #PACKAGES}).
 *
 * <p>Fixtures: flavor {@code m1.tiny}, public image {@code tiny}, external flat network {@code public} with a subnet,
 * project {@code corekube} with user {@code corekube} (roles member and heat_stack_owner), and the admin.
 */
public final class OpenStackServer implements AutoCloseable {

    /** The Debian packages it needs (never nova-compute, which pulls a hypervisor). */
    public static final String PACKAGES = "mariadb-server rabbitmq-server keystone nova-api nova-conductor nova-scheduler "
            + "nova-common python3-nova neutron-server neutron-common glance-api glance-common placement-api placement-common "
            + "heat-api heat-engine uwsgi-plugin-python3";
    /** The project and user tests work as. */
    public static final String PROJECT = "corekube";
    private static final Duration START = Duration.ofSeconds(300);

    private final Path dir;
    private final OpenStackConfigs.Ports ports;
    private final OpenStackConfigs configs;
    private final String password;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final long startNanos;
    private String projectId;
    private String adminProjectId;

    private OpenStackServer() throws IOException {
        long started = System.nanoTime();
        this.dir = Files.createTempDirectory("corekube-openstack-");
        this.ports = new OpenStackConfigs.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        this.password = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(12));
        this.configs = new OpenStackConfigs(dir, ports, password);
        this.startNanos = started;
    }

    /** Starts the whole cloud and waits until every API answers, the compute host is up and the fixtures exist. */
    public static OpenStackServer start() {
        for (String binary : List.of("/usr/sbin/mariadbd", "/usr/lib/rabbitmq/bin/rabbitmq-server", "/usr/bin/keystone-manage",
                "/usr/bin/nova-api", "/usr/bin/neutron-server", "/usr/bin/glance-api", "/usr/bin/placement-api", "/usr/bin/heat-all",
                "/usr/lib/uwsgi/plugins/python3_plugin.so")) {
            if (!Files.exists(Path.of(binary))) {
                throw new IllegalStateException(binary + " not found: install the OpenStack test cloud with 'apt-get install -y "
                        + "--no-install-recommends " + PACKAGES + "' (Debian bookworm; bin/setup does it)");
            }
        }
        OpenStackServer server;
        try {
            server = new OpenStackServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.boot();
            return server;
        } catch (RuntimeException | IOException e) {
            String logs = server.logTails();
            server.close();
            throw new IllegalStateException("the OpenStack test cloud did not start: " + e.getMessage() + "\n" + logs, e);
        }
    }

    private void boot() throws IOException {
        configs.writeAll();
        run("mariadb-install-db", "/usr/bin/mariadb-install-db", "--defaults-file=" + configs.file("mysql/my.cnf"),
                "--auth-root-authentication-method=socket", "--skip-test-db");
        spawn("mariadb", List.of("/usr/sbin/mariadbd", "--defaults-file=" + configs.file("mysql/my.cnf")), Map.of());
        await("MariaDB", () -> Files.exists(configs.file("mysql/mysql.sock")), Duration.ofSeconds(30));
        StringBuilder sql = new StringBuilder("CREATE USER 'os'@'localhost' IDENTIFIED BY '" + password + "';");
        for (String db : List.of("keystone", "placement", "glance", "nova_api", "nova", "nova_cell0", "neutron", "heat")) {
            sql.append("CREATE DATABASE ").append(db).append(" CHARACTER SET utf8;GRANT ALL ON ").append(db).append(".* TO 'os'@'localhost';");
        }
        run("mariadb-setup", "/usr/bin/mariadb", "--defaults-file=" + configs.file("mysql/my.cnf"), "-u", "root", "-e", sql.toString());
        startRabbit();

        String keystoneConf = configs.file("keystone/keystone.conf").toString();
        CompletableFuture<Void> keystone = async(() -> {
            run("keystone-db", "/usr/bin/keystone-manage", "--config-file", keystoneConf, "db_sync");
            run("keystone-fernet", "/usr/bin/keystone-manage", "--config-file", keystoneConf, "fernet_setup", "--keystone-user", "root", "--keystone-group", "root");
            run("keystone-credential", "/usr/bin/keystone-manage", "--config-file", keystoneConf, "credential_setup", "--keystone-user", "root", "--keystone-group", "root");
            String url = "http://127.0.0.1:" + ports.keystone() + "/v3/";
            run("keystone-bootstrap", "/usr/bin/keystone-manage", "--config-file", keystoneConf, "bootstrap", "--bootstrap-password", password,
                    "--bootstrap-admin-url", url, "--bootstrap-internal-url", url, "--bootstrap-public-url", url,
                    "--bootstrap-region-id", OpenStackConfigs.REGION);
        });
        String nova = configs.file("nova/nova.conf").toString();
        CompletableFuture<Void> novaDb = async(() -> {
            run("nova-api-db", "/usr/bin/nova-manage", "--config-file", nova, "api_db", "sync");
            run("nova-cell0", "/usr/bin/nova-manage", "--config-file", nova, "cell_v2", "map_cell0", "--database_connection", configs.database("nova_cell0"));
            run("nova-cell1", "/usr/bin/nova-manage", "--config-file", nova, "cell_v2", "create_cell", "--name", "cell1");
            run("nova-db", "/usr/bin/nova-manage", "--config-file", nova, "db", "sync");
        });
        CompletableFuture<Void> others = async(() -> {
            run("neutron-db", "/usr/bin/neutron-db-manage", "--config-file", configs.file("neutron/neutron.conf").toString(), "upgrade", "heads");
            run("placement-db", "/usr/bin/placement-manage", "--config-file", configs.file("placement/placement.conf").toString(), "db", "sync");
            run("glance-db", "/usr/bin/glance-manage", "--config-file", configs.file("glance/glance-api.conf").toString(), "db_sync");
            run("heat-db", "/usr/bin/heat-manage", "--config-file", configs.file("heat/heat.conf").toString(), "db_sync");
        });
        keystone.join();
        uwsgi("keystone", ports.keystone(), "/usr/bin/keystone-wsgi-public", "OS_KEYSTONE_CONFIG_DIR=" + configs.file("keystone"));
        await("Keystone", () -> OpenStackApi.probe(configs.keystone() + "/") == 200, Duration.ofSeconds(60));
        OpenStackApi admin = OpenStackApi.login(configs.keystone(), "admin", password, "admin");
        new Catalog(admin, configs.keystone(), password, ports).create();
        novaDb.join();
        others.join();
        fakeOvsAgent();
        uwsgi("placement", ports.placement(), "/usr/bin/placement-api", "OS_PLACEMENT_CONFIG_DIR=" + configs.file("placement"));
        daemon("glance-api", "/usr/bin/glance-api", "--config-file", configs.file("glance/glance-api.conf").toString());
        for (String service : List.of("nova-api", "nova-conductor", "nova-scheduler")) {
            daemon(service, "/usr/bin/" + service, "--config-file", nova);
        }
        daemon("nova-compute", "/usr/bin/python3", "-c", "import sys; from nova.cmd.compute import main; sys.exit(main())", "--config-file", nova);
        daemon("neutron-server", "/usr/bin/neutron-server", "--config-file", configs.file("neutron/neutron.conf").toString());
        daemon("heat-all", "/usr/bin/heat-all", "--config-file", configs.file("heat/heat.conf").toString());
        await("Placement", () -> OpenStackApi.probe("http://127.0.0.1:" + ports.placement() + "/") == 200, Duration.ofSeconds(90));
        await("Glance", () -> OpenStackApi.probe("http://127.0.0.1:" + ports.glance() + "/") == 300, Duration.ofSeconds(90));
        await("Nova", () -> OpenStackApi.probe("http://127.0.0.1:" + ports.nova() + "/v2.1/") == 200, Duration.ofSeconds(90));
        await("Neutron", () -> OpenStackApi.probe("http://127.0.0.1:" + ports.neutron() + "/") == 200, Duration.ofSeconds(90));
        await("Heat", () -> OpenStackApi.probe("http://127.0.0.1:" + ports.heat() + "/") == 300, Duration.ofSeconds(90));
        admin = OpenStackApi.login(configs.keystone(), "admin", password, "admin");
        OpenStackApi cloud = admin;
        String novaUrl = "http://127.0.0.1:" + ports.nova() + "/v2.1";
        await("the compute host", () -> hypervisorUp(cloud, novaUrl), Duration.ofSeconds(120));
        Fixtures fixtures = new Fixtures(admin, ports);
        fixtures.create();
        this.projectId = fixtures.projectId();
        this.adminProjectId = fixtures.adminProjectId();
        await("the Heat engine", () -> engineUp(cloud), Duration.ofSeconds(90));
        startedIn = Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private boolean hypervisorUp(OpenStackApi admin, String novaUrl) {
        try {
            for (JsonNode h : admin.get(novaUrl + "/os-hypervisors/detail").path("hypervisors")) {
                if (h.path("state").asText().equals("up")) {
                    return true;
                }
            }
        } catch (RuntimeException notYet) {
            // the compute host is not mapped yet
        }
        return false;
    }

    private boolean engineUp(OpenStackApi admin) {
        try {
            for (JsonNode s : admin.get(heatUrl(adminProjectId) + "/services").path("services")) {
                if (s.path("status").asText().equals("up")) {
                    return true;
                }
            }
        } catch (RuntimeException notYet) {
            // not yet
        }
        return false;
    }

    private void startRabbit() throws IOException {
        spawn("epmd", List.of("/usr/bin/epmd", "-address", "127.0.0.1", "-port", String.valueOf(ports.epmd())), Map.of());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", configs.file("rabbit/home").toString());
        env.put("RABBITMQ_NODENAME", "osaio@localhost");
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", String.valueOf(ports.amqp()));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(ports.dist()));
        env.put("ERL_EPMD_PORT", String.valueOf(ports.epmd()));
        env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_MNESIA_BASE", configs.file("rabbit/mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", configs.file("rabbit/log").toString());
        env.put("RABBITMQ_CONFIG_FILE", configs.file("rabbit/rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", configs.file("rabbit/advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", configs.file("rabbit/enabled_plugins").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", configs.file("rabbit/rabbitmq-env.conf").toString());
        env.put("RABBITMQ_PID_FILE", configs.file("rabbit/rabbit.pid").toString());
        spawn("rabbitmq", List.of("/usr/lib/rabbitmq/bin/rabbitmq-server"), env);
        await("RabbitMQ", () -> listening(ports.amqp()), Duration.ofSeconds(60));
    }

    /** The fake Open vSwitch agent row with which ML2 binds ports on the compute host (no agent process runs). */
    private void fakeOvsAgent() throws IOException {
        run("neutron-agent", "/usr/bin/mariadb", "--defaults-file=" + configs.file("mysql/my.cnf"), "-u", "root", "neutron", "-e",
                "INSERT INTO agents (id, agent_type, `binary`, topic, host, admin_state_up, created_at, started_at, "
                        + "heartbeat_timestamp, configurations, `load`, resources_synced) VALUES (UUID(), 'Open vSwitch agent', "
                        + "'neutron-openvswitch-agent', 'N/A', '" + OpenStackConfigs.COMPUTE_HOST + "', 1, UTC_TIMESTAMP(), "
                        + "UTC_TIMESTAMP(), UTC_TIMESTAMP(), '{\"bridge_mappings\": {\"public\": \"br-ex\"}, \"tunnel_types\": "
                        + "[\"vxlan\"], \"tunneling_ip\": \"127.0.0.1\", \"datapath_type\": \"system\", \"ovs_hybrid_plug\": false, "
                        + "\"integration_bridge\": \"br-int\"}', 0, 1);");
    }

    private void uwsgi(String name, int port, String wsgi, String env) throws IOException {
        daemon(name, "/usr/bin/uwsgi-core", "--plugin", "python3", "--http-socket", "127.0.0.1:" + port, "--wsgi-file", wsgi,
                "--master", "--processes", "1", "--threads", "4", "--enable-threads", "--lazy-apps", "--die-on-term",
                "--no-orphans", "--buffer-size", "65535", "--add-header", "Connection: close", "--env", env,
                "--chdir", dir.toString());
    }

    private void daemon(String name, String... command) throws IOException {
        spawn(name, List.of(command), Map.of());
    }

    private void spawn(String name, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log/" + name + ".out").toFile()).directory(dir.toFile());
        pb.environment().putAll(env);
        processes.put(name, pb.start());
    }

    private void run(String name, String... command) throws IOException {
        Path out = dir.resolve("log/" + name + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).directory(dir.toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not end in 180 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n" + tail(out));
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static CompletableFuture<Void> async(IoAction action) {
        return CompletableFuture.runAsync(() -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void await(String what, BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            processes.forEach((name, p) -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + p.exitValue() + ":\n" + tail(dir.resolve("log/" + name + ".out")));
                }
            });
            Processes.pause(250);
        }
        throw new IllegalStateException(what + " not ready within " + timeout);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Keystone's v3 API, e.g. {@code http://127.0.0.1:40123/v3}. */
    public URI keystoneUrl() {
        return URI.create(configs.keystone());
    }

    /** The admin's password (user {@code admin}, project {@code admin}, domain Default). */
    public Secret adminPassword() {
        return Secret.of(password);
    }

    /** The password of user {@link #PROJECT} in project {@link #PROJECT} (roles member and heat_stack_owner). */
    public Secret userPassword() {
        return Secret.of(password);
    }

    /** The {@link #PROJECT} project's ID. */
    public String projectId() {
        return projectId;
    }

    /** Heat's API for a project, as the catalog lists it. */
    public String heatUrl(String project) {
        return "http://127.0.0.1:" + ports.heat() + "/v1/" + project;
    }

    /** Nova's API. */
    public String novaUrl() {
        return "http://127.0.0.1:" + ports.nova() + "/v2.1";
    }

    /** Neutron's API. */
    public String neutronUrl() {
        return "http://127.0.0.1:" + ports.neutron() + "/v2.0";
    }

    /**
     * Creates an application credential of user {@link #PROJECT} on its project (as that user does: with its own
     * token), and returns its ID and secret.
     */
    public ApplicationCredential applicationCredential(String name) {
        OpenStackApi user = OpenStackApi.login(configs.keystone(), PROJECT, password, PROJECT);
        String userId = user.getAbout(configs.keystone() + "/auth/tokens?nocatalog", user.token()).path("token").path("user").path("id").asText();
        String secret = HexFormat.of().formatHex(java.security.SecureRandom.getSeed(16));
        ObjectNode body = object();
        body.putObject("application_credential").put("name", name).put("secret", secret);
        String id = user.post(configs.keystone() + "/users/" + userId + "/application_credentials", body)
                .path("application_credential").path("id").asText();
        return new ApplicationCredential(id, Secret.of(secret));
    }

    /** An application credential's ID and secret. */
    public record ApplicationCredential(String id, Secret secret) {
        @Override
        public String toString() {
            return "ApplicationCredential[" + id + ", ****]";
        }
    }

    /** Revokes a token through Keystone's API, as an operator would. */
    public void revoke(String token) {
        OpenStackApi.login(configs.keystone(), "admin", password, "admin").delete(configs.keystone() + "/auth/tokens", token);
    }

    /**
     * A key pair of user {@link #PROJECT} (Nova's newest microversions take only given public keys): a fresh RSA key;
     * nothing happens when the user has one of that name.
     */
    public void keypair(String name) {
        OpenStackApi user = OpenStackApi.login(configs.keystone(), PROJECT, password, PROJECT);
        ObjectNode body = object();
        body.putObject("keypair").put("name", name).put("public_key", OpenSshKeys.freshRsaPublicKey("corekube-test"));
        if (user.get(novaUrl() + "/os-keypairs").toString().contains("\"name\":\"" + name + "\"")) {
            return;
        }
        user.post(novaUrl() + "/os-keypairs", body, "2.10");
    }

    /** The names of the servers of every project, as Nova lists them to the admin. */
    public List<String> serverNames() {
        List<String> names = new ArrayList<>();
        adminApi().get(novaUrl() + "/servers?all_tenants=1").path("servers").forEach(s -> names.add(s.path("name").asText()));
        return names;
    }

    /** A server's user data as Nova returns it to the admin (microversion 2.3), decoded; empty when it has none. */
    public Optional<String> userData(String serverName) {
        OpenStackApi admin = adminApi();
        for (JsonNode s : admin.get(novaUrl() + "/servers/detail?all_tenants=1", "2.3").path("servers")) {
            if (s.path("name").asText().equals(serverName)) {
                String data = s.path("OS-EXT-SRV-ATTR:user_data").asText("");
                return data.isEmpty() ? Optional.empty()
                        : Optional.of(new String(java.util.Base64.getDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        throw new IllegalArgumentException("no server named " + serverName + "; Nova has " + serverNames());
    }

    /** A server's first fixed IPv4 address as Nova reports it, when it has one yet. */
    public Optional<String> serverAddress(String serverName) {
        for (JsonNode s : adminApi().get(novaUrl() + "/servers/detail?all_tenants=1").path("servers")) {
            if (s.path("name").asText().equals(serverName)) {
                for (JsonNode network : s.path("addresses")) {
                    for (JsonNode a : network) {
                        if (a.path("version").asInt() == 4 && a.path("OS-EXT-IPS:type").asText("fixed").equals("fixed")) {
                            return Optional.of(a.path("addr").asText());
                        }
                    }
                }
                return Optional.empty();
            }
        }
        throw new IllegalArgumentException("no server named " + serverName);
    }

    /** A server's status as Nova reports it (ACTIVE, BUILD, ERROR ...). */
    public String serverStatus(String serverName) {
        for (JsonNode s : adminApi().get(novaUrl() + "/servers/detail?all_tenants=1").path("servers")) {
            if (s.path("name").asText().equals(serverName)) {
                return s.path("status").asText();
            }
        }
        throw new IllegalArgumentException("no server named " + serverName);
    }

    /**
     * How many of each kind of resource the cloud holds, as Nova and Neutron list them to the admin: servers, ports,
     * networks, subnets, routers, floating IPs, security groups (the projects' automatic {@code default} ones left
     * out) and the tests' user's key pairs. The fixtures' external network and subnet are counted too.
     */
    public Map<String, Integer> resourceCounts() {
        OpenStackApi admin = adminApi();
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("servers", admin.get(novaUrl() + "/servers?all_tenants=1").path("servers").size());
        for (String kind : List.of("ports", "networks", "subnets", "routers", "floatingips")) {
            counts.put(kind, admin.get(neutronUrl() + "/" + kind).path(kind).size());
        }
        int groups = 0;
        for (JsonNode g : admin.get(neutronUrl() + "/security-groups").path("security_groups")) {
            groups += g.path("name").asText().equals("default") ? 0 : 1;
        }
        counts.put("security_groups", groups);
        OpenStackApi user = OpenStackApi.login(configs.keystone(), PROJECT, password, PROJECT);
        counts.put("keypairs", user.get(novaUrl() + "/os-keypairs").path("keypairs").size());
        return counts;
    }

    /**
     * The rules of the security groups whose name starts with {@code prefix}, as Neutron lists them:
     * {@code "<direction> <protocol> <port_min>-<port_max> <remote>"} ({@code any} where a part is unset).
     */
    public List<String> securityGroupRules(String prefix) {
        List<String> rules = new ArrayList<>();
        for (JsonNode g : adminApi().get(neutronUrl() + "/security-groups").path("security_groups")) {
            if (!g.path("name").asText().startsWith(prefix)) {
                continue;
            }
            for (JsonNode r : g.path("security_group_rules")) {
                rules.add(r.path("direction").asText() + " " + text(r, "protocol") + " " + text(r, "port_range_min") + "-"
                        + text(r, "port_range_max") + " " + (r.hasNonNull("remote_ip_prefix") ? r.path("remote_ip_prefix").asText()
                        : r.hasNonNull("remote_group_id") ? "group" : "any") + " " + r.path("ethertype").asText());
            }
        }
        java.util.Collections.sort(rules);
        return rules;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asText() : "any";
    }

    private OpenStackApi adminApi() {
        return OpenStackApi.login(configs.keystone(), "admin", password, "admin");
    }

    /**
     * Adds a region whose orchestration endpoints (public, internal and admin) are {@code url}, e.g. a counting proxy
     * in front of Heat, and whose other endpoints are the cloud's own, so that clients that pick their endpoint from
     * the catalog can be pointed at it by region; {@code %(tenant_id)s} in {@code url} is the project, as in Heat's.
     */
    public void addOrchestrationRegion(String region, String url) {
        OpenStackApi admin = adminApi();
        ObjectNode r = object();
        r.putObject("region").put("id", region);
        admin.post(configs.keystone() + "/regions", r);
        String orchestration = admin.get(configs.keystone() + "/services?type=orchestration").path("services").get(0)
                .path("id").asText();
        // Heat looks the other services up in the region its clients name, so the region gets them too, unproxied
        for (JsonNode existing : admin.get(configs.keystone() + "/endpoints?region_id=" + OpenStackConfigs.REGION).path("endpoints")) {
            String service = existing.path("service_id").asText();
            ObjectNode e = object();
            e.putObject("endpoint").put("service_id", service).put("interface", existing.path("interface").asText())
                    .put("url", service.equals(orchestration) ? url : existing.path("url").asText()).put("region_id", region);
            admin.post(configs.keystone() + "/endpoints", e);
        }
    }

    /** Heat's port on 127.0.0.1. */
    public int heatPort() {
        return ports.heat();
    }

    /** How long {@link #start()} took. */
    public Duration startTime() {
        return startedIn;
    }

    private Duration startedIn = Duration.ZERO;

    /** The resident memory of every process of the cloud, in bytes (from /proc; children included). */
    public long residentBytes() {
        long total = 0;
        for (Process p : processes.values()) {
            List<ProcessHandle> all = new ArrayList<>(List.of(p.toHandle()));
            p.descendants().forEach(all::add);
            for (ProcessHandle h : all) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/" + h.pid() + "/status"))) {
                        if (line.startsWith("VmRSS:")) {
                            total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                        }
                    }
                } catch (IOException | NumberFormatException gone) {
                    // the process ended
                }
            }
        }
        return total;
    }

    /** The last lines of every service's log, for failure messages. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        try (var logs = Files.list(dir.resolve("log"))) {
            logs.sorted().forEach(f -> {
                String t = tail(f);
                if (!t.isBlank()) {
                    out.append("== ").append(f.getFileName()).append('\n').append(t).append('\n');
                }
            });
        } catch (IOException e) {
            out.append("(no logs: ").append(e.getMessage()).append(")");
        }
        return out.toString();
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Stops every process (SIGTERM, then SIGKILL for what is left, children included) and deletes the files. */
    @Override
    public void close() {
        List<Map.Entry<String, Process>> reversed = new ArrayList<>(processes.entrySet());
        java.util.Collections.reverse(reversed);
        for (Map.Entry<String, Process> e : reversed) {
            List<ProcessHandle> children = e.getValue().descendants().toList();
            Processes.stop(e.getValue(), false, Duration.ofSeconds(10));
            children.forEach(ProcessHandle::destroyForcibly);
        }
        processes.clear();
        Processes.deleteTree(dir);
    }

    @Override
    public String toString() {
        return "OpenStackServer[keystone " + configs.keystone() + ", " + dir + "]";
    }

    /** Builds a JSON object, for the catalog and fixtures. */
    static ObjectNode object() {
        return OpenStackApi.JSON.createObjectNode();
    }
}
