package io.corekube.examples;

import io.corekube.CorekubeDeployer;
import io.corekube.cluster.Machine;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.DeploymentPlan;
import io.corekube.deploy.InMemoryDeploymentStore;
import io.corekube.deploy.RoleCatalog;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.pki.ClusterPki;
import io.corekube.pki.Kubeconfigs;
import io.corekube.spi.DeploymentStore;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The main example, with no cloud at hand: a whole Corekube cluster's artifacts and its role deployment, on this
 * machine. Renders the Heat template, the nodes' cloud-configs, the flannel config and every role unit to a
 * directory; starts the fleet simulator with one master and three minions; prints the plan; deploys the
 * Kubernetes roles with {@link CorekubeDeployer}, progress shown; prints the status and the plan again
 * (nothing left to do).
 *
 * <p>Arguments: {@code --etcd} records in a real etcd (started here; Debian's etcd, which {@code bin/setup}
 * installs) and publishes the flannel config there, instead of the in-memory store; {@code --minions N};
 * {@code --out DIR} (default {@code target/local-cluster}).
 */
public final class LocalClusterDemo {


    private LocalClusterDemo() {
    }

    /** Runs the demo. */
    public static void main(String[] args) throws Exception {
        boolean etcd = false;
        int minions = 3;
        Path out = Path.of("target", "local-cluster");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--etcd" -> etcd = true;
                case "--minions" -> minions = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use [--etcd] [--minions N] [--out DIR]");
            }
        }
        long started = System.nanoTime();
        // fleet, flanneld v0.17.0 and flannel's CNI plugin have no published digest: allowed here by name, and the
        // deployer reports them (an UnverifiedDownloads event); every other download is pinned to a published digest
        KubernetesRoles roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).allowUnverified("fleet")
                .allowUnverified("flanneld").allowUnverified("flannel-cni").build();
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        String flannel = FlannelConfig.corekubeDefault().toJson();
        writeClusterArtifacts(out, minions, flannel, roles);
        try (FleetSimulator fleetd = FleetSimulator.builder()
                .machines(1, Map.of(Machine.ROLE_KEY, ClusterSpec.MASTER))
                .machines(minions, Map.of(Machine.ROLE_KEY, ClusterSpec.MINION))
                .startDelay("*download*", Duration.ofMillis(600)).startDelay(Duration.ofMillis(150)).build();
             EtcdServer server = etcd ? EtcdServer.builder().name("local-cluster").build().start() : null;
             FleetClient fleet = FleetClient.builder().endpoint(fleetd.endpoint()).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofMillis(250));
             DeploymentStore store = server == null ? new InMemoryDeploymentStore()
                     : EtcdDeploymentStore.builder(EtcdConfig.of(server.clientUrl())).build();
             FlannelEtcd network = server == null ? null : FlannelEtcd.v2(EtcdConfig.of(server.clientUrl()))) {
            System.out.println("fleet simulator at " + fleetd.endpoint() + " with 1 master and " + minions + " minions; store: "
                    + (server == null ? "in memory" : "etcd at " + server.clientUrl()));
            writeUnits(out.resolve("units"), roles, registry);
            CorekubeDeployer.Builder builder = CorekubeDeployer.builder().registry(registry)
                    .scheduler(new FleetUnitScheduler(fleet)).store(store).roles(roles)
                    .access(Kubeconfigs.access(credentials, "local", 6443));
            var spec = ClusterSpec.builder().name("local").minionCount(minions).timeout(Duration.ofMinutes(5));
            if (network != null) {
                builder.network(network.asNetworkConfigStore());
                spec.networkConfig(flannel);
            }
            try (ProgressDisplay progress = ProgressDisplay.forConsole()) {
                CorekubeDeployer deployer = builder.listener(progress).build();
                ClusterSpec cluster = spec.build();
                System.out.println();
                System.out.println("== Plan");
                System.out.print(deployer.plan(cluster).toText());
                System.out.println();
                System.out.println("== Deploy");
                ClusterStatus status;
                try (DeploymentHandle handle = deployer.deploy(cluster)) {
                    status = handle.await(Duration.ofMinutes(5));
                }
                progress.close();
                System.out.println();
                System.out.println("== Status");
                System.out.print(status.toText());
                writeAdminKubeconfig(out, deployer.adminKubeconfig(status).orElseThrow());
                DeploymentPlan after = deployer.plan(cluster);
                System.out.println();
                System.out.println("== Plan after the deploy");
                System.out.print(after.toText());
                System.out.printf("%nDeployed %d machines, %d units, with %d fleet requests, in %.1f s; artifacts in %s%n",
                        status.machines().size(), status.unitsDone(), fleetd.requestTotal(),
                        (System.nanoTime() - started) / 1e9, out.toAbsolutePath());
            }
        }
    }

    /** The Heat template, every node kind's cloud-config and the flannel config. */
    static void writeClusterArtifacts(Path out, int minions, String flannelJson, KubernetesRoles roles) throws IOException {
        Files.createDirectories(out.resolve("cloud-config"));
        StackSpec stack = StackSpec.defaults("Flatcar", "corekube-key", "public").withMinions(minions);
        Files.writeString(out.resolve("corekube-heat.yaml"), ClusterTemplate.generate(stack, roles));
        for (Map.Entry<String, String> c : ClusterTemplate.cloudConfigs(stack, roles).entrySet()) {
            Files.writeString(out.resolve("cloud-config").resolve(c.getKey() + ".yaml"), c.getValue());
        }
        Files.writeString(out.resolve("flannel-config.json"), flannelJson + "\n");
        System.out.println("wrote the Heat template, " + ClusterTemplate.cloudConfigs(stack, roles).size()
                + " cloud-configs and the flannel config to " + out.toAbsolutePath());
    }

    /**
     * The admin's kubeconfig from the deployment's result (made from the cluster's PKI, which the SDK generated
     * here with corekube-pki), written with mode 0600: the caller, not the machines, holds the admin credentials.
     */
    static void writeAdminKubeconfig(Path out, io.corekube.Secret kubeconfig) throws IOException {
        Path file = out.resolve("admin.kubeconfig");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, kubeconfig.reveal());
        System.out.println("wrote the admin kubeconfig (CA, client certificate and key; mode 0600) to " + file.toAbsolutePath());
    }

    /** Every role unit of every machine the registry lists, one file per unit. */
    static void writeUnits(Path dir, RoleCatalog roles, FleetMachineRegistry registry) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.newDirectoryStream(dir, "*.service")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Optional<Machine> master = registry.machines().stream()
                .filter(m -> m.role().filter(ClusterSpec.MASTER::equals).isPresent()).findFirst();
        int count = 0;
        for (Machine m : registry.machines()) {
            for (RoleCatalog.RoleStage stage : roles.render(m.role().orElseThrow(), m, master)) {
                for (RoleCatalog.RoleUnit unit : stage.units()) {
                    Files.writeString(dir.resolve(unit.submission().name()), unit.submission().unit().serialize());
                    count++;
                }
            }
        }
        System.out.println("wrote " + count + " unit files to " + dir.toAbsolutePath());
    }
}
