package io.corekube.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.CorekubeDeployer;
import io.corekube.RetryPolicy;
import io.corekube.cluster.Machine;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.DeploymentFailedException;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.EngineSettings;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.spi.DeploymentStore;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import io.corekube.testing.fleet.FleetSimulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics of one deployment, collected as a control plane would: a master and three minions on the fleet
 * simulator, the store on a real etcd, one minion's proxy unit crashing every time, so that the deployment has
 * retries, a failure and a failed outcome to count.
 */
@ExtendWith(EtcdServerExtension.class)
class DeploymentMetricsIT {

    private static final Map<String, String> MASTER = Map.of(Machine.ROLE_KEY, ClusterSpec.MASTER);
    private static final Map<String, String> MINION = Map.of(Machine.ROLE_KEY, ClusterSpec.MINION);

    @Test
    void aDeploymentIsCountedByNameTagAndNumber(EtcdServer etcd) {
        MeterRegistry registry = new SimpleMeterRegistry();
        ClientMetrics requests = new ClientMetrics(registry);
        EngineSettings settings = EngineSettings.builder().minObserveInterval(Duration.ofMillis(50))
                .maxObserveInterval(Duration.ofMillis(200)).failureSettle(Duration.ofMillis(300))
                .retry(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(50)).maxDelay(Duration.ofMillis(200)).build())
                .build();
        long fleetRequests;
        int unitsDone;
        try (FleetSimulator fleetd = FleetSimulator.builder().machines(1, MASTER).machines(3, MINION)
                .failUnits("minion-proxy@*03.service").stateLinger(Duration.ofMillis(100)).build();
             FleetClient fleet = FleetClient.builder().endpoint(fleetd.endpoint()).listener(requests).build();
             FleetMachineRegistry machines = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(200))) {
            DeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.builder().from(EtcdConfig.of(etcd.clientUrl()))
                    .exchangeListener(requests).build()).prefix("/metrics-it/" + UUID.randomUUID()).build();
            try {
                CorekubeDeployer deployer = CorekubeDeployer.builder().registry(machines).scheduler(new FleetUnitScheduler(fleet))
                        .store(store).roles(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build()).settings(settings)
                        .listener(new DeploymentMetrics(registry)).build();
                DeploymentFailedException failed;
                try (DeploymentHandle handle = deployer.deploy(ClusterSpec.of("metrics", 3))) {
                    failed = assertThrows(DeploymentFailedException.class, () -> handle.await(Duration.ofSeconds(60)));
                }
                unitsDone = failed.status().unitsDone();
            } finally {
                store.close();
            }
            machines.close();
            fleetRequests = fleetd.requestTotal();
        }

        Timer deploy = registry.get(DeploymentMetrics.DEPLOY_DURATION).tag("outcome", "failed").timer();
        assertEquals(1, deploy.count());
        assertTrue(deploy.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) > 0);
        assertEquals(1, count(registry, DeploymentMetrics.MACHINES, "role", "master", "outcome", "deployed"));
        assertEquals(2, count(registry, DeploymentMetrics.MACHINES, "role", "minion", "outcome", "deployed"));
        assertEquals(1, count(registry, DeploymentMetrics.MACHINES, "role", "minion", "outcome", "failed"));
        assertEquals(2, count(registry, DeploymentMetrics.UNIT_RETRIES, "unit", "minion-proxy", "role", "minion"));
        assertEquals(1, count(registry, DeploymentMetrics.UNIT_FAILURES, "unit", "minion-proxy", "role", "minion"));
        assertEquals(1, count(registry, DeploymentMetrics.LEADERSHIP, "change", "acquired"));

        assertEquals(2, registry.get(DeploymentMetrics.UNIT_DURATION).tag("unit", "minion-proxy").timer().count(),
                "the two healthy minions' proxies");
        long timedUnits = registry.get(DeploymentMetrics.UNIT_DURATION).timers().stream().mapToLong(Timer::count).sum();
        assertEquals(unitsDone, timedUnits, "one duration per unit done");
        Set<String> unitTags = tagValues(registry, DeploymentMetrics.UNIT_DURATION, "unit");
        assertTrue(unitTags.stream().noneMatch(u -> u.contains("@") || u.endsWith(".service")), unitTags.toString());
        assertEquals(unitTags.size(), registry.get(DeploymentMetrics.UNIT_DURATION).timers().stream()
                .map(t -> t.getId().getTag("unit") + "/" + t.getId().getTag("role")).distinct().count(),
                "one timer per unit and role, none per machine");
        long submitted = registry.get(DeploymentMetrics.UNIT_SUBMISSIONS).counters().stream()
                .mapToLong(c -> (long) c.count()).sum();
        assertEquals(unitsDone + 3, submitted, "every unit once, the crashing proxy three times");

        long fleetCounted = registry.get(ClientMetrics.REQUESTS).tag("client", "fleet").timers().stream()
                .mapToLong(Timer::count).sum();
        assertEquals(fleetRequests, fleetCounted, "every request the simulator served, counted once");
        Set<String> fleetRoutes = tagValues(registry, ClientMetrics.REQUESTS, "route", "client", "fleet");
        assertTrue(fleetRoutes.contains("/fleet/v1/units/*") && fleetRoutes.contains("/fleet/v1/state"), fleetRoutes.toString());
        assertTrue(fleetRoutes.size() <= 6, "routes name no unit: " + fleetRoutes);
        Set<String> etcdRoutes = tagValues(registry, ClientMetrics.REQUESTS, "route", "client", "etcd");
        assertTrue(etcdRoutes.contains("etcdserverpb.KV/Txn"), "the store's writes: " + etcdRoutes);
        assertTrue(registry.get(ClientMetrics.REQUESTS).tag("client", "etcd").tag("route", "etcdserverpb.KV/Txn")
                .tag("outcome", "OK").timer().count() >= 4, "at least one record write per machine");
        System.out.printf("metrics: %d meters; %d fleet requests; etcd routes %s; %d units timed%n",
                registry.getMeters().size(), fleetCounted, etcdRoutes, timedUnits);
    }

    private static long count(MeterRegistry registry, String name, String... tags) {
        return (long) registry.get(name).tags(tags).counter().count();
    }

    private static Set<String> tagValues(MeterRegistry registry, String name, String key, String... filter) {
        Set<String> values = new TreeSet<>();
        for (Meter meter : registry.get(name).tags(filter).meters()) {
            values.add(meter.getId().getTag(key));
        }
        return values;
    }
}
