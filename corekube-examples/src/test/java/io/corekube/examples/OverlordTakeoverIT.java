package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two Overlord processes against one etcd and one fleet: only the leader acts; SIGKILL it mid-deployment and the
 * other takes over and finishes, writing no unit's content twice.
 */
class OverlordTakeoverIT {

    @Test
    void onlyTheLeaderActsAndTheOtherFinishesAfterItIsKilled() throws Exception {
        Path logA = Files.createTempFile("overlord-a-", ".log");
        Path logB = Files.createTempFile("overlord-b-", ".log");
        try (EtcdServer etcd = EtcdServer.builder().name("takeover-store").build().start();
             FleetSimulator fleet = FleetSimulator.builder()
                     .machines(1, Map.of(Machine.ROLE_KEY, "master")).machines(39, Map.of(Machine.ROLE_KEY, "minion"))
                     .startDelay("*download*", Duration.ofMillis(1500)).startDelay(Duration.ofMillis(500)).build()) {
            String[] common = {"--etcd", etcd.clientUrl(), "--fleet", fleet.endpoint().toString(), "--lease-ttl", "2",
                    "--poll-ms", "200", "--max-concurrent", "8", "--minions", "39"};
            try (OverlordProcess a = OverlordProcess.start(logA, with(common, "engine-a"));
                 OverlordProcess b = OverlordProcess.start(logB, with(common, "engine-b"))) {
                String leaderLog = awaitLeader(logA, logB);
                Thread.sleep(2000);
                boolean aLeads = leaderLog.equals(logA.toString());
                Path followerLog = aLeads ? logB : logA;
                assertTrue(Files.readString(aLeads ? logA : logB).contains("Starting unit file:"), "the leader acts");
                assertTrue(!Files.readString(followerLog).contains("Starting unit file:")
                        && !Files.readString(followerLog).contains("Leading the deployment"), "the follower does not");
                (aLeads ? a : b).kill();
                OverlordProcess follower = aLeads ? b : a;
                int exit = follower.awaitExit(180);
                String followerOutput = Files.readString(followerLog);
                assertEquals(0, exit, followerOutput.length() > 3000
                        ? followerOutput.substring(followerOutput.length() - 3000) : followerOutput);
                assertTrue(followerOutput.contains("Leading the deployment as engine-" + (aLeads ? "b" : "a")));
                assertTrue(followerOutput.contains("Deployment complete: 40 machines deployed, 0 failed"), followerOutput);
            }
            fleet.contentWrites().forEach((unit, hashes) -> assertEquals(1, hashes.size(), unit + " written once"));
            assertEquals(39 * 3 + 6, fleet.contentWrites().size(), "three units a minion, six on the master");
        }
    }

    private static String[] with(String[] common, String candidate) {
        String[] args = java.util.Arrays.copyOf(common, common.length + 2);
        args[common.length] = "--candidate";
        args[common.length + 1] = candidate;
        return args;
    }

    private static String awaitLeader(Path... logs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Path log : logs) {
                if (Files.readString(log).contains("Leading the deployment as")) {
                    return log.toString();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no overlord became leader in 60 s: " + List.of(logs));
    }
}
