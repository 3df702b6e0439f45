package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.flannel.FlannelConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example mains do what the README says, on embedded defaults. */
class ExampleMainsTest {

    @Test
    void localClusterDemoWritesTheArtifactsDeploysAndEndsWithNothingToDo(@TempDir Path out) throws Exception {
        String printed = capture(() -> LocalClusterDemo.main(new String[] {"--minions", "2", "--out", out.toString()}));
        assertTrue(Files.exists(out.resolve("corekube-heat.yaml")));
        assertEquals(List.of("discovery.yaml", "master.yaml", "minion.yaml", "overlord.yaml"), list(out.resolve("cloud-config")));
        assertEquals(FlannelConfig.corekubeDefault(), FlannelConfig.parse(Files.readString(out.resolve("flannel-config.json"))));
        assertEquals(6 + 2 * 3, list(out.resolve("units")).size());
        assertTrue(printed.contains("Plan: 12 to submit"), printed);
        assertTrue(printed.contains("Downloading without a digest, as allowed: flannel-cni, flanneld, fleet"), printed);
        assertTrue(printed.contains("Deployment complete: 3 machines deployed, 0 failed"), printed);
        assertTrue(printed.contains("Nothing to do."), printed);
        Path kubeconfig = out.resolve("admin.kubeconfig");
        assertTrue(printed.contains("wrote the admin kubeconfig") && printed.contains(kubeconfig.toAbsolutePath().toString()), printed);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)));
        assertTrue(Files.readString(kubeconfig).contains("\"client-key-data\""));
    }

    @Test
    void localClusterDemoRefusesUnknownArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalClusterDemo.main(new String[] {"--cloud"}));
        assertTrue(e.getMessage().contains("--cloud"), e.getMessage());
    }

    @Test
    void flannelConfigToolPrintsValidatesAndRefuses(@TempDir Path dir) throws Exception {
        String json = FlannelConfigTool.run(new String[] {"default"});
        assertEquals(FlannelConfig.corekubeDefault(), FlannelConfig.parse(json));
        Path good = Files.writeString(dir.resolve("good.json"), json);
        assertTrue(FlannelConfigTool.run(new String[] {"validate", good.toString()}).startsWith("valid: network "));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":7}");
        assertThrows(FlannelConfigException.class, () -> FlannelConfigTool.run(new String[] {"validate", bad.toString()}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlannelConfigTool.run(new String[] {"publish", good.toString()}));
        assertTrue(e.getMessage().contains("--etcd is required"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlannelConfigTool.run(new String[] {"frobnicate"}));
    }

    @Test
    void overlordNamesAMissingEndpoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Overlord.main(new String[] {"--etcd", "http://127.0.0.1:1"}));
        assertTrue(e.getMessage().contains("--fleet is required"), e.getMessage());
    }

    private static List<String> list(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String capture(ThrowingRunnable body) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
