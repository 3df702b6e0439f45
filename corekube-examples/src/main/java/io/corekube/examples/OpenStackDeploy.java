package io.corekube.examples;

import io.corekube.CorekubeDeployer;
import io.corekube.Secret;
import io.corekube.cluster.ProvisionedCluster;
import io.corekube.cluster.ProvisioningRequest;
import io.corekube.credentials.ClusterCredentials;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.OverlordLogListener;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.openstack.HeatClusterProvisioner;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import io.corekube.pki.ClusterPki;
import io.corekube.pki.Kubeconfigs;
import io.corekube.templates.cloud.ClusterTemplate;
import io.corekube.templates.cloud.StackSpec;
import io.corekube.templates.cloud.UserDataBudget;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.kubernetes.ClusterSecrets;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real cloud: authenticates with Keystone from the usual {@code OS_*} environment variables, creates (or
 * scales) the Corekube Heat stack and prints its addresses. Given {@code --etcd} and {@code --fleet} endpoints
 * that reach the cluster (e.g. through an SSH tunnel to the overlord node), it then publishes the flannel config
 * and deploys the Kubernetes roles with {@link CorekubeDeployer}; {@code --teardown} deletes it all again.
 *
 * <p>Environment: {@code OS_AUTH_URL}, {@code OS_USERNAME}, {@code OS_PASSWORD}, {@code OS_PROJECT_NAME},
 * optional {@code OS_USER_DOMAIN_ID} and {@code OS_PROJECT_DOMAIN_ID} ({@code default}), {@code OS_REGION_NAME}.
 */
public final class OpenStackDeploy {

    static final String USAGE = "OpenStackDeploy --image IMAGE --key KEYPAIR --network EXTERNAL_NET [--name corekube]"
            + " [--minions 3] [--flavor m1.medium] [--etcd URL --fleet URL] [--allow-unverified fleet,flanneld,flannel-cni] [--teardown]";

    private OpenStackDeploy() {
    }

    /** Runs the deployment; a missing variable or argument is named on standard error with exit code 2. */
    public static void main(String[] args) throws Exception {
        Arguments a;
        Map<String, String> env = System.getenv();
        try {
            a = Arguments.parse(args, List.of("--image", "--key", "--network", "--name", "--minions", "--flavor", "--etcd", "--fleet", "--allow-unverified"),
                    List.of("--teardown"), USAGE);
            for (String name : List.of("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME")) {
                if (env.getOrDefault(name, "").isBlank()) {
                    throw new IllegalArgumentException(name + " is not set: source your cloud's openrc first");
                }
            }
            a.require("--image", USAGE);
            a.require("--key", USAGE);
            a.require("--network", USAGE);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String userDomain = env.getOrDefault("OS_USER_DOMAIN_ID", "default");
        String projectDomain = env.getOrDefault("OS_PROJECT_DOMAIN_ID", "default");
        int minions = a.integer("--minions", 3);
        String name = a.get("--name").orElse("corekube");
        StackSpec stack = StackSpec.defaults(a.get("--image").orElseThrow(), a.get("--key").orElseThrow(),
                a.get("--network").orElseThrow()).withMinions(minions);
        if (a.get("--flavor").isPresent()) {
            stack = stack.withFlavors(List.of(a.get("--flavor").get()));
        }
        KubernetesRoles.Builder rolesBuilder = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT);
        a.get("--allow-unverified").ifPresent(names -> java.util.Arrays.stream(names.split(",")).forEach(rolesBuilder::allowUnverified));
        KubernetesRoles roles = rolesBuilder.build();
        Keystone keystone = Keystone.builder(URI.create(env.get("OS_AUTH_URL")), KeystoneCredentials.passwordByName(
                        env.get("OS_USERNAME"), userDomain, Secret.of(env.get("OS_PASSWORD"))))
                .scope(ProjectScope.byName(env.get("OS_PROJECT_NAME"), projectDomain)).build();
        HeatClient.Builder heatBuilder = HeatClient.builder().keystone(keystone);
        if (env.containsKey("OS_REGION_NAME")) {
            heatBuilder.region(env.get("OS_REGION_NAME"));
        }
        try (HeatClient heat = heatBuilder.build();
             HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(heat)
                     .template(ClusterTemplate.generate(stack, roles)).check(UserDataBudget::check)
                     .onEvent(e -> System.out.println("  " + e)).build()) {
            if (a.get("--etcd").isEmpty() || a.get("--fleet").isEmpty()) {
                provisionOnly(provisioner, name, minions, a.flag("--teardown"));
                return;
            }
            deploy(a, provisioner, name, minions, roles);
        }
    }

