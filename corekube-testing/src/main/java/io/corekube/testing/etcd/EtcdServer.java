package io.corekube.testing.etcd;

import io.corekube.testing.internal.FreePorts;
import io.corekube.testing.internal.Processes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.corekube.internal.PemTls;
import io.corekube.testing.tls.TestCertificates;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real etcd member (Debian's {@code /usr/bin/etcd}, 3.4) on free loopback ports, with its data in a
 * temporary directory and the v2 API enabled. It can be stopped, killed and restarted with its data kept, for
 * fault tests. Close it to stop it and delete its data.
 *
 * <pre>{@code
 * try (EtcdServer etcd = EtcdServer.builder().build().start()) {
 *     EtcdConfig config = EtcdConfig.of(etcd.clientUrl());
 * }
 * }</pre>
 *
 * The binary is {@code /usr/bin/etcd} unless the system property {@code corekube.etcd.binary} or the
 * environment variable {@code COREKUBE_ETCD_BINARY} names another.
 */
public final class EtcdServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdServer.class);

    private final Builder settings;
    private final int clientPort;
    private final int peerPort;
    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private Process process;
    private boolean startedOnce;

    private EtcdServer(Builder settings) {
        this.settings = settings;
        this.clientPort = FreePorts.next();
        this.peerPort = settings.peerPort > 0 ? settings.peerPort : FreePorts.next();
        try {
            this.workDir = Files.createTempDirectory("corekube-etcd-" + settings.name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dataDir = workDir.resolve("data");
        this.logFile = workDir.resolve("etcd.log");
    }

    /** A builder with defaults: member name {@code etcd0}, v2 enabled, a single-member cluster. */
    public static Builder builder() {
        return new Builder();
    }

    /** The binary that will run, and a clear error with the fix when it is not installed. */
    public static Path binary() {
        String configured = Optional.ofNullable(System.getProperty("corekube.etcd.binary"))
                .orElse(System.getenv("COREKUBE_ETCD_BINARY"));
        Path binary = Path.of(configured != null ? configured : "/usr/bin/etcd");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("etcd binary not found at " + binary + ": install it with "
                    + "'apt-get install -y --no-install-recommends etcd-server' (Debian/Ubuntu), or point the system "
                    + "property corekube.etcd.binary (or COREKUBE_ETCD_BINARY) at an etcd 3.4/3.5 binary");
        }
        return binary;
    }

    /** Starts the member and, unless it bootstraps through discovery or joins a cluster, waits until healthy. */
    public EtcdServer start() {
        startProcess();
        if (settings.waitUntilHealthy) {
            awaitHealthy(settings.startTimeout);
        }
        return this;
    }

    /** Starts the process without waiting (members of a cluster wait for each other). */
    EtcdServer startProcess() {
        if (isRunning()) {
            throw new IllegalStateException("etcd " + settings.name + " is already running");
        }
        List<String> command = new ArrayList<>(List.of(binary().toString(),
                "--name", settings.name,
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl() + (settings.alsoListenOn == null ? ""
                        : ",http://" + settings.alsoListenOn + ":" + clientPort),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl(),
                "--initial-advertise-peer-urls", peerUrl()));
        if (settings.discoveryUrl != null) {
            command.addAll(List.of("--discovery", settings.discoveryUrl, "--discovery-fallback", "exit"));
        } else {
            command.addAll(List.of("--initial-cluster",
                    settings.initialCluster != null ? settings.initialCluster : settings.name + "=" + peerUrl(),
                    "--initial-cluster-token", settings.clusterToken));
        }
        if (settings.enableV2) {
            command.add("--enable-v2");
        }
        if (settings.tls != null) {
            command.addAll(List.of("--cert-file", settings.tls.serverCertificate().toString(),
                    "--key-file", settings.tls.serverKey().toString(),
                    "--trusted-ca-file", settings.tls.caCertificate().toString(),
                    "--client-cert-auth"));
        }
        command.addAll(settings.extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        startedOnce = true;
        LOG.debug("started etcd {} (pid {}) on {}", settings.name, process.pid(), clientUrl());
        return this;
    }

    /** Waits until {@code /health} answers healthy, or fails with the end of etcd's log. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IllegalStateException("etcd " + settings.name + " exited with " + process.exitValue()
                        + "; log tail:\n" + logTail());
            }
            if (healthy()) {
                return;
            }
            Processes.pause(50);
        }
        throw new IllegalStateException("etcd " + settings.name + " not healthy within " + timeout + "; log tail:\n"
                + logTail());
    }

    /** True when {@code GET /health} answers {@code "health":"true"}. */
    public boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(clientUrl() + "/health").toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(PemTls.load(settings.tls.clientTls()).context().getSocketFactory());
            }
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try (InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"health\":\"true\"");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the member with SIGTERM and waits for it to exit; its data stays. */
    public void stop() {
        terminate(false);
    }

    /** Kills the member with SIGKILL, as a crash would; its data stays. */
    public void kill() {
        terminate(true);
    }

    /** Freezes the member with SIGSTOP: it holds its connections and answers nothing until {@link #resume()}. */
    public void pause() {
        Processes.signal(process, "STOP");
    }

    /** Lets a {@linkplain #pause() paused} member go on (SIGCONT). */
    public void resume() {
        Processes.signal(process, "CONT");
    }

    /** Starts the member again on the same ports with the same data, and waits until healthy. */
    public EtcdServer restart() {
        if (isRunning()) {
            stop();
        }
        startProcess();
        awaitHealthy(settings.startTimeout);
        return this;
    }

    /** True while the process runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit code of a process that ended. */
    public Optional<Integer> exitCode() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Waits, at most {@code timeout}, for the process to exit by itself; true if it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process != null && process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The member's name. */
    public String name() {
        return settings.name;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123} ({@code https} with {@link Builder#clientTls}). */
    public String clientUrl() {
        return (settings.tls != null ? "https" : "http") + "://127.0.0.1:" + clientPort;
    }

    /** The peer URL, e.g. {@code http://127.0.0.1:40124}. */
    public String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The whole log of the process so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the member if it runs and deletes its directory. */
    @Override
    public void close() {
        if (isRunning()) {
            kill();
        }
        if (!Processes.deleteTree(workDir)) {
            LOG.warn("could not delete {}", workDir);
        }
    }

    @Override
    public String toString() {
        return "EtcdServer[" + settings.name + " " + clientUrl() + (startedOnce ? "" : ", not started") + "]";
    }

    private void terminate(boolean kill) {
        Processes.stop(process, kill, Duration.ofSeconds(20));
    }

    private String logTail() {
        String log = log();
        return log.length() <= 3000 ? log : log.substring(log.length() - 3000);
    }


    /** Settings of a member; every one has a default. */
    public static final class Builder {
        private String name = "etcd0";
        private boolean enableV2 = true;
        private String discoveryUrl;
        private String initialCluster;
        private String clusterToken = "corekube-test";
        private int peerPort;
        private TestCertificates tls;
        private String alsoListenOn;
        private boolean waitUntilHealthy = true;
        private Duration startTimeout = Duration.ofSeconds(30);
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {
        }

        /** The member's name ({@code --name}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Whether to serve the v2 API ({@code --enable-v2}); on by default. */
        public Builder enableV2(boolean enableV2) {
            this.enableV2 = enableV2;
            return this;
        }

        /**
         * Bootstraps through this discovery URL ({@code --discovery}, with {@code --discovery-fallback exit}
         * so that a member finding the cluster full exits instead of turning into a proxy). Such a member is
         * not waited for at start: it is healthy only once the cluster is complete.
         */
        public Builder discovery(String discoveryUrl) {
            this.discoveryUrl = discoveryUrl;
            this.waitUntilHealthy = false;
            return this;
        }

        /** Joins a static cluster ({@code --initial-cluster}). */
        Builder initialCluster(String initialCluster, int peerPort) {
            this.initialCluster = initialCluster;
            this.peerPort = peerPort;
            this.waitUntilHealthy = false;
            return this;
        }

        /** How long {@link EtcdServer#start()} and restarts wait for health; 30 s by default. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Serves clients over https with the server certificate of {@code certificates}, and demands a client
         * certificate signed by its CA ({@code --client-cert-auth}).
         */
        public Builder clientTls(TestCertificates certificates) {
            this.tls = certificates;
            return this;
        }

        /** Also serves clients on this local address (e.g. a test bridge's), on the same port. */
        public Builder alsoListenOn(String address) {
            this.alsoListenOn = address;
            return this;
        }

        /** More command-line arguments. */
        public Builder extraArgs(String... args) {
            this.extraArgs.addAll(List.of(args));
            return this;
        }

        /** A member with these settings and its own free ports, not started. */
        public EtcdServer build() {
            return new EtcdServer(this);
        }
    }
}
