package io.corekube.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rolling upgrades on the fleet simulator: a changed catalog (another download mirror, so every machine's download
 * unit changes) replaces masters first and alone, then minions with at most the policy's bound out of service,
 * each held out until done and settled; the same operation with the old catalog rolls back.
 */
class RolloutTest {

    private static final Map<String, String> MASTER = Map.of("kubernetes_role", "master");
    private static final Map<String, String> MINION = Map.of("kubernetes_role", "minion");

    @Test
    void aRolloutOfOneAtATimeReplacesTheMasterFirstAndNeverHasMoreThanOneOut() {
        rollout(RolloutPolicy.maxUnavailable(1, Duration.ofMillis(200)), 1);
    }

    @Test
    void aRolloutOfTwentyFivePercentKeepsAtMostFiveOfTwentyOut() {
        rollout(RolloutPolicy.maxUnavailablePercent(25, Duration.ofMillis(200)), 5);
    }

    @Test
    void aRolloutPausesResumesContinuesUnderAnotherEngineAndAborts() throws Exception {
        KubernetesRoles current = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build();
        KubernetesRoles next = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .binariesUrl("https://mirror.example.org/kubernetes/v1.34.7").build();
        RolloutPolicy policy = RolloutPolicy.maxUnavailable(2, Duration.ofMillis(200));
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(19, MINION)
                .startDelay(Duration.ofMillis(100)).build()) {
            InMemoryDeploymentStore store = new InMemoryDeploymentStore();
            try (DeployFixture first = new DeployFixture(sim.endpoint(), store, current);
                 DeploymentHandle handle = first.deployer(EngineBehaviourTest.quick().build()).deploy(ClusterSpec.of("roll", 19))) {
                handle.await(Duration.ofSeconds(60));
            }
            DeployFixture a = new DeployFixture(sim.endpoint(), store, next);
            try (a; DeploymentHandle rolling = a.deployer(EngineBehaviourTest.quick().rollout(policy).build())
                    .deploy(ClusterSpec.of("roll", 19))) {
                EngineBehaviourTest.awaitTrue(() -> a.events(DeploymentEvent.MachineUpgraded.class).size() >= 3, "three replaced");
                rolling.pauseRollout();
                int startedAtPause = a.events(DeploymentEvent.MachineUpgradeStarted.class).size();
                Thread.sleep(1500);
                assertEquals(startedAtPause, a.events(DeploymentEvent.MachineUpgradeStarted.class).size(), "none starts while paused");
                assertTrue(!rolling.completion().isDone(), "a paused rollout does not complete");
                rolling.resumeRollout();
                EngineBehaviourTest.awaitTrue(() -> a.events(DeploymentEvent.MachineUpgraded.class).size() >= 8, "eight replaced");
            } // the engine stops mid-rollout; its progress is in the store's records
            int replacedByA = a.events(DeploymentEvent.MachineUpgraded.class).size();

            Outage b = roll(sim, store, next, policy);
            assertTrue(b.most.get() <= 2, "out at once under the second engine: " + b.most.get());
            assertTrue(b.fixture.events(DeploymentEvent.MachineUpgradeStarted.class).size() <= 20 - replacedByA + 2,
                    "the second engine replaces only what was left (and what the first left under way)");
            String download = "minion-download-kubernetes@" + String.format("%032x", 20) + ".service";
            assertEquals(2, sim.contentWrites().get(download).size(), "every machine replaced exactly once");

            DeployFixture c = new DeployFixture(sim.endpoint(), store, current);
            try (c; DeploymentHandle back = c.deployer(EngineBehaviourTest.quick().rollout(policy).build())
                    .deploy(ClusterSpec.of("roll", 19))) {
                EngineBehaviourTest.awaitTrue(() -> c.events(DeploymentEvent.MachineUpgradeStarted.class).size() >= 2, "two started");
                back.abortRollout();
                RolloutAbortedException aborted = org.junit.jupiter.api.Assertions.assertThrows(RolloutAbortedException.class,
                        () -> back.await(Duration.ofSeconds(60)));
                assertTrue(aborted.getMessage().startsWith("rollout aborted: "), aborted.getMessage());
                int started = c.events(DeploymentEvent.MachineUpgradeStarted.class).size();
                assertEquals(started, c.events(DeploymentEvent.MachineUpgraded.class).size(), "those under way settled");
                assertTrue(started < 20, "the abort stopped the rollout after " + started);
            }
        }
    }

    private static void rollout(RolloutPolicy policy, int bound) {
        KubernetesRoles current = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build();
        KubernetesRoles next = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .binariesUrl("https://mirror.example.org/kubernetes/v1.34.7").build();
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, MASTER).machines(19, MINION)
                .startDelay(Duration.ofMillis(100)).build()) {
            InMemoryDeploymentStore store = new InMemoryDeploymentStore();
            try (DeployFixture first = new DeployFixture(sim.endpoint(), store, current);
                 DeploymentHandle handle = first.deployer(EngineBehaviourTest.quick().build()).deploy(ClusterSpec.of("roll", 19))) {
                assertEquals(20, handle.await(Duration.ofSeconds(60)).count(DeploymentPhase.DEPLOYED));
            }
            String download = "minion-download-kubernetes@" + String.format("%032x", 2) + ".service";
            String before = sim.contentWrites().get(download).get(0);

            Outage upgrade = roll(sim, store, next, policy);
            System.out.printf("rollout (bound %d) of 20 machines: at most %d out of service at once%n", bound, upgrade.most.get());
            assertTrue(upgrade.most.get() <= bound && upgrade.most.get() >= 1, "out at once: " + upgrade.most.get());
            assertEquals(20, upgrade.fixture.events(DeploymentEvent.MachineUpgraded.class).size(), upgrade.fixture.events.stream()
                    .map(e -> e.getClass().getSimpleName()).toList().toString());
            List<DeploymentEvent> started = upgrade.fixture.events.stream().filter(e -> e instanceof DeploymentEvent.MachineUpgradeStarted
                    || e instanceof DeploymentEvent.MachineUpgraded).toList();
            assertEquals(new DeploymentEvent.MachineUpgradeStarted(machineOf(started.get(0))), started.get(0));
            assertTrue(machineOf(started.get(0)).role().orElseThrow().equals("master"), "the master goes first");
            assertTrue(started.get(1) instanceof DeploymentEvent.MachineUpgraded, "and alone: " + started.subList(0, 3));
            List<String> hashes = sim.contentWrites().get(download);
            assertEquals(2, hashes.size(), "replaced once");
            String after = hashes.get(1);

            Outage rollback = roll(sim, store, current, policy);
            assertTrue(rollback.most.get() <= bound);
            assertEquals(List.of(before, after, before), sim.contentWrites().get(download), "rolled back to the old content");
        }
    }

    /** The most machines out of service at once during a rollout, and the fixture that ran it. */
    private record Outage(AtomicInteger most, DeployFixture fixture) {
    }

    private static Outage roll(FleetSimulator sim, InMemoryDeploymentStore store, KubernetesRoles roles, RolloutPolicy policy) {
        AtomicInteger out = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        DeployFixture f = new DeployFixture(sim.endpoint(), store, roles);
        var deployer = f.deployer(EngineBehaviourTest.quick().rollout(policy).build(), e -> {
            if (e instanceof DeploymentEvent.MachineUpgradeStarted) {
                most.accumulateAndGet(out.incrementAndGet(), Math::max);
            } else if (e instanceof DeploymentEvent.MachineUpgraded) {
                out.decrementAndGet();
            }
        });
        try (f; DeploymentHandle handle = deployer.deploy(ClusterSpec.of("roll", 19))) {
            assertEquals(20, handle.await(Duration.ofSeconds(120)).count(DeploymentPhase.DEPLOYED));
        }
        return new Outage(most, f);
    }

    private static io.corekube.cluster.Machine machineOf(DeploymentEvent e) {
        return e instanceof DeploymentEvent.MachineUpgradeStarted s ? s.machine() : ((DeploymentEvent.MachineUpgraded) e).machine();
    }
}
