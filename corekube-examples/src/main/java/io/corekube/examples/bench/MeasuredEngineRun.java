package io.corekube.examples.bench;

import io.corekube.CorekubeDeployer;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.DeploymentPhase;
import io.corekube.deploy.EngineSettings;
import io.corekube.deploy.RoleCatalog;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** One deployment by {@link CorekubeDeployer} over the SDK's fleet adapters and a real etcd store, measured. */
public final class MeasuredEngineRun {

    private MeasuredEngineRun() {
    }

    /** Deploys one master and {@code machines - 1} minions; counts fleet requests and response bytes. */
    public static RunFigures run(URI fleetEndpoint, String etcdUrl, String prefix, int machines, RoleCatalog roles,
                                 Duration timeout) {
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try (FleetClient fleet = FleetClient.builder().endpoint(fleetEndpoint).listener(e -> {
                    requests.incrementAndGet();
                    bytes.addAndGet(e.responseBytes());
                }).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofSeconds(1));
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(etcdUrl)).prefix(prefix).build()) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(registry).scheduler(new FleetUnitScheduler(fleet))
                    .store(store).roles(roles).settings(EngineSettings.builder().maxConcurrentMachines(machines)
                            .workerThreads(16).build()).build();
            try (DeploymentHandle handle = deployer.deploy(ClusterSpec.builder().name("bench").minionCount(machines - 1)
                    .timeout(timeout).build())) {
                ClusterStatus status = handle.await(timeout.plusSeconds(10));
                return new RunFigures(Duration.ofNanos(System.nanoTime() - start), requests.get(), bytes.get(),
                        (int) status.count(DeploymentPhase.DEPLOYED), Optional.empty());
            }
        }
    }
}
