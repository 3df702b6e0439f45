package io.corekube;

import io.corekube.cluster.ProvisioningRequest;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentEngine;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.DeploymentListener;
import io.corekube.deploy.DeploymentPlan;
import io.corekube.deploy.EngineSettings;
import io.corekube.deploy.RoleCatalog;
import io.corekube.spi.ClusterProvisioner;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.ClusterAccess;
import io.corekube.spi.DiscoveryTokens;
import io.corekube.spi.MachineRegistry;
import io.corekube.spi.NetworkConfigStore;
import io.corekube.spi.UnitScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bootstraps a Kubernetes cluster from Java: provisions the machines (when a {@link ClusterProvisioner} is set),
 * publishes the flannel network config, waits for the machines and deploys the master and minion roles onto
 * them with the {@link DeploymentEngine}. Composes the ports; holds no resources of its own, so closing the
 * ports stays with the caller.
 *
 * <pre>{@code
 * CorekubeDeployer deployer = CorekubeDeployer.builder()
 *         .registry(FleetMachineRegistry.fromApi(fleet, Duration.ofSeconds(1)))
 *         .scheduler(new FleetUnitScheduler(fleet))
 *         .store(EtcdDeploymentStore.builder(etcd).build())
 *         .roles(KubernetesRoles.builder(Profile.CURRENT).build())
 *         .network(FlannelEtcd.v2(etcd).asNetworkConfigStore())
 *         .listener(new OverlordLogListener())
 *         .build();
 * ClusterSpec spec = ClusterSpec.builder().name("demo").minionCount(3)
 *         .networkConfig(FlannelConfig.corekubeDefault().toJson()).build();
 * System.out.print(deployer.plan(spec).toText());
 * try (DeploymentHandle handle = deployer.deploy(spec)) {
 *     handle.await(Duration.ofMinutes(30));
 * }
 * }</pre>
 */
public final class CorekubeDeployer {

    private final DeploymentEngine engine;
    private final Optional<ClusterProvisioner> provisioner;
    private final Optional<NetworkConfigStore> network;
    private final Optional<DiscoveryTokens> discovery;
    private final Duration provisioningTimeout;
    private final Optional<ClusterAccess> access;

    private CorekubeDeployer(Builder b) {
        this.access = Optional.ofNullable(b.access);
        this.engine = b.engine.build();
        this.provisioner = Optional.ofNullable(b.provisioner);
        this.network = Optional.ofNullable(b.network);
        this.discovery = Optional.ofNullable(b.discovery);
        this.provisioningTimeout = b.provisioningTimeout;
    }

    /**
     * The admin kubeconfig for the master of a deployment's result ({@code handle.await(...)} or {@link #status()}),
     * when the deployer was given the cluster's {@link ClusterAccess} and the status has a master with an address.
     */
    public Optional<Secret> adminKubeconfig(ClusterStatus status) {
        return access.flatMap(a -> status.machines().stream()
                .filter(m -> m.role().filter(ClusterSpec.MASTER::equals).isPresent()).findFirst()
                .flatMap(ClusterStatus.MachineStatus::ip).map(a::adminKubeconfig));
    }

    /** A builder; registry, scheduler, store and roles are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a deploy and returns at once: provisions or scales the stack when a provisioner is set, publishes
     * the spec's network config, then deploys every role until the spec's machines are deployed or failed, or
     * the spec's timeout passes. Refuses, before acting, a spec with a network config but no network store, and a
     * network config the store would refuse (with the store's exception).
     */
    public DeploymentHandle deploy(ClusterSpec spec) {
        checkPorts(spec);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<DeploymentHandle> started = CompletableFuture.supplyAsync(() -> {
            provision(spec);
            stopIfClosed(closed);
            spec.networkConfig().ifPresent(json -> network.orElseThrow().publish(json));
            stopIfClosed(closed);
            return engine.deploy(spec.expectedRoles(), spec.timeout());
        });
        return new StagedHandle(started, engine::status, closed);
    }

    /** A deploy closed while it prepared never starts its engine (closing after the start stops it at once). */
    private static void stopIfClosed(java.util.concurrent.atomic.AtomicBoolean closed) {
        if (closed.get()) {
            throw new java.util.concurrent.CancellationException("the deploy was closed before its engine started");
        }
    }

    /**
     * What {@link #deploy} would do now, without acting: the stack and network config it would create, and every
     * unit it would submit, replace, retry or destroy, on which machine and why.
     */
    public DeploymentPlan plan(ClusterSpec spec) {
        checkPorts(spec);
        List<String> before = new ArrayList<>();
        provisioner.ifPresent(p -> {
            var existing = p.describe(spec.name());
            if (existing.isEmpty()) {
                before.add("stack " + spec.name() + ": would be created with " + spec.minionCount() + " minions");
            } else if (existing.get().minionIps().size() != spec.minionCount()) {
                before.add("stack " + spec.name() + ": would be scaled to " + spec.minionCount() + " minions");
            }
        });
        spec.networkConfig().ifPresent(json -> {
            if (network.orElseThrow().read().isEmpty()) {
                before.add("network config: would be published");
            }
        });
        DeploymentPlan units = engine.plan(spec.expectedRoles());
        return new DeploymentPlan(before, units.actions(), units.waiting(), units.upToDate());
    }

