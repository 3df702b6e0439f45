package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.testing.etcd.EtcdAuth;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.heat.HeatServer;
import io.corekube.testing.heat.HeatServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret is printed: {@link SecretCanaryScenario} runs deploy, plan, status and teardown, and failures that
 * carry secrets, with a canary in the etcd password (v2 and v3 auth on a real etcd), the flannel ipsec PSK, a
 * hidden Heat parameter (real Heat), the discovery token and URL user information, in its own JVM with every
 * SLF4J logger at trace level. Everything it printed (events, values' {@code toString}, exception messages,
 * log lines) is searched for the canary and the token.
 */
@ExtendWith(HeatServerExtension.class)
class SecretCanaryIT {

    @Test
    void noCanaryReachesALogLineAnEventAToStringOrAnExceptionMessage(HeatServer heat, @TempDir Path dir) throws Exception {
        String canary = "CANARY" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (EtcdServer etcd = EtcdServer.builder().build().start()) {
            EtcdAuth.enableV3(etcd, SecretCanaryScenario.etcdPassword(canary));
            EtcdAuth.enableV2(etcd, SecretCanaryScenario.etcdPassword(canary));
            Path out = dir.resolve("scenario.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace", "-cp", System.getProperty("java.class.path"),
                    SecretCanaryScenario.class.getName(), etcd.clientUrl(), heat.apiUrl().toString(), canary));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(4, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            String all = String.join("\n", lines);
            assertTrue(ended && p.exitValue() == 0 && all.contains("SCENARIO COMPLETE"), "the scenario did not complete:\n" + tail(lines));

            String token = lines.stream().filter(l -> l.startsWith("CANARY-TOKEN ")).findFirst().orElseThrow().substring(13);
            token = token.substring(token.lastIndexOf('/') + 1);
            List<String> leaks = new ArrayList<>();
            for (String line : lines) {
                if (line.contains(canary) || !line.startsWith("CANARY-TOKEN ") && line.contains(token)) {
                    leaks.add(line.length() > 400 ? line.substring(0, 400) + "..." : line);
                }
            }
            assertEquals(List.of(), leaks, "lines that show a secret");

            // the scenario did what it says: every path ran, with logging at trace level
            for (String expected : List.of("event: DeploymentCompleted", "deployed: ", "status: ", "teardown: ",
                    "conflicting network config refused", "short PSK refused", "Heat refuses a hidden parameter refused",
                    "wrong etcd password refused", "userinfo in an etcd endpoint refused", "userinfo in a Heat endpoint refused",
                    "DEBUG", "Starting unit file:")) {
                assertTrue(all.contains(expected), "the scenario's output lacks '" + expected + "':\n" + tail(lines));
            }
            System.out.printf("secret canary: %d lines printed (events, values, errors, logs at trace), none shows the canary or the token%n",
                    lines.size());
        }
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
