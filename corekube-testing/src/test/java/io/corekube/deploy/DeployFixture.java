package io.corekube.deploy;

import io.corekube.CorekubeDeployer;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.spi.DeploymentStore;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SDK's fleet adapters and the Kubernetes role catalog wired to one fleet endpoint and one store, with
 * every event the engine emits collected in order.
 */
final class DeployFixture implements AutoCloseable {

    final FleetClient fleet;
    final FleetMachineRegistry registry;
    final FleetUnitScheduler scheduler;
    final DeploymentStore store;
    final KubernetesRoles roles;
    final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();

    DeployFixture(URI fleetEndpoint, DeploymentStore store) {
        this(fleetEndpoint, store, KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build());
    }

    DeployFixture(URI fleetEndpoint, DeploymentStore store, KubernetesRoles roles) {
        this.roles = roles;
        this.fleet = FleetClient.builder().endpoint(fleetEndpoint).build();
        this.registry = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(200));
        this.scheduler = new FleetUnitScheduler(fleet);
        this.store = store;
    }

    /** A deployer over the fixture's ports that collects events, and tells {@code more} of them too; settings as given. */
    CorekubeDeployer deployer(EngineSettings settings, DeploymentListener... more) {
        CorekubeDeployer.Builder b = CorekubeDeployer.builder().registry(registry).scheduler(scheduler).store(store).roles(roles)
                .listener(events::add).listener(new OverlordLogListener()).settings(settings);
        for (DeploymentListener listener : more) {
            b.listener(listener);
        }
        return b.build();
    }

    /** Events of one type, in order. */
    <T extends DeploymentEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Override
    public void close() {
        registry.close();
        store.close();
        fleet.close();
    }
}