    /**
     * Starts the long-lived Overlord mode: deploys every machine that joins, destroys the units of machines that
     * leave, and takes over when another engine's leadership ends; until the handle is closed.
     */
    public DeploymentHandle run() {
        return engine.run();
    }

    /** The status of every machine the registry or the store knows. */
    public ClusterStatus status() {
        return engine.status();
    }

    /**
     * Removes the cluster: destroys every recorded unit and deletes its record, deletes the network config and
     * the discovery token, and deletes the stack when a provisioner is set. Stop running engines first.
     */
    public Teardown teardown(ClusterSpec spec) {
        DeploymentEngine.Removal removed = engine.removeAll();
        boolean networkDeleted = spec.networkConfig().isPresent() && network.map(NetworkConfigStore::delete).orElse(false);
        boolean tokenDeleted = spec.discoveryToken().flatMap(t -> discovery.map(d -> d.deleteToken(t))).orElse(false);
        boolean stackDeleted = false;
        if (provisioner.isPresent() && provisioner.get().describe(spec.name()).isPresent()) {
            provisioner.get().delete(spec.name(), provisioningTimeout);
            stackDeleted = true;
        }
        return new Teardown(removed.unitsDestroyed(), removed.recordsDeleted(), networkDeleted, tokenDeleted, stackDeleted);
    }

    private void provision(ClusterSpec spec) {
        provisioner.ifPresent(p -> {
            var existing = p.describe(spec.name());
            if (existing.isEmpty()) {
                p.provision(ProvisioningRequest.builder().clusterName(spec.name()).minionCount(spec.minionCount())
                        .putAllParameters(spec.provisioningParameters()).build(), provisioningTimeout);
            } else if (existing.get().minionIps().size() != spec.minionCount()) {
                p.scale(spec.name(), spec.minionCount(), provisioningTimeout);
            }
        });
    }

    private void checkPorts(ClusterSpec spec) {
        if (spec.networkConfig().isPresent() && network.isEmpty()) {
            throw new IllegalArgumentException("spec " + spec.name() + " has a network config but the deployer has no "
                    + "network config store: set one with network(...)");
        }
        spec.networkConfig().ifPresent(json -> network.orElseThrow().validate(json));
        if (spec.discoveryToken().isPresent() && discovery.isEmpty()) {
            throw new IllegalArgumentException("spec " + spec.name() + " names a discovery token but the deployer has "
                    + "no discovery tokens port: set one with discovery(...)");
        }
    }

    /**
     * What a teardown removed.
     *
     * @param unitsDestroyed units destroyed on the scheduler
     * @param recordsDeleted deployment records deleted
     * @param networkConfigDeleted whether the network config was deleted
     * @param discoveryTokenDeleted whether the discovery token was deleted
     * @param stackDeleted whether the stack was deleted
     */
    public record Teardown(int unitsDestroyed, int recordsDeleted, boolean networkConfigDeleted,
                           boolean discoveryTokenDeleted, boolean stackDeleted) {
    }

    /** Builds a {@link CorekubeDeployer}: the engine's ports and settings, and the optional preparatory ports. */
    public static final class Builder {
        private final DeploymentEngine.Builder engine = DeploymentEngine.builder();
        private ClusterProvisioner provisioner;
        private NetworkConfigStore network;
        private DiscoveryTokens discovery;
        private Duration provisioningTimeout = Duration.ofMinutes(30);
        private ClusterAccess access;

        private Builder() {
        }

        /** How the caller reaches the cluster's API (the admin kubeconfig made from its credentials). */
        public Builder access(ClusterAccess access) {
            this.access = access;
            return this;
        }

        /** Where the machines come from (required). */
        public Builder registry(MachineRegistry registry) {
            engine.registry(registry);
            return this;
        }

        /** Where the units run (required). */
        public Builder scheduler(UnitScheduler scheduler) {
            engine.scheduler(scheduler);
            return this;
        }

        /** Where progress is recorded and leadership decided (required). */
        public Builder store(DeploymentStore store) {
            engine.store(store);
            return this;
        }

        /** What each role deploys (required). */
        public Builder roles(RoleCatalog roles) {
            engine.roles(roles);
            return this;
        }

        /** Adds a listener for the engine's events. */
        public Builder listener(DeploymentListener listener) {
            engine.listener(listener);
            return this;
        }

        /** The engine's bounds, retries and intervals. */
        public Builder settings(EngineSettings settings) {
            engine.settings(settings);
            return this;
        }

        /** Who creates the machines; without one, the machines are expected to exist or join by themselves. */
        public Builder provisioner(ClusterProvisioner provisioner) {
            this.provisioner = provisioner;
            return this;
        }

        /** Where the network config is published. */
        public Builder network(NetworkConfigStore network) {
            this.network = network;
            return this;
        }

        /** Where discovery tokens live, for teardown. */
        public Builder discovery(DiscoveryTokens discovery) {
            this.discovery = discovery;
            return this;
        }

        /** How long provisioning, scaling and deleting the stack may take; 30 minutes unless set. */
        public Builder provisioningTimeout(Duration timeout) {
            this.provisioningTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The deployer; throws {@link NullPointerException} naming a missing required port. */
        public CorekubeDeployer build() {
            return new CorekubeDeployer(this);
        }
    }
}
