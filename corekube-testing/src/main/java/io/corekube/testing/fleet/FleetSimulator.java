package io.corekube.testing.fleet;

import io.corekube.cluster.Machine;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.KeyNotFoundException;
import io.corekube.etcd.v2.SetOptions;
import io.corekube.testing.internal.MiniHttpServer;
import io.corekube.testing.internal.MiniHttpServer.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fleet v1.0.0 in-process, for tests: its v1 API (same paths under {@code /fleet/v1} and {@code /v1-alpha}, JSON
 * shapes, status codes and messages, page tokens and content-type rules) over a loopback TCP port and, if
 * asked, a Unix socket; simulated machines that join, stop or die while it runs; fleet's scheduler (least
 * loaded machine first; MachineID, MachineMetadata, MachineOf, Conflicts, Global); and agents that take units
 * through systemd-like states as fleet's faked systemd does: loaded {@code loaded/inactive/dead}, launched
 * {@code activating/start} for the unit's start delay, then {@code active/running}, {@code active/exited}
 * (oneshot with RemainAfterExit), {@code inactive/dead} (other oneshots) or {@code failed/failed}.
 *
 * <p>Proven against fleet v1.0.0 by one contract suite run on both (global units report no current state,
 * replies carry {@code Server: fleetd/v1.0.0} and a {@code Date}, and {@code GET /state/<unit>} of a unit with no
 * state drops the connection unanswered, as fleet's nil-pointer panic does; all found so). Deliberate differences from the real fleet: the engine runs every {@link Builder#engineInterval} (fleet:
 * 2 s), so states appear sooner, order preserved; the discovery document is a short one of our own; Go's JSON
 * decoding messages are approximated; {@code Replaces} is accepted but not acted on.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final Settings settings;
    private final SimulatedCluster cluster;
    private final RequestLog requests = new RequestLog();
    private final MiniHttpServer server;
    private final ScheduledExecutorService engine;
    private final long startNanos = System.nanoTime();

    private FleetSimulator(Builder b) {
        this.settings = b.settings;
        this.cluster = new SimulatedCluster(settings);
        b.machines.forEach(m -> cluster.machines.put(m.id(), new SimulatedCluster.Machine(m.id(), m.primaryIp(), m.metadata())));
        this.server = new MiniHttpServer(this::handle, b.unixSocket);
        this.engine = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "corekube-fleet-simulator");
            t.setDaemon(true);
            return t;
        });
        engine.scheduleWithFixedDelay(this::tick, 0, settings.engineInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A builder with fleet's defaults (page size 100, agent TTL 30 s) and no machines. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:40123} (paths under {@code /fleet/v1}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** Adds a machine while the simulator runs. */
    public void addMachine(Machine machine) {
        synchronized (cluster.lock) {
            cluster.machines.put(machine.id(), new SimulatedCluster.Machine(machine.id(), machine.primaryIp(), machine.metadata()));
        }
        settings.publisher.ifPresent(p -> p.publish(machine));
    }

    /** Stops a machine cleanly: it leaves at once and its units are rescheduled where they may run. */
    public void stopMachine(String id) {
        synchronized (cluster.lock) {
            cluster.removeMachine(id);
        }
        settings.publisher.ifPresent(p -> p.remove(id));
    }

    /** Kills a machine: it stays listed, its states frozen, until the agent TTL passes; then it leaves. */
    public void killMachine(String id) {
        synchronized (cluster.lock) {
            SimulatedCluster.Machine m = cluster.machines.get(id);
            if (m != null) {
                m.killedAt = now();
            }
        }
    }

    /** The machines as the API lists them. */
    public List<Machine> machines() {
        synchronized (cluster.lock) {
            List<Machine> out = new ArrayList<>();
            cluster.machines.values().forEach(m -> out.add(Machine.builder().id(m.id).primaryIp(m.ip)
                    .metadata(m.effectiveMetadata()).build()));
            return out;
        }
    }

    /** Requests served, by endpoint ({@code GET /units}, {@code PUT /units/*}, {@code GET /state}, ...). */
    public Map<String, Long> requestCounts() {
        return requests.counts();
    }

    /** Requests served in all. */
    public long requestTotal() {
        return requests.total();
    }

    /** Bytes of response bodies served. */
    public long bytesServed() {
        return requests.bytes();
    }

    /**
     * Every content written to each unit, by unit name: the hash of each PUT that created or replaced the unit,
     * in order (PUTs that only changed the desired state are not listed).
     */
    public Map<String, List<String>> contentWrites() {
        synchronized (cluster.lock) {
            Map<String, List<String>> out = new java.util.TreeMap<>();
            cluster.contentWrites.forEach((unit, hashes) -> out.put(unit, List.copyOf(hashes)));
            return out;
        }
    }

    /** Sets the counters back to zero. */
    public void resetCounters() {
        requests.reset();
    }

    /**
     * From now on, units whose names match {@code glob} end {@code failed/failed}, as a crash of their process
     * would: units running now fail at the next round, and so do they when started again.
     */
    public void failUnits(String glob) {
        settings.failGlobs.add(glob);
    }

    /** Lets every unit start normally again: no name fails any more (units failed now stay so until restarted). */
    public void clearFailingUnits() {
        settings.failGlobs.clear();
    }

    /** Changes fault injection while running. */
    public void faults(Faults faults) {
        settings.faults = faults;
    }

    /** Runs one engine round now (tests that step time themselves). */
    public void tick() {
        try {
            synchronized (cluster.lock) {
                cluster.tick(now());
            }
            settings.publisher.ifPresent(p -> p.refresh(machines(), deadMachines()));
        } catch (RuntimeException e) {
            LOG.warn("fleet simulator round failed", e);
        }
    }

    @Override
    public void close() {
        engine.shutdownNow();
        server.close();
        settings.publisher.ifPresent(Publisher::close);
    }

    private List<String> deadMachines() {
        synchronized (cluster.lock) {
            return cluster.machines.values().stream().filter(m -> !m.alive()).map(m -> m.id).toList();
        }
    }

    private long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private Response handle(MiniHttpServer.Request request) {
        Faults f = settings.faults;
        long delay = f.latency().toMillis();
        if (f.spikeRate() > 0 && ThreadLocalRandom.current().nextDouble() < f.spikeRate()) {
            delay += f.spikeLatency().toMillis();
        }
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.DROP;
            }
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < f.dropRate()) {
            return Response.DROP;
        }
        if (roll < f.dropRate() + f.errorRate()) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(FleetApi.serverHeader());
            headers.put("Content-Type", "application/json");
            return new Response(503, headers,
                    "{\"error\":{\"code\":503,\"message\":\"fleet server unable to communicate with etcd\"}}".getBytes());
        }
        return new FleetApi(cluster, settings, requests).apply(request);
    }

    /**
     * Injected faults: added latency on every request, a share of requests answered 503 as fleet does when it
     * cannot reach etcd, a share whose connection is dropped without an answer, and a share delayed by a
     * latency spike.
     */
    public record Faults(Duration latency, double errorRate, double dropRate, double spikeRate, Duration spikeLatency) {

        /** Faults without latency spikes. */
        public Faults(Duration latency, double errorRate, double dropRate) {
            this(latency, errorRate, dropRate, 0, Duration.ZERO);
        }

        /** No faults. */
        public static Faults none() {
            return new Faults(Duration.ZERO, 0, 0);
        }
    }

    /** Settings shared by the simulator's parts. */
    static final class Settings {
        int pageSize = 100;
        Duration engineInterval = Duration.ofMillis(50);
        Duration agentTtl = Duration.ofSeconds(30);
        Duration stateLinger = Duration.ZERO;
        Duration defaultStartDelay = Duration.ZERO;
        final Map<String, Duration> startDelays = new LinkedHashMap<>();
        final List<String> failGlobs = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Faults faults = Faults.none();
        Optional<Publisher> publisher = Optional.empty();

        void metadataPatched(String machineId, String key, String value) {
            publisher.ifPresent(p -> p.metadata(machineId, key, value));
        }
    }

    /** Settings of a simulator. */
    public static final class Builder {
        private final Settings settings = new Settings();
        private final List<Machine> machines = new ArrayList<>();
        private Path unixSocket;

        private Builder() {
        }

        /** A machine present from the start. */
        public Builder machine(Machine machine) {
            machines.add(machine);
            return this;
        }

        /** {@code count} machines with IDs {@code 000..001} (32 hex) upward, IPs 10.0.0.1 upward and this metadata. */
        public Builder machines(int count, Map<String, String> metadata) {
            for (int i = 1; i <= count; i++) {
                int n = machines.size() + 1;
                machines.add(Machine.builder().id(String.format("%032x", n))
                        .primaryIp(String.format("10.%d.%d.%d", (n >> 16) & 255, (n >> 8) & 255, n & 255))
                        .metadata(metadata).build());
            }
            return this;
        }

        /** The page size of every list (fleet's {@code token_limit}); 100 by default. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > 65535) {
                throw new IllegalArgumentException("pageSize must be 1..65535, got " + pageSize);
            }
            settings.pageSize = pageSize;
            return this;
        }

        /** Also serve the API on this Unix socket. */
        public Builder unixSocket(Path socket) {
            this.unixSocket = socket;
            return this;
        }

        /** How often the engine and agents act; 50 ms by default (fleet: 2 s). */
        public Builder engineInterval(Duration interval) {
            settings.engineInterval = interval;
            return this;
        }

        /** How long a killed machine stays listed; 30 s by default, as fleet's agent TTL. */
        public Builder agentTtl(Duration ttl) {
            settings.agentTtl = ttl;
            return this;
        }

        /** How long the state of a unit no longer on a machine stays listed (fleet: about 5 s); none by default. */
        public Builder stateLinger(Duration linger) {
            settings.stateLinger = linger;
            return this;
        }

        /** How long every launched unit stays {@code activating/start}; none by default. */
        public Builder startDelay(Duration delay) {
            settings.defaultStartDelay = delay;
            return this;
        }

        /** How long launched units whose name matches {@code glob} stay {@code activating/start}; first match wins. */
        public Builder startDelay(String glob, Duration delay) {
            settings.startDelays.put(glob, delay);
            return this;
        }

        /** Launched units whose name matches {@code glob} end {@code failed/failed}. */
        public Builder failUnits(String glob) {
            settings.failGlobs.add(glob);
            return this;
        }

        /** Fault injection from the start. */
        public Builder faults(Faults faults) {
            settings.faults = faults;
            return this;
        }

        /**
         * Publishes the machines into a real etcd in fleet's v2 layout ({@code /_coreos.com/fleet/machines/<id>/object}
         * with the agent TTL, refreshed while the machine lives; dynamic metadata under {@code metadata/<key>}),
         * as fleet's agents do, so that registries reading etcd can be tested.
         */
        public Builder publishMachinesTo(EtcdConfig etcd) {
            settings.publisher = Optional.of(new Publisher(etcd, settings));
            return this;
        }

        /** Starts the simulator. */
        public FleetSimulator build() {
            FleetSimulator simulator = new FleetSimulator(this);
            settings.publisher.ifPresent(p -> machines.forEach(p::publish));
            return simulator;
        }
    }

    /** Writes machines into etcd as fleet's agents do. */
    static final class Publisher implements AutoCloseable {
        static final String PREFIX = "/_coreos.com/fleet/machines/";
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private final EtcdV2Client etcd;
        private final Settings settings;
        private long lastRefresh;

        Publisher(EtcdConfig config, Settings settings) {
            this.etcd = EtcdV2Client.create(config);
            this.settings = settings;
        }

        void publish(Machine m) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("ID", m.id());
            object.put("PublicIP", m.primaryIp());
            object.put("Metadata", m.metadata());
            object.put("Version", "1.0.0");
            try {
                etcd.set(PREFIX + m.id() + "/object", JSON.writeValueAsString(object),
                        SetOptions.builder().ttl(Duration.ofSeconds(Math.max(1, settings.agentTtl.toSeconds()))).build());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        void metadata(String machineId, String key, String value) {
            etcd.set(PREFIX + machineId + "/metadata/" + key, value);
        }

        void remove(String id) {
            try {
                etcd.delete(PREFIX + id, io.corekube.etcd.v2.DeleteOptions.builder().recursive(true).build());
            } catch (KeyNotFoundException gone) {
                // already expired
            }
        }

        void refresh(List<Machine> live, List<String> dead) {
            long now = System.nanoTime();
            if (now - lastRefresh < settings.agentTtl.toNanos() / 3) {
                return;
            }
            lastRefresh = now;
            live.stream().filter(m -> !dead.contains(m.id())).forEach(m -> refreshOne(m, this::publish));
        }

        private void refreshOne(Machine m, Consumer<Machine> write) {
            try {
                write.accept(m);
            } catch (RuntimeException e) {
                LOG.debug("could not publish machine {}: {}", m.id(), e.toString());
            }
        }

        @Override
        public void close() {
            etcd.close();
        }
    }
}
