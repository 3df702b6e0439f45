package io.corekube.examples;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.EngineSettings;
import io.corekube.deploy.InMemoryDeploymentStore;
import io.corekube.deploy.RolloutPolicy;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.fleet.FleetSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rolling upgrades on the fleet simulator: for each {@code machines:bound} argument (default
 * {@code 20:1,20:25%,1000:25%,1000:10%}) it deploys 1 master and the rest minions (fake start delays of 3 s for
 * downloads, 1 s for the others), then rolls out a new download mirror (every machine's download unit changes)
 * with that bound and a 0.5 s settle. Prints the wall time of each rollout against its floor: the waves the bound
 * allows times one machine's critical path (its download unit, 3 s, plus the settle; the master goes alone).
 * {@code mvn -B -q -pl corekube-examples exec:java -Dexec.mainClass=io.corekube.examples.RolloutBenchmark}.
 */
public final class RolloutBenchmark {

    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration MACHINE_PATH = Duration.ofSeconds(3).plus(SETTLE);

    private RolloutBenchmark() {
    }

    /** Runs each rollout and prints one line for it. */
    public static void main(String[] args) throws Exception {
        String spec = args.length > 0 ? args[0] : "20:1,20:25%,1000:25%,1000:10%";
        System.out.printf("%-9s %-6s %6s %10s %12s %8s %10s%n", "machines", "bound", "waves", "wall s", "floor s", "ratio",
                "most out");
        for (String run : spec.split(",")) {
            String[] parts = run.split(":");
            int machines = Integer.parseInt(parts[0]);
            RolloutPolicy policy = parts[1].endsWith("%")
                    ? RolloutPolicy.maxUnavailablePercent(Integer.parseInt(parts[1].replace("%", "")), SETTLE)
                    : RolloutPolicy.maxUnavailable(Integer.parseInt(parts[1]), SETTLE);
            measure(machines, parts[1], policy);
        }
        System.exit(0);
    }

    private static void measure(int machines, String label, RolloutPolicy policy) {
        KubernetesRoles current = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build();
        KubernetesRoles next = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .binariesUrl("https://mirror.example.org/kubernetes/v1.34.7").build();
        InMemoryDeploymentStore store = new InMemoryDeploymentStore();
        try (FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of(Machine.ROLE_KEY, "master"))
                .machines(machines - 1, Map.of(Machine.ROLE_KEY, "minion"))
                .startDelay("*download*", Duration.ofSeconds(3)).startDelay(Duration.ofSeconds(1)).build();
             FleetClient fleet = FleetClient.builder().endpoint(sim.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(500))) {
            ClusterSpec cluster = ClusterSpec.of("rollout", machines - 1);
            deploy(fleet, registry, store, current, EngineSettings.defaults(), new AtomicInteger(), cluster);
            AtomicInteger most = new AtomicInteger();
            long started = System.nanoTime();
            deploy(fleet, registry, store, next, EngineSettings.builder().rollout(policy).build(), most, cluster);
            double wall = (System.nanoTime() - started) / 1e9;
            int bound = policy.bound(machines);
            int waves = 1 + (int) Math.ceil((machines - 1) / (double) bound);
            double floor = waves * MACHINE_PATH.toMillis() / 1000.0;
            System.out.printf("%-9d %-6s %6d %10.1f %12.1f %8.2f %10d%n", machines, label, waves, wall, floor, wall / floor, most.get());
        }
    }

    private static void deploy(FleetClient fleet, FleetMachineRegistry registry, InMemoryDeploymentStore store,
                               KubernetesRoles roles, EngineSettings settings, AtomicInteger most, ClusterSpec cluster) {
        AtomicInteger out = new AtomicInteger();
        CorekubeDeployer deployer = CorekubeDeployer.builder().registry(registry).scheduler(new FleetUnitScheduler(fleet))
                .store(store).roles(roles).settings(settings).listener(e -> {
                    if (e instanceof DeploymentEvent.MachineUpgradeStarted) {
                        most.accumulateAndGet(out.incrementAndGet(), Math::max);
                    } else if (e instanceof DeploymentEvent.MachineUpgraded) {
                        out.decrementAndGet();
                    }
                }).build();
        try (DeploymentHandle handle = deployer.deploy(cluster)) {
            handle.await(Duration.ofHours(1));
        }
    }
}
