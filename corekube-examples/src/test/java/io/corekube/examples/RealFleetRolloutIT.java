package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.deploy.DeploymentPhase;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.testing.fleet.RealFleetCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades of 1 master and 19 minions on the real fleet v1.0.0, driven by {@code Overlord} processes as an
 * operator would: a new download mirror (so every machine's download unit changes) rolled out with
 * {@code --max-unavailable 1}, the process SIGKILLed mid-rollout and started again; another rolled out with 25 %;
 * then a rollback to the first catalog. A watcher reads the store every 50 ms: the machines not done never exceed
 * the bound; fleet's content of a download unit shows each step. Prints the wall time of each rollout.
 */
class RealFleetRolloutIT {

    private static final int MINIONS = 19;

    @Test
    void rolloutsKeepTheBoundSurviveAKillAndRollBack() throws Exception {
        try (RealFleetCluster fleet = RealFleetCluster.start(RealFleetCluster.Spec.of(1 + MINIONS)
                     .withMetadata(1, "kubernetes_role=master").withFakes("*=300ms", ""));
             FleetClient direct = FleetClient.builder().endpoint(fleet.endpoint()).build();
             EtcdDeploymentStore records = EtcdDeploymentStore.builder(EtcdConfig.of(fleet.etcd().clientUrl()))
                     .prefix("/rollout").build()) {
            String download = "minion-download-kubernetes@" + RealFleetCluster.machineId(7) + ".service";
            run(fleet, "deploy");
            String original = direct.unit(download).orElseThrow().unitFile().hash();

            AtomicInteger most = new AtomicInteger();
            long started = System.nanoTime();
            try (Watcher w = new Watcher(records, most)) {
                Path log = Files.createTempFile("rollout-killed-", ".log");
                try (OverlordProcess p = OverlordProcess.start(log, args(fleet, "https://mirror-a.example.org/k8s", "1"))) {
                    awaitLines(log, "Machine replaced and settled", 5);
                    p.kill(); // SIGKILL mid-rollout: the next process continues from the records
                }
                run(fleet, "continue", args(fleet, "https://mirror-a.example.org/k8s", "1"));
            }
            double oneAtATime = (System.nanoTime() - started) / 1e9;
            int mostOne = most.get();
            assertTrue(mostOne <= 1, "machines not done at once with --max-unavailable 1: " + mostOne);
            String mirrorA = direct.unit(download).orElseThrow().unitFile().hash();
            assertNotEquals(original, mirrorA);

            most.set(0);
            started = System.nanoTime();
            try (Watcher w = new Watcher(records, most)) {
                run(fleet, "quarter", args(fleet, "https://mirror-b.example.org/k8s", "25%"));
            }
            double quarter = (System.nanoTime() - started) / 1e9;
            int mostQuarter = most.get();
            assertTrue(mostQuarter <= 5, "machines not done at once with 25 % of 20: " + mostQuarter);
            assertNotEquals(mirrorA, direct.unit(download).orElseThrow().unitFile().hash());

            started = System.nanoTime();
            run(fleet, "rollback", args(fleet, null, "25%"));
            double rollback = (System.nanoTime() - started) / 1e9;
            assertEquals(original, direct.unit(download).orElseThrow().unitFile().hash(), "rolled back to the first content");
            assertEquals(1 + MINIONS, records.snapshot().records().stream()
                    .filter(r -> r.value().phase() == DeploymentPhase.DEPLOYED).count());
            System.out.printf("real fleet rollouts of 20 machines: max-unavailable 1 with a kill %.1f s (at most %d not done), "
                    + "25 %% %.1f s (at most %d not done), rollback 25 %% %.1f s%n", oneAtATime, mostOne, quarter, mostQuarter, rollback);
        }
    }

    private static String[] args(RealFleetCluster fleet, String mirror, String bound) {
        List<String> a = new ArrayList<>(List.of("--etcd", fleet.etcd().clientUrl(), "--fleet", fleet.endpoint().toString(),
                "--prefix", "/rollout", "--minions", Integer.toString(MINIONS), "--poll-ms", "200",
                "--max-unavailable", bound, "--settle-ms", "300"));
        if (mirror != null) {
            a.addAll(List.of("--binaries-url", mirror));
        }
        return a.toArray(String[]::new);
    }

    private static void run(RealFleetCluster fleet, String what) throws Exception {
        run(fleet, what, new String[] {"--etcd", fleet.etcd().clientUrl(), "--fleet", fleet.endpoint().toString(),
            "--prefix", "/rollout", "--minions", Integer.toString(MINIONS), "--poll-ms", "200"});
    }

    /** Runs an Overlord to its end (at most 5 minutes); it must exit 0. */
    private static void run(RealFleetCluster fleet, String what, String[] args) throws Exception {
        Path log = Files.createTempFile("rollout-" + what + "-", ".log");
        try (OverlordProcess p = OverlordProcess.start(log, args)) {
            int exit = p.awaitExit(300);
            String out = Files.readString(log);
            assertEquals(0, exit, what + ": " + (out.length() > 3000 ? out.substring(out.length() - 3000) : out));
        }
    }

    private static void awaitLines(Path log, String text, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (Files.readString(log).lines().filter(l -> l.contains(text)).count() < count) {
            assertTrue(System.nanoTime() < deadline, "no " + count + " lines '" + text + "' in " + log);
            Thread.sleep(50);
        }
    }

    /** Reads the store every 50 ms and keeps the most machines seen not done at once. */
    private static final class Watcher implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Watcher(EtcdDeploymentStore records, AtomicInteger most) {
            thread = new Thread(() -> {
                while (running.get()) {
                    long notDone = records.snapshot().records().stream()
                            .filter(r -> r.value().phase() != DeploymentPhase.DEPLOYED).count();
                    most.accumulateAndGet((int) notDone, Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