    private static void provisionOnly(HeatClusterProvisioner provisioner, String name, int minions, boolean teardown) {
        if (teardown) {
            provisioner.delete(name, Duration.ofMinutes(30));
            System.out.println("stack " + name + " deleted");
            return;
        }
        boolean exists = provisioner.describe(name).isPresent();
        ClusterCredentials credentials = ClusterPki.builder().build().generate();
        ProvisionedCluster cluster = exists
                ? provisioner.scale(name, minions, Duration.ofMinutes(30))
                : provisioner.provision(ProvisioningRequest.builder().clusterName(name).minionCount(minions)
                        .putAllParameters(ClusterSecrets.heatParameters(KubernetesRoles.Profile.CURRENT, credentials)).build(),
                        Duration.ofMinutes(30));
        if (!exists && cluster.masterIp().isPresent()) {
            writeAdminKubeconfig(Kubeconfigs.access(credentials, name, 6443).adminKubeconfig(cluster.masterIp().get()),
                    Path.of(name + "-admin.kubeconfig"));
        }
        System.out.println("stack " + cluster.name() + " (" + cluster.id() + "): " + cluster.status());
        System.out.println("  discovery " + cluster.discoveryIp().orElse("-") + ", overlord "
                + cluster.overlordIp().orElse("-") + ", master " + cluster.masterIp().orElse("-") + ", minions "
                + cluster.minionIps());
        System.out.println("Reach the overlord's etcd and fleet (e.g. ssh -L) and run again with --etcd and --fleet "
                + "to deploy the roles from here.");
    }

    /**
     * The admin kubeconfig of a stack created in this run, mode 0600. Its credentials are the stack's hidden
     * parameters, made once at creation: later runs (scale, deploy) keep them.
     */
    static void writeAdminKubeconfig(Secret kubeconfig, Path file) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, kubeconfig.reveal());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote the admin kubeconfig (mode 0600) to " + file.toAbsolutePath());
    }

    private static void deploy(Arguments a, HeatClusterProvisioner provisioner, String name, int minions, KubernetesRoles roles) {
        EtcdConfig etcd = EtcdConfig.of(a.get("--etcd").orElseThrow());
        try (FleetClient fleet = FleetClient.builder().endpoint(URI.create(a.get("--fleet").orElseThrow())).build();
             FleetMachineRegistry registry = FleetMachineRegistry.fromApi(fleet, Duration.ofSeconds(2));
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(etcd).build();
             FlannelEtcd flannel = FlannelEtcd.v2(etcd);
             ProgressDisplay progress = ProgressDisplay.forConsole()) {
            // the credentials reach a stack created here as its hidden parameters; an existing stack keeps its own
            ClusterCredentials credentials = ClusterPki.builder().build().generate();
            CorekubeDeployer deployer = CorekubeDeployer.builder().provisioner(provisioner).registry(registry)
                    .scheduler(new FleetUnitScheduler(fleet)).store(store).network(flannel.asNetworkConfigStore())
                    .roles(roles).access(Kubeconfigs.access(credentials, name, 6443))
                    .listener(new OverlordLogListener()).listener(progress).build();
            ClusterSpec spec = ClusterSpec.builder().name(name).minionCount(minions)
                    .networkConfig(FlannelConfig.corekubeDefault().toJson())
                    .putAllProvisioningParameters(ClusterSecrets.heatParameters(KubernetesRoles.Profile.CURRENT, credentials)).build();
            boolean created = provisioner.describe(name).isEmpty();
            if (a.flag("--teardown")) {
                System.out.println(deployer.teardown(spec));
                return;
            }
            try {
                System.out.print(deployer.plan(spec).toText());
            } catch (io.corekube.fleet.FleetException notYet) {
                // a stack just created: its etcd may still be gathering its members, which fleet needs to answer
                System.out.println("no plan yet (" + notYet.getMessage() + "); deploying, which waits for fleet");
            }
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                ClusterStatus status = handle.await(spec.timeout());
                System.out.print(status.toText());
                if (created) {
                    deployer.adminKubeconfig(status).ifPresent(k -> writeAdminKubeconfig(k, Path.of(name + "-admin.kubeconfig")));
                }
            }
        }
    }
}
