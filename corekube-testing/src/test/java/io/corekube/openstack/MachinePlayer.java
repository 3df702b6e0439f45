package io.corekube.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.corekube.templates.CommandLines;
import io.corekube.testing.PeerBuild;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.internal.Processes;
import io.corekube.testing.openstack.OpenStackServer;
import io.corekube.unit.UnitFile;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays what each Flatcar machine does at boot, for every server Nova reports: reads the server's user data through
 * Nova's API, parses the cloud-config with a YAML parser, writes its {@code write_files} under the machine's own
 * directory, and acts on its units: the discovery node's etcd and the sizes of its keys, each node's etcd member
 * joined through the discovery URL it was given, fleetd with the node's role, public IP and API socket, and the wait
 * condition signal as the node's curl would send it. The machines have no network of their own: each gets a loopback
 * address (discovery 127.0.0.20, overlord .21, master .22, minions .23 on), which stands in for its Nova address and
 * for {@code $private_ipv4}, {@code 0.0.0.0} and {@code 127.0.0.1} in its units. Downloads are stood in for by the
 * local binaries (this machine reaches no release server). A unit it cannot act on fails the test, unless the test
 * names it as not played, with the reason.
 */
public final class MachinePlayer implements AutoCloseable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** What the player leaves alone, each with the reason: flannel and the CNI need a network of their own. */
    public static final Map<String, String> NOT_PLAYED = Map.of(
            "flannel-install.service", "a download; flanneld is proven on its own in FlannelAgreementIT",
            "flanneld.service", "needs a network namespace per machine; here the config it reads is checked in etcd",
            "cni-install.service", "a download of the CNI plugins, used only by containerd",
            "containerd.service", "the image's containerd (no container runs in this test)");

    private final OpenStackServer cloud;
    private final Path dir;
    private final Map<String, String> notPlayed;
    private final Map<String, String> loopback = new ConcurrentHashMap<>();
    private final Map<String, String> novaAddresses = new ConcurrentHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, String> discoveryUrls = new LinkedHashMap<>();
    private int nextMinion = 23;

    /** A player writing under {@code dir}; {@code notPlayed} names units it must leave alone, each with why. */
    public MachinePlayer(OpenStackServer cloud, Path dir, Map<String, String> notPlayed) {
        this.cloud = cloud;
        this.dir = dir;
        this.notPlayed = notPlayed;
    }

    /** The loopback address that stands for the machine of {@code role} (discovery, overlord, master). */
    public static String address(String role) {
        return switch (role) {
            case "discovery" -> "127.0.0.20";
            case "overlord" -> "127.0.0.21";
            case "master" -> "127.0.0.22";
            default -> throw new IllegalArgumentException(role);
        };
    }

    /**
     * Boots every ACTIVE server that has not booted yet; returns how many booted now. Never throws (it runs on a
     * schedule): what a machine could not play is in {@link #failures()}.
     */
    public synchronized int bootNew() {
        int booted = 0;
        List<String> servers;
        try {
            servers = cloud.serverNames();
        } catch (RuntimeException notNow) {
            return 0; // the cloud did not answer this round; the next one asks again
        }
        for (String server : servers) {
            Optional<String> nova;
            try {
                if (loopback.containsKey(server) || !cloud.serverStatus(server).equals("ACTIVE")) {
                    continue;
                }
                nova = cloud.serverAddress(server);
            } catch (RuntimeException goneOrNotYet) {
                continue; // listed, then gone or not yet detailed: the next round sees it as it is
            }
            if (nova.isEmpty()) {
                continue;
            }
            String role = server.contains("-discovery-") ? "discovery" : server.contains("-overlord-") ? "overlord"
                    : server.contains("kubernetes_master") ? "master" : "minion";
            String local = role.equals("minion") ? "127.0.0." + nextMinion++ : address(role);
            loopback.put(server, local);
            novaAddresses.put(nova.get(), local);
            try {
                boot(server, role, nova.get(), local, cloud.userData(server).orElseThrow());
                booted++;
            } catch (IOException | RuntimeException e) {
                failures.add(server + ": " + e.getMessage());
            }
        }
        return booted;
    }

    /** What could not be played, one line each. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** The discovery URL each machine was given (Nova addresses rewritten to loopback), by server. */
    public synchronized Map<String, String> discoveryUrls() {
        return Map.copyOf(discoveryUrls);
    }

    /** The directory a machine's files were written under. */
    public Path root(String server) {
        return dir.resolve(server);
    }

    private void boot(String server, String role, String nova, String local, String userData) throws IOException {
        JsonNode config = YAML.readTree(userData);
        Path root = root(server);
        Files.createDirectories(root); // its logs go beside it, even when it writes no file
        for (JsonNode f : config.path("write_files")) {
            Path target = root.resolve(f.path("path").asText().substring(1));
            Files.createDirectories(target.getParent());
            String content = f.path("content").asText();
            Files.write(target, f.path("encoding").asText().equals("b64") ? Base64.getDecoder().decode(content)
                    : content.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, UnitFile> units = new LinkedHashMap<>();
        for (JsonNode u : config.path("coreos").path("units")) {
            if (u.has("content")) {
                units.put(u.path("name").asText(), UnitFile.parse(u.path("content").asText()));
            } else if (!notPlayed.containsKey(u.path("name").asText())) {
                failures.add(server + ": " + u.path("name").asText() + " is the image's, and no stand-in plays it");
            }
        }
        for (Map.Entry<String, UnitFile> u : units.entrySet()) {
            String name = u.getKey();
            if (notPlayed.containsKey(name)) {
                continue;
            }
            switch (name) {
                case "discovery-etcd.service" -> startDiscoveryEtcd(server, u.getValue(), local);
                case "discovery-size.service", "notify-heat.service" -> curl(u.getValue(), local);
                case "etcd-install.service", "fleet-install.service" -> { } // stood in for by the local etcd and fleetd binaries
                case "corekube-etcd.service" -> startEtcdMember(server, u.getValue(), local);
                case "fleet.service" -> startFleet(server, u.getValue(), nova, local, units.containsKey("fleet.socket"));
                case "fleet.socket" -> { } // fleetd's API listens where the socket says (10001), see startFleet
                default -> failures.add(server + ": no stand-in plays " + name);
            }
        }
    }

    /**
     * The discovery node's etcd, run as its docker image would run it: the etcd arguments after the image name,
     * addresses rewritten; the local etcd 3.4 also needs {@code --enable-v2} (the image's 2.2.2 served v2 only) and a
     * data directory and peer address of its own.
     */
    private void startDiscoveryEtcd(String server, UnitFile unit, String local) throws IOException {
        List<String> argv = CommandLines.words(rewrite(unit.values("Service", "ExecStart").get(0), local));
        int image = 0;
        while (!argv.get(image).startsWith("quay.io/coreos/etcd:")) {
            image++;
        }
        List<String> command = new ArrayList<>(List.of(EtcdServer.binary().toString()));
        command.addAll(argv.subList(image + 1, argv.size()));
        command.addAll(List.of("--enable-v2", "--data-dir=" + root(server).resolve("var/lib/etcd"), "--name=discovery",
                "--listen-peer-urls=http://" + local + ":2380", "--initial-advertise-peer-urls=http://" + local + ":2380",
                "--initial-cluster=discovery=http://" + local + ":2380"));
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(server + "-etcd.log").toFile()).start());
    }

    private void startEtcdMember(String server, UnitFile unit, String local) throws IOException {
        List<String> command = new ArrayList<>();
        for (String arg : rewrite(unit.values("Service", "ExecStart").get(0), local).split(" ")) {
            if (arg.startsWith("--discovery=")) {
                synchronized (this) {
                    discoveryUrls.put(server, arg.substring("--discovery=".length()));
                }
            }
            command.add(arg.equals("/opt/bin/etcd") ? EtcdServer.binary().toString()
                    : arg.startsWith("--data-dir=") ? "--data-dir=" + root(server).resolve("var/lib/etcd") : arg);
        }
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(server + "-etcd.log").toFile()).start());
    }

    private void startFleet(String server, UnitFile unit, String nova, String local, boolean apiSocket) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PeerBuild.binary("fleet", "fleetd").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(server + "-fleetd.log").toFile());
        for (String env : unit.values("Service", "Environment")) {
            String[] kv = rewrite(env, local).split("=", 2);
            pb.environment().put(kv[0], kv[0].equals("FLEET_PUBLIC_IP") ? nova : kv[1]);
        }
        pb.environment().put("FLEETD_FAKE_SYSTEMD", "1");
        pb.environment().put("FLEETD_MACHINE_ID", String.format("%032x", Long.parseLong(local.substring(local.lastIndexOf('.') + 1))));
        pb.environment().put("FLEET_ENGINE_RECONCILE_INTERVAL", "1");
        if (apiSocket) {
            pb.environment().put("FLEETD_API_LISTEN", local + ":10001");
        }
        processes.add(pb.start());
    }

    /** Sends a unit's curl commands as curl would: method, headers, body and URL, addresses rewritten. */
    private void curl(UnitFile unit, String local) {
        curl(unit, exec -> rewrite(exec, local));
    }

    /** Sends a unit's curl commands as curl would: method, headers, body and URL, each line through {@code rewrite}. */
    static void curl(UnitFile unit, java.util.function.UnaryOperator<String> rewrite) {
        for (String exec : unit.values("Service", "ExecStart")) {
            List<String> argv = CommandLines.words(rewrite.apply(exec));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(argv.get(argv.size() - 1))).timeout(Duration.ofSeconds(30));
            String method = argv.contains("-X") ? argv.get(argv.indexOf("-X") + 1) : "GET";
            String body = "";
            for (int i = 0; i < argv.size() - 1; i++) {
                if (argv.get(i).equals("-H")) {
                    String[] header = argv.get(i + 1).split(": ", 2);
                    request.header(header[0], header[1]);
                } else if (argv.get(i).equals("--data-binary")) {
                    body = argv.get(i + 1);
                } else if (argv.get(i).equals("--data")) {
                    body = argv.get(i + 1);
                    request.header("Content-Type", "application/x-www-form-urlencoded");
                }
            }
            HttpResponse<String> r = send(request.method(method, HttpRequest.BodyPublishers.ofString(body)), argv.contains("--retry-connrefused"));
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + argv.get(argv.size() - 1) + " answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, boolean retryRefused) {
        for (int attempt = 0; ; attempt++) {
            try {
                return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!retryRefused || attempt >= 30) {
                    throw new UncheckedIOException(e);
                }
                Processes.pause(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The machine's view of addresses: its own ({@code $private_ipv4}, {@code 0.0.0.0}, and {@code 127.0.0.1} on the
     * ports of the machine's own services) and the other machines' Nova addresses; Heat stays where it is.
     */
    private String rewrite(String text, String local) {
        String out = text.replace("$private_ipv4", local).replace("0.0.0.0", local)
                .replaceAll("127\\.0\\.0\\.1:(2379|2380|4001|7001|10001|12379|12380)\\b", local + ":$1");
        for (Map.Entry<String, String> a : novaAddresses.entrySet()) {
            out = out.replace(a.getKey() + ":", a.getValue() + ":");
        }
        return out;
    }


    @Override
    public void close() {
        processes.forEach(p -> Processes.stop(p, false, Duration.ofSeconds(5)));
    }
}
