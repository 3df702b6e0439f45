package io.corekube.templates.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.flannel.FlannelLease;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.testing.PeerBuild;
import io.corekube.testing.flannel.FlannelLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SDK's flannel config rules against a real flanneld v0.17.0, config by config. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlannelAgreementIT {

    private static final Pattern OUTCOME = Pattern.compile(
            "Couldn't fetch network config: (.*)|Picking subnet in range (\\S+) \\.\\.\\. (\\S+)");
    private FlannelLab lab;
    private int counter;

    @BeforeAll
    void start() {
        lab = FlannelLab.start();
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // accepted, each backend that runs here
        "{\"Network\":\"10.244.0.0/15\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.5.0.0/16\",\"Backend\":{\"Type\":\"udp\"}}",
        "{\"Network\":\"10.6.0.0/16\",\"Backend\":{\"Type\":\"host-gw\"}}",
        "{\"Network\":\"10.7.0.0/16\",\"Backend\":{\"Type\":\"alloc\"}}",
        "{\"Network\":\"10.8.0.0/16\"}",
        "{\"Network\":\"10.9.0.0/16\",\"SubnetLen\":20,\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.10.0.0/16\",\"SubnetMin\":\"10.10.50.0\",\"SubnetMax\":\"10.10.60.0\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.11.0.0/24\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.12.0.0/28\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"network\":\"10.13.0.0/16\",\"backend\":{\"type\":\"vxlan\"}}",
        "{\"Network\":\"10.14.1.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":7}}",
        "{\"Network\":\"10.15.0.0/22\",\"Backend\":{\"Type\":\"vxlan\",\"Port\":8475}}",
        "{\"Network\":\"10.16.0.0/16\",\"SubnetLen\":0,\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.17.0.0/16\",\"EnableIPv6\":true,\"IPv6Network\":\"fc00:17::/48\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":20,\"SubnetMin\":\"10.10.0.0\",\"SubnetMax\":\"10.99.0.0\",\"Backend\":{\"Type\":\"udp\",\"Port\":7890}}",
        // refused, in flannel's words
        "{\"Network\":\"10.20.0.0/29\"}",
        "{\"Network\":\"10.21.0.0/30\"}",
        "{\"Network\":\"10.22.0.0/16\",\"SubnetLen\":31}",
        "{\"Network\":\"10.23.0.0/16\",\"SubnetLen\":17}",
        "{\"Network\":\"10.24.0.0/16\",\"SubnetMin\":\"10.99.0.0\"}",
        "{\"Network\":\"10.25.0.0/16\",\"SubnetMax\":\"10.99.0.0\"}",
        "{\"Network\":\"10.26.0.0/16\",\"SubnetMin\":\"10.26.5.128\"}",
        "{\"Network\":\"10.27.0.0/16\",\"SubnetMax\":\"10.27.200.7\"}",
        "{\"Network\":\"10.28.0.0/33\"}",
        "{\"Network\":10}",
        "{\"Network\":\"10.30.0.0/16\",\"SubnetLen\":\"24\"}",
        "{\"Network\":\"10.31.0.0/16\",\"SubnetLen\":-1}",
        "{\"Network\":",
        "[]",
        "x",
        "{\"Network\":\"10.34.0.0/16\",\"Backend\":\"vxlan\"}",
        "{\"Network\":\"10.35.0.0/16\",\"EnableIPv4\":\"yes\"}",
        "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00:36::/125\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.37.0.0/16\",\"SubnetMin\":\"not-an-ip\"}",
        // decoded as Go decodes it: key folding, the raw text, the literal, every duplicate in order
        "{\"Networ\u212a\":\"10.38.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.39.0.0/16\",\"SubnetM\u0131n\":\"10.39.200.0\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.40.0.0/16\",\"IPv6SubnetMax\":1}",
        "{\"Network\":\"10.41.0.0/16\",\"SubnetLen\":-0}",
        "{\"Network\":\"10.42.0.0\\u002f16\"}",
        "{\"Network\":10,\"Network\":\"10.43.0.0/16\"}",
    })
    void theSdkAndFlanneldAgree(String json) throws Exception {
        String prefix = "/agree" + (++counter) + "/network";
        Verdict sdk = Verdict.of(json);
        EtcdConfig etcd = EtcdConfig.of(lab.etcd().clientUrl());
        if (sdk.network() != null) {
            try (FlannelEtcd flannel = FlannelEtcd.v2(etcd, prefix)) {
                flannel.replace(json);
            }
        } else {
            try (EtcdV2Client raw = EtcdV2Client.create(etcd)) {
                raw.set(prefix + "/config", json);
            }
        }
        FlannelLab.Instance flanneld = lab.flanneld(prefix);
        try {
            Matcher outcome = flanneld.awaitLog(OUTCOME, Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("flanneld said nothing decisive:\n" + flanneld.log()));
            if (sdk.network() == null) {
                assertTrue(outcome.group(1) != null, "flanneld accepted what the SDK refused (" + sdk.message() + "):\n" + flanneld.log());
                assertEquals(sdk.message(), outcome.group(1).strip(), "message for " + json);
                return;
            }
            assertTrue(outcome.group(2) != null, "flanneld refused what the SDK accepted:\n" + flanneld.log());
            FlannelNetwork n = sdk.network();
            assertEquals(n.subnetMin().orElseThrow(), outcome.group(2), "SubnetMin");
            assertEquals(n.subnetMax().orElseThrow(), outcome.group(3), "SubnetMax");
            String env = awaitSubnetEnv(flanneld);
            FlannelLease lease = onlyLease(etcd, prefix);
            assertEquals(flanneld.ip(), lease.publicIp());
            assertTrue(lease.expiration().orElseThrow().isAfter(Instant.now().plus(Duration.ofHours(23))));
            assertEquals(n.subnetEnv(lease.subnet(), lease.ipv6Subnet(), 1500, false), env, "subnet.env for " + lease);
        } finally {
            flanneld.stop();
        }
    }

    /**
     * Rules flanneld applies after it has read the config: the IP stack (neither IPv4 nor IPv6 enabled) and the ipsec
     * backend's pre-shared key of at least 96 bytes. The SDK refuses the same configs with the same words.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"EnableIPv4\":false,\"Network\":\"10.50.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.51.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"short-key\"}}",
        "{\"Network\":\"10.52.0.0/16\",\"Backend\":{\"Type\":\"ipsec\"}}",
        "{\"Network\":\"10.53.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\"}}",
        // Go keeps the last key that folds to PSK
        "{\"Network\":\"10.55.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\",\"psk\":\"short\"}}",
    })
    void flanneldsRulesAfterReadingTheConfigAgree(String json) throws Exception {
        Verdict sdk = Verdict.of(json);
        assertTrue(sdk.network() == null && !sdk.sdkRule(), "the SDK should refuse this in flannel's words: " + sdk);
        FlannelLab.Instance flanneld = startWith(json);
        try {
            Matcher refusal = flanneld.awaitLog(Pattern.compile("none defined stack|Error registering network: (.*)"),
                    Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("flanneld did not refuse it:\n" + flanneld.log()));
            String said = refusal.group(1) == null ? refusal.group() : refusal.group(1).strip();
            assertEquals(sdk.message(), said, "message for " + json);
        } finally {
            flanneld.stop();
        }
    }

    /** An ipsec PSK of exactly 96 bytes passes the SDK and flanneld's check (flanneld goes on to lease a subnet). */
    @Test
    void anIpsecPskOfNinetySixBytesPassesBoth() throws Exception {
        String json = "{\"Network\":\"10.54.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"" + "k".repeat(96) + "\"}}";
        assertTrue(Verdict.of(json).network() != null, Verdict.of(json).toString());
        FlannelLab.Instance flanneld = startWith(json);
        try {
            flanneld.awaitLog(Pattern.compile("Picking subnet in range|Error registering network|charon"), Duration.ofSeconds(20))
                    .orElseThrow(() -> new AssertionError("flanneld said nothing decisive:\n" + flanneld.log()));
            assertFalse(flanneld.log().contains("password should be at least"), flanneld.log());
        } finally {
            flanneld.stop();
        }
    }

    /**
     * IPv4 off with an IPv6 network: both accept it; flanneld picks its IPv6 subnet in the range the SDK computes and
     * writes the subnet.env the SDK renders for its lease.
     */
    @Test
    void ipv6OnlyWithItsNetworkIsAcceptedByBoth() throws Exception {
        String json = "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00:56::/48\",\"Backend\":{\"Type\":\"vxlan\"}}";
        Verdict sdk = Verdict.of(json);
        assertTrue(sdk.network() != null, sdk.toString());
        FlannelNetwork n = sdk.network();
        FlannelLab.Instance flanneld = startWith(json);
        try {
            Matcher range = flanneld.awaitLog(Pattern.compile("Picking ipv6 subnet in range (\\S+) \\.\\.\\. (\\S+)|Couldn't fetch network config: (.*)"),
                    Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("flanneld said nothing decisive:\n" + flanneld.log()));
            assertTrue(range.group(1) != null, "flanneld refused what the SDK accepted:\n" + flanneld.log());
            assertEquals(n.ipv6SubnetMin().orElseThrow(), range.group(1), "IPv6SubnetMin");
            assertEquals(n.ipv6SubnetMax().orElseThrow(), range.group(2), "IPv6SubnetMax");
            String env = awaitSubnetEnv(flanneld);
            String prefix = "/later" + counter + "/network";
            FlannelLease lease = onlyLease(EtcdConfig.of(lab.etcd().clientUrl()), prefix);
            assertEquals(n.subnetEnv(lease.subnet(), lease.ipv6Subnet(), 1500, false), env);
        } finally {
            flanneld.stop();
        }
    }

    /**
     * Configs flanneld v0.17 reads and then dies on (a panic on IPv6 without IPv6Network, a VNI the kernel refuses):
     * the SDK refuses them before they are published, as its own rules.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.57.0.0/16\",\"EnableIPv6\":true,\"Backend\":{\"Type\":\"vxlan\"}}",
        "{\"Network\":\"10.58.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":16777216}}",
    })
    void whatFlanneldDiesOnTheSdkRefusesFirst(String json) throws Exception {
        Verdict sdk = Verdict.of(json);
        assertTrue(sdk.network() == null && sdk.sdkRule(), "the SDK should refuse this by its own rule: " + sdk);
        FlannelLab.Instance flanneld = startWith(json);
        try {
            flanneld.awaitLog(Pattern.compile("panic:|Error registering network|Wrote subnet file|Picking subnet in range"),
                    Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("flanneld said nothing decisive:\n" + flanneld.log()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (flanneld.isRunning() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(flanneld.isRunning(), "flanneld kept running:\n" + flanneld.log());
            assertTrue(flanneld.subnetEnv().isEmpty(), "flanneld wrote a subnet.env:\n" + flanneld.log());
        } finally {
            flanneld.stop();
        }
    }

    private static String awaitSubnetEnv(FlannelLab.Instance flanneld) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (flanneld.subnetEnv().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return flanneld.subnetEnv().orElseThrow(() -> new AssertionError("no subnet.env:\n" + flanneld.log()));
    }

    private FlannelLab.Instance startWith(String json) throws Exception {
        String prefix = "/later" + (++counter) + "/network";
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(lab.etcd().clientUrl()))) {
            raw.set(prefix + "/config", json);
        }
        return lab.flanneld(prefix);
    }

    /** flanneld v0.17 accepts these; the SDK refuses them on purpose (documented on FlannelConfig). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"Network\":\"10.40.0.0/16\",\"Backend\":{\"Type\":\"magic\"}}"})
    void whereTheSdkRefusesMoreFlanneldAcceptsOrExits(String json) throws Exception {
        Verdict sdk = Verdict.of(json);
        assertTrue(sdk.sdkRule(), sdk.message());
        String prefix = "/stricter" + (++counter) + "/network";
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(lab.etcd().clientUrl()))) {
            raw.set(prefix + "/config", json);
        }
        FlannelLab.Instance flanneld = lab.flanneld(prefix);
        try {
            Matcher m = flanneld.awaitLog(Pattern.compile("Couldn't fetch network config|Picking subnet in range|"
                    + "unknown backend type"), Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError(flanneld.log()));
            assertFalse(m.group().startsWith("Couldn't fetch"), "flanneld read the config: " + flanneld.log());
        } finally {
            flanneld.stop();
        }
    }

    @Test
    void theLeaseListingShowsEveryRunningFlanneld() throws Exception {
        String prefix = "/many/network";
        EtcdConfig etcd = EtcdConfig.of(lab.etcd().clientUrl());
        try (FlannelEtcd flannel = FlannelEtcd.v2(etcd, prefix)) {
            flannel.publish(FlannelConfig.corekubeDefault().toJson());
            List<FlannelLab.Instance> running = List.of(lab.flanneld(prefix), lab.flanneld(prefix), lab.flanneld(prefix));
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (flannel.leases().size() < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                List<FlannelLease> leases = flannel.leases();
                assertEquals(running.stream().map(FlannelLab.Instance::ip).sorted().toList(),
                        leases.stream().map(FlannelLease::publicIp).sorted().toList());
                for (FlannelLease l : leases) {
                    assertEquals(Optional.of("vxlan"), l.backendType());
                    assertTrue(l.expiration().orElseThrow().isAfter(Instant.now().plus(Duration.ofHours(23))));
                    assertTrue(l.backendData().orElseThrow().contains("VtepMAC"));
                }
                assertEquals(3, leases.stream().map(FlannelLease::subnet).distinct().count());
            } finally {
                running.forEach(FlannelLab.Instance::stop);
            }
        }
    }

    @Test
    void dockerOptionsEqualMkDockerOptsUnderSh(@TempDir Path dir) throws Exception {
        Path script = PeerBuild.binary("flannel", "mk-docker-opts.sh");
        String[] envs = {"FLANNEL_NETWORK=10.244.0.0/15\nFLANNEL_SUBNET=10.244.94.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
            "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.74.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=true\n"};
        String[][] flags = {{}, {"-i"}, {"-c"}, {"-m"}, {"-c", "-k", "OPTS"}};
        for (String env : envs) {
            for (String[] f : flags) {
                Path envFile = dir.resolve("subnet.env");
                Path out = dir.resolve("docker_opts.env");
                Files.writeString(envFile, env);
                List<String> command = new java.util.ArrayList<>(List.of("sh", script.toString(), "-f", envFile.toString(),
                        "-d", out.toString()));
                command.addAll(List.of(f));
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
                List<String> fl = List.of(f);
                DockerOptions options = new DockerOptions(fl.contains("-i"), fl.contains("-c"), !fl.contains("-m"),
                        fl.contains("-k") ? "OPTS" : "DOCKER_OPTS", "");
                assertEquals(Files.readString(out), options.render(env), String.join(" ", f) + " for " + env);
            }
        }
    }

    /** What the SDK says of a config. */
    record Verdict(FlannelNetwork network, String message, boolean sdkRule) {
        static Verdict of(String json) {
            try {
                return new Verdict(FlannelConfig.parse(json).validate(), null, false);
            } catch (FlannelConfigException e) {
                return new Verdict(null, e.getMessage(), e.isSdkRule());
            }
        }
    }

    /** The one lease flanneld took under {@code prefix}, as the SDK reads it. */
    private static FlannelLease onlyLease(EtcdConfig etcd, String prefix) {
        List<FlannelLease> leases;
        try (FlannelEtcd flannel = FlannelEtcd.v2(etcd, prefix)) {
            leases = flannel.leases();
        }
        assertEquals(1, leases.size(), leases.toString());
        return leases.get(0);
    }
}
