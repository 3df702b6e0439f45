package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.RoleCatalog;
import io.corekube.deploy.Versioned;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Overlord processes are SIGKILLed at random points of a 200-machine deployment on the fleet simulator, recording
 * in a real etcd (each once another 10 to 34 machines are deployed, plus up to 400 ms, so that every process acts
 * and none finishes); a new process continues each time and the last one finishes. Every unit's content is written
 * to fleet once, every machine is deployed, none is missed.
 */
class OverlordCrashIT {

    private static final int MINIONS = 199;
    private static final int KILLS = 4;

    @Test
    void newProcessesFinishADeploymentWhoseOverlordsWereKilledAtRandomPoints() throws Exception {
        Path log = Files.createTempFile("overlord-crash-", ".log");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (EtcdServer etcd = EtcdServer.builder().name("crash-store").build().start();
             FleetSimulator fleet = FleetSimulator.builder()
                     .machines(1, Map.of(Machine.ROLE_KEY, "master")).machines(MINIONS, Map.of(Machine.ROLE_KEY, "minion"))
                     .startDelay("*download*", Duration.ofMillis(600)).startDelay(Duration.ofMillis(200)).build();
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl()))
                     .prefix("/corekube").build()) {
            String[] args = {"--etcd", etcd.clientUrl(), "--fleet", fleet.endpoint().toString(), "--lease-ttl", "2",
                    "--poll-ms", "200", "--max-concurrent", "8", "--minions", Integer.toString(MINIONS)};
            int[] deployedAtKill = new int[KILLS];
            for (int k = 0; k < KILLS; k++) {
                int before = k == 0 ? 0 : deployedAtKill[k - 1];
                int target = before + 10 + random.nextInt(25);
                try (OverlordProcess overlord = OverlordProcess.start(log, args)) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (deployed(store) < target && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    Thread.sleep(random.nextInt(400));
                    assertTrue(overlord.isAlive(), "killed while still deploying (seed " + seed + ")");
                    overlord.kill();
                }
                deployedAtKill[k] = deployed(store);
            }
            int exit;
            try (OverlordProcess last = OverlordProcess.start(log, args)) {
                exit = last.awaitExit(240);
            }
            String output = Files.readString(log);
            assertEquals(0, exit, "last overlord's exit; seed " + seed + "\n" + tail(output));
            assertTrue(deployedAtKill[0] < MINIONS + 1, "first kill came before the end");
            for (int k = 1; k < KILLS; k++) {
                assertTrue(deployedAtKill[k] > deployedAtKill[k - 1], "every killed overlord made progress: "
                        + java.util.Arrays.toString(deployedAtKill));
            }
            assertTrue(deployedAtKill[KILLS - 1] > 0, "some machines deployed before the last kill: "
                    + java.util.Arrays.toString(deployedAtKill));

            List<Versioned<DeploymentRecord>> records = store.snapshot().records();
            assertEquals(MINIONS + 1, records.size());
            records.forEach(r -> assertEquals(DeploymentPhase.DEPLOYED, r.value().phase(), r.value().machineId()));

            Set<String> wanted = new HashSet<>();
            RoleCatalog roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build();
            Optional<Machine> master = fleet.machines().stream().filter(m -> m.role().orElse("").equals("master")).findFirst();
            for (Machine m : fleet.machines()) {
                roles.render(m.role().orElseThrow(), m, master)
                        .forEach(stage -> stage.units().forEach(u -> wanted.add(u.submission().name())));
            }
            Map<String, List<String>> writes = fleet.contentWrites();
            assertEquals(wanted, writes.keySet(), "every unit of every machine written");
            writes.forEach((unit, hashes) -> assertEquals(1, hashes.size(), unit + " content written " + hashes.size()
                    + " times (seed " + seed + ")"));
            System.out.printf("crash test (seed %d): deployed machines at each kill %s; %d units each written once%n",
                    seed, java.util.Arrays.toString(deployedAtKill), writes.size());
        }
    }

    private static int deployed(EtcdDeploymentStore store) {
        return (int) store.snapshot().records().stream()
                .filter(r -> r.value().phase() == DeploymentPhase.DEPLOYED).count();
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
