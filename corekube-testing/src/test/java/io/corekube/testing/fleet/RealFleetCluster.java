package io.corekube.testing.fleet;

import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.internal.FreePorts;
import io.corekube.testing.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real fleet v1.0.0 cluster for tests (test scope: it builds fleetd from ../shared/peers/fleet, which users
 * do not have): one etcd and N fleetd with systemd faked, each machine's API on its own free loopback port,
 * configured as ../shared/peers/fleet/start.sh configures them (machine i: ID i in 32 hex, public IP 127.0.0.i).
 * Machines can be stopped (SIGTERM), killed (SIGKILL) and added while it runs. Close it to kill everything.
 */
public final class RealFleetCluster implements AutoCloseable {

    private final Spec spec;
    private final Path dir;
    private final EtcdServer etcd;
    private final Map<Integer, Process> fleetd = new LinkedHashMap<>();
    private final Map<Integer, Integer> ports = new LinkedHashMap<>();
    private int nextIndex = 1;

    /** What to start. */
    public record Spec(int machines, Map<Integer, String> metadata, int pageSize, Duration agentTtl,
                       String startDelay, String failGlobs) {
        /** {@code machines} machines with {@code kubernetes_role=minion}, fleet's page size and TTL. */
        public static Spec of(int machines) {
            return new Spec(machines, Map.of(), 100, Duration.ofSeconds(30), "", "");
        }

        /** The same spec with metadata for machine {@code i} (1-based), fleet's {@code k=v,k2=v2} form. */
        public Spec withMetadata(int i, String metadata) {
            Map<Integer, String> m = new LinkedHashMap<>(this.metadata);
            m.put(i, metadata);
            return new Spec(machines, m, pageSize, agentTtl, startDelay, failGlobs);
        }

        /** The same spec with another page size. */
        public Spec withPageSize(int size) {
            return new Spec(machines, metadata, size, agentTtl, startDelay, failGlobs);
        }

        /** The same spec with another agent TTL. */
        public Spec withAgentTtl(Duration ttl) {
            return new Spec(machines, metadata, pageSize, ttl, startDelay, failGlobs);
        }

        /** The same spec with fake start delays ({@code glob=duration,...}) and failing unit globs. */
        public Spec withFakes(String startDelay, String failGlobs) {
            return new Spec(machines, metadata, pageSize, agentTtl, startDelay, failGlobs);
        }
    }

    private RealFleetCluster(Spec spec) {
        this.spec = spec;
        try {
            this.dir = Files.createTempDirectory("corekube-fleet-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.etcd = EtcdServer.builder().name("fleet-etcd").build().start();
    }

    /** Builds fleetd if needed, then starts etcd and the machines, and waits until every machine is listed. */
    public static RealFleetCluster start(Spec spec) {
        Path fleetd = io.corekube.testing.PeerBuild.binary("fleet", "fleetd");
        RealFleetCluster cluster = new RealFleetCluster(spec);
        try {
            for (int i = 0; i < spec.machines(); i++) {
                cluster.startMachine(fleetd, spec.metadata().getOrDefault(i + 1, "kubernetes_role=minion"));
            }
            cluster.awaitMachines(spec.machines(), Duration.ofSeconds(60));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** The API of machine {@code i} (1-based), e.g. {@code http://127.0.0.1:40123}; every machine serves the same cluster. */
    public URI endpoint(int i) {
        return URI.create("http://127.0.0.1:" + ports.get(i));
    }

    /** The API of the first machine still running. */
    public URI endpoint() {
        return fleetd.entrySet().stream().filter(e -> e.getValue().isAlive()).findFirst()
                .map(e -> endpoint(e.getKey())).orElseThrow();
    }

    /** Machine {@code i}'s ID: i in 32 hex digits. */
    public static String machineId(int i) {
        return String.format("%032x", i);
    }

    /** The etcd the cluster keeps its registry in. */
    public EtcdServer etcd() {
        return etcd;
    }

    /** Adds a machine with this metadata and returns its index; it is listed within the wait. */
    public int addMachine(String metadata) {
        int i = startMachine(io.corekube.testing.PeerBuild.binary("fleet", "fleetd"), metadata);
        awaitMachines((int) fleetd.values().stream().filter(Process::isAlive).count(), Duration.ofSeconds(60));
        return i;
    }

    /** Stops machine {@code i} with SIGTERM, as a clean shutdown. */
    public void stop(int i) {
        terminate(fleetd.get(i), false);
    }

    /** Kills machine {@code i} with SIGKILL, as a crash. */
    public void kill(int i) {
        terminate(fleetd.get(i), true);
    }

    /** The last lines of machine {@code i}'s log. */
    public String log(int i) {
        try {
            String log = Files.readString(dir.resolve("fleetd" + i + ".log"));
            return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
        } catch (IOException e) {
            return "";
        }
    }

    private int startMachine(Path binary, String metadata) {
        int i = nextIndex++;
        int port = FreePorts.next();
        Path config = dir.resolve("fleet" + i + ".conf");
        try {
            Files.writeString(config, String.join("\n",
                    "etcd_servers=[\"" + etcd.clientUrl() + "\"]",
                    "public_ip=\"127.0.0." + i + "\"",
                    "metadata=\"" + metadata + "\"",
                    "agent_ttl=\"" + spec.agentTtl().toSeconds() + "s\"",
                    "token_limit=" + spec.pageSize(),
                    "engine_reconcile_interval=1.0",
                    "verbosity=0", ""));
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("fleetd" + i + ".log").toFile());
            pb.environment().put("FLEETD_FAKE_SYSTEMD", "1");
            pb.environment().put("FLEETD_MACHINE_ID", machineId(i));
            pb.environment().put("FLEETD_API_LISTEN", "127.0.0.1:" + port);
            if (!spec.startDelay().isEmpty()) {
                pb.environment().put("FLEETD_FAKE_START_DELAY", spec.startDelay());
            }
            if (!spec.failGlobs().isEmpty()) {
                pb.environment().put("FLEETD_FAKE_FAIL", spec.failGlobs());
            }
            fleetd.put(i, pb.start());
            ports.put(i, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start fleetd " + i, e);
        }
        return i;
    }

    private void awaitMachines(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Integer, Process> e : fleetd.entrySet()) {
                if (!e.getValue().isAlive()) {
                    continue;
                }
                last = get(endpoint(e.getKey()) + "/fleet/v1/machines");
                long listed = last.split("\"id\"", -1).length - 1;
                if (listed >= count) {
                    return;
                }
                break;
            }
            Processes.pause(100);
        }
        throw new IllegalStateException("fleet did not list " + count + " machines within " + timeout + ": " + last
                + "\n" + log(1));
    }

    private static String get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes());
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static void terminate(Process p, boolean kill) {
        Processes.stop(p, kill, Duration.ofSeconds(20));
    }



    @Override
    public void close() {
        fleetd.values().forEach(p -> terminate(p, true));
        etcd.close();
        Processes.deleteTree(dir);
    }

    /** Machines started so far, by index. */
    public List<Integer> machineIndexes() {
        return new ArrayList<>(fleetd.keySet());
    }
}
