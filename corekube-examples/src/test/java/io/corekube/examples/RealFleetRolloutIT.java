package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.EngineSettings;
import io.corekube.deploy.RolloutAbortedException;
import io.corekube.deploy.RolloutPolicy;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.templates.kubernetes.KubernetesRoles;
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
 * then a rollback to the first catalog; then, in process, a rollout paused, resumed and aborted. A watcher reads the store every 50 ms: the machines not done never exceed
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
            pauseResumeAbort(fleet, records);
            System.out.printf("real fleet rollouts of 20 machines: max-unavailable 1 with a kill %.1f s (at most %d not done), "
                    + "25 %% %.1f s (at most %d not done), rollback 25 %% %.1f s%n", oneAtATime, mostOne, quarter, mostQuarter, rollback);
        }
    }

    /**
     * In process, as an embedding control plane would: a rollout paused after 4 machines starts no other while
     * paused, goes on when resumed, and, aborted, ends with {@link RolloutAbortedException} once those under way
     * have settled, the rest not replaced.
     */
    private static void pauseResumeAbort(RealFleetCluster fleet, EtcdDeploymentStore records) throws Exception {
        List<DeploymentEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        KubernetesRoles roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .binariesUrl("https://mirror-c.example.org/k8s").build();
        try (FleetClient client = FleetClient.builder().endpoint(fleet.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(client, java.time.Duration.ofMillis(200));
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(fleet.etcd().clientUrl())).prefix("/rollout")
                     .leaseTtl(java.time.Duration.ofSeconds(5)).build()) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(registry).scheduler(new FleetUnitScheduler(client))
                    .store(store).roles(roles).listener(events::add).settings(EngineSettings.builder()
                            .rollout(RolloutPolicy.maxUnavailable(2, java.time.Duration.ofMillis(300))).build()).build();
            try (DeploymentHandle handle = deployer.deploy(ClusterSpec.of("overlord", MINIONS))) {
                awaitCount(events, DeploymentEvent.MachineUpgraded.class, 4);
                handle.pauseRollout();
                long startedAtPause = count(events, DeploymentEvent.MachineUpgradeStarted.class);
                Thread.sleep(3000);
                assertEquals(startedAtPause, count(events, DeploymentEvent.MachineUpgradeStarted.class), "none starts while paused");
                assertTrue(!handle.completion().isDone(), "a paused rollout does not complete");
                handle.resumeRollout();
                awaitCount(events, DeploymentEvent.MachineUpgraded.class, 8);
                handle.abortRollout();
                RolloutAbortedException aborted = org.junit.jupiter.api.Assertions.assertThrows(RolloutAbortedException.class,
                        () -> handle.await(java.time.Duration.ofMinutes(2)));
                long started = count(events, DeploymentEvent.MachineUpgradeStarted.class);
                assertEquals(started, count(events, DeploymentEvent.MachineUpgraded.class), "those under way settled");
                assertTrue(started < 1 + MINIONS, "the abort left machines unreplaced: " + aborted.getMessage());
                System.out.println("real fleet: paused after 4, resumed, aborted after " + started + ": " + aborted.getMessage());
            }
        }
    }

    private static long count(List<DeploymentEvent> events, Class<? extends DeploymentEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    private static void awaitCount(List<DeploymentEvent> events, Class<? extends DeploymentEvent> type, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count(events, type) < n) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + n + " " + type.getSimpleName());
            Thread.sleep(50);
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
