package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.openstack.MachinePlayer;
import io.corekube.testing.openstack.OpenStackServer;
import io.corekube.testing.openstack.OpenStackServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code OpenStackDeploy} main, as a user runs it (its own JVM, the usual {@code OS_*} variables), on the real
 * OpenStack test cloud: it creates the stack (the {@code MachinePlayer} boots the servers), then deploys the roles
 * through the overlord's etcd and fleet, then tears everything down, leaving nothing behind.
 */
@ExtendWith(OpenStackServerExtension.class)
class OpenStackDeployIT {

    @Test
    void theMainCreatesDeploysAndTearsDownOnARealOpenStack(OpenStackServer cloud, @TempDir Path dir) throws Exception {
        cloud.keypair("corekube-key");
        Map<String, Integer> before = cloud.resourceCounts();
        List<String> stack = List.of("--image", "tiny", "--key", "corekube-key", "--network", "public", "--flavor", "m1.tiny",
                "--minions", "2", "--name", "corekube-main", "--allow-unverified", "fleet,flanneld,flannel-cni");
        String overlord = "http://" + MachinePlayer.address("overlord");
        List<String> cluster = List.of("--etcd", overlord + ":2379", "--fleet", overlord + ":10001");
        ScheduledExecutorService booting = Executors.newSingleThreadScheduledExecutor();
        try (MachinePlayer player = new MachinePlayer(cloud, dir.resolve("machines"), MachinePlayer.NOT_PLAYED)) {
            booting.scheduleWithFixedDelay(player::bootNew, 0, 500, TimeUnit.MILLISECONDS);
            String created = run(cloud, dir, stack, player);
            assertTrue(created.contains("stack corekube-main (") && created.contains("CREATE_COMPLETE"), created);
            assertTrue(created.contains("wrote the admin kubeconfig"), created);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("corekube-main-admin.kubeconfig"))));

            List<String> deploy = new ArrayList<>(stack);
            deploy.addAll(cluster);
            String deployed = run(cloud, dir, deploy, player);
            assertTrue(deployed.contains("Deployment complete: 3 machines deployed, 0 failed"), deployed);
            assertEquals(List.of(), player.failures());

            deploy.add("--teardown");
            String torn = run(cloud, dir, deploy, player);
            assertTrue(torn.contains("stackDeleted=true"), torn);
            assertEquals(before, cloud.resourceCounts(), "nothing left behind");
        } finally {
            booting.shutdownNow();
        }
    }

    /**
     * Runs {@code OpenStackDeploy} in its own JVM with the cloud's {@code OS_*} variables, for at most 15 minutes;
     * its output, exit code 0 required (a failure also shows what the player could not play).
     */
    private static String run(OpenStackServer cloud, Path dir, List<String> args, MachinePlayer player) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OpenStackDeploy.class.getName()));
        command.addAll(args);
        Path output = Files.createTempFile(dir, "openstack-deploy-", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("OS_AUTH_URL", cloud.keystoneUrl().toString());
        pb.environment().put("OS_USERNAME", OpenStackServer.PROJECT);
        pb.environment().put("OS_PASSWORD", cloud.userPassword().reveal());
        pb.environment().put("OS_PROJECT_NAME", OpenStackServer.PROJECT);
        pb.environment().put("OS_REGION_NAME", "RegionOne");
        Process p = pb.start();
        boolean ended = p.waitFor(15, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertTrue(ended, "OpenStackDeploy did not end in 15 minutes; the player's failures: " + player.failures() + "\n" + out);
        assertEquals(0, p.exitValue(), "the player's failures: " + player.failures() + "\n" + out);
        return out;
    }
}
