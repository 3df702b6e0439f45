package io.corekube.testing.flannel;

import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real flanneld v0.17.0 for tests (test scope: it builds from ../shared/peers/flannel): a private bridge
 * {@code ckfbr<B>} with 10.250.B.1/24, an etcd reachable on it, and flanneld instances each in a network namespace
 * {@code ckf<B>n<i>} on a veth (eth0 10.250.B.(10+i)/24 and fd00:250:B::(10+i)/64). Names are unique per run;
 * an owner file per run lets the next run remove what a killed run left. Everything it made is removed on close.
 */
public final class FlannelLab implements AutoCloseable {

    private static final Path OWNERS = Path.of(System.getProperty("java.io.tmpdir"), "corekube-flannel-lab");

    private final int net;
    private final Path dir;
    private final EtcdServer etcd;
    private final List<Instance> instances = new ArrayList<>();

    private FlannelLab(int net, Path dir, EtcdServer etcd) {
        this.net = net;
        this.dir = dir;
        this.etcd = etcd;
    }

    /** Builds flanneld if needed, removes leftovers of dead runs, makes the bridge and starts etcd on it. */
    public static FlannelLab start() {
        io.corekube.testing.PeerBuild.binary("flannel", "flanneld");
        removeLeftovers();
        int b = freeBridgeNet();
        try {
            Files.createDirectories(OWNERS);
            Files.writeString(OWNERS.resolve(Integer.toString(b)), Long.toString(ProcessHandle.current().pid()));
            Path dir = Files.createTempDirectory("corekube-flannel-");
            ip("link", "add", "ckfbr" + b, "type", "bridge");
            ip("addr", "add", "10.250." + b + ".1/24", "dev", "ckfbr" + b);
            ip("link", "set", "ckfbr" + b, "up");
            EtcdServer etcd = EtcdServer.builder().name("flannel-etcd").alsoListenOn("10.250." + b + ".1").build().start();
            return new FlannelLab(b, dir, etcd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The etcd (loopback URL for the test). */
    public EtcdServer etcd() {
        return etcd;
    }

    /** etcd's URL as the flanneld instances reach it, on the bridge. */
    public String etcdForInstances() {
        return "http://10.250." + net + ".1:" + etcd.clientUrl().substring(etcd.clientUrl().lastIndexOf(':') + 1);
    }

    /** Starts one flanneld in a namespace of its own, reading its config under {@code prefix}. */
    public Instance flanneld(String prefix, String... extraFlags) {
        int i = instances.size() + 1;
        String ns = "ckf" + net + "n" + i;
        String host = "ckv" + net + "h" + i;
        String peer = "ckv" + net + "n" + i;
        ip("netns", "add", ns);
        ip("link", "add", host, "type", "veth", "peer", "name", peer);
        ip("link", "set", host, "master", "ckfbr" + net, "up");
        ip("link", "set", peer, "netns", ns);
        ip("-n", ns, "link", "set", peer, "name", "eth0");
        ip("-n", ns, "addr", "add", "10.250." + net + "." + (10 + i) + "/24", "dev", "eth0");
        ip("-n", ns, "addr", "add", "fd00:250:" + net + "::" + (10 + i) + "/64", "dev", "eth0", "nodad");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
        Path home = dir.resolve(Integer.toString(i));
        try {
            Files.createDirectories(home);
            List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns, io.corekube.testing.PeerBuild.binary("flannel", "flanneld").toString(),
                    "-etcd-endpoints=" + etcdForInstances(), "-etcd-prefix=" + prefix, "-iface=eth0",
                    "-subnet-file=" + home.resolve("subnet.env"), "-ip-masq=false", "-iptables-forward-rules=false"));
            command.addAll(List.of(extraFlags));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("flanneld.log").toFile()).start();
            Instance instance = new Instance(i, ns, host, "10.250." + net + "." + (10 + i), home, p);
            instances.add(instance);
            return instance;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A flanneld in its namespace. */
    public static final class Instance {
        private final int index;
        private final String namespace;
        private final String hostLink;
        private final String ip;
        private final Path home;
        private final Process process;

        Instance(int index, String namespace, String hostLink, String ip, Path home, Process process) {
            this.index = index;
            this.namespace = namespace;
            this.hostLink = hostLink;
            this.ip = ip;
            this.home = home;
            this.process = process;
        }

        /** Its public IP (eth0 in its namespace). */
        public String ip() {
            return ip;
        }

        /** Its log so far. */
        public String log() {
            try {
                return Files.exists(home.resolve("flanneld.log")) ? Files.readString(home.resolve("flanneld.log")) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The subnet.env it wrote, if any. */
        public Optional<String> subnetEnv() {
            try {
                Path f = home.resolve("subnet.env");
                return Files.exists(f) ? Optional.of(Files.readString(f)) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first match of {@code pattern} in the log, waiting at most {@code timeout}. */
        public Optional<Matcher> awaitLog(Pattern pattern, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = pattern.matcher(log());
                if (m.find()) {
                    return Optional.of(m);
                }
                if (!process.isAlive()) {
                    m = pattern.matcher(log());
                    return m.find() ? Optional.of(m) : Optional.empty();
                }
                Processes.pause(100);
            }
            return Optional.empty();
        }

        /** True while flanneld runs. */
        public boolean isRunning() {
            return process.isAlive();
        }

        /** Stops it with SIGTERM (and kills it if it does not stop). */
        public void stop() {
            Processes.stop(process, false, Duration.ofSeconds(10));
        }

        @Override
        public String toString() {
            return "flanneld " + index + " in " + namespace;
        }
    }

    @Override
    public void close() {
        instances.forEach(Instance::stop);
        for (Instance i : instances) {
            ipQuiet("netns", "del", i.namespace);
            ipQuiet("link", "del", i.hostLink);
        }
        ipQuiet("link", "del", "ckfbr" + net);
        etcd.close();
        Processes.deleteTree(dir);
        try {
            Files.deleteIfExists(OWNERS.resolve(Integer.toString(net)));
        } catch (IOException ignored) {
            // best effort: a later run removes what a dead owner left
        }
    }

    /** Removes the namespaces, links and bridges of runs whose owning process is gone. */
    static void removeLeftovers() {
        if (!Files.isDirectory(OWNERS)) {
            return;
        }
        try (Stream<Path> owners = Files.list(OWNERS)) {
            for (Path owner : owners.toList()) {
                long pid = Long.parseLong(Files.readString(owner).trim());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                String b = owner.getFileName().toString();
                for (String ns : run("ip", "netns", "list").lines().map(l -> l.split(" ")[0]).toList()) {
                    if (ns.startsWith("ckf" + b + "n")) {
                        ipQuiet("netns", "del", ns);
                    }
                }
                for (String line : run("ip", "-o", "link").lines().toList()) {
                    String name = line.split(":")[1].trim().split("@")[0];
                    if (name.equals("ckfbr" + b) || name.startsWith("ckv" + b + "h")) {
                        ipQuiet("link", "del", name);
                    }
                }
                Files.deleteIfExists(owner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freeBridgeNet() {
        String links = run("ip", "-o", "link");
        for (int tries = 0; tries < 100; tries++) {
            int b = ThreadLocalRandom.current().nextInt(100, 250);
            if (!links.contains("ckfbr" + b + ":") && !Files.exists(OWNERS.resolve(Integer.toString(b)))) {
                return b;
            }
        }
        throw new IllegalStateException("no free 10.250.B.0/24 for a flannel lab");
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        String out = runChecked(command);
        if (out == null) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static void ipQuiet(String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        runChecked(command);
    }

    private static String run(String... command) {
        String out = runChecked(List.of(command));
        return out == null ? "" : out;
    }

    /** The output, or null when the command failed. */
    private static String runChecked(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

}
