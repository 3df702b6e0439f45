package io.corekube.examples;

import io.corekube.CorekubeDeployer;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.ClusterStatus;
import io.corekube.deploy.DeploymentFailedException;
import io.corekube.deploy.DeploymentHandle;
import io.corekube.deploy.EngineSettings;
import io.corekube.deploy.RolloutPolicy;
import io.corekube.deploy.OverlordLogListener;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetMachineRegistry;
import io.corekube.fleet.FleetUnitScheduler;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The long-lived Overlord against given etcd and fleet endpoints: records in etcd under a prefix, leads through
 * etcd's election (start several; one acts), deploys the Kubernetes roles onto every machine fleet lists, and
 * logs what the original Overlord logged ({@code --machines-from-etcd} reads the machines from fleet's etcd keys,
 * as the original did, instead of fleet's API). With {@code --minions N} it deploys one master and N minions and
 * exits (0 when deployed, 1 when machines failed); without it runs until killed. {@code --max-unavailable N|P%}
 * replaces the units of deployed machines whose content changed (e.g. with {@code --binaries-url}) as a rolling
 * upgrade: masters first, then at most that many machines out of service, each settling {@code --settle-ms}.
 */
public final class Overlord {

    static final String USAGE = "Overlord --etcd URL --fleet URL [--prefix /corekube] [--profile current|original]"
            + " [--minions N] [--candidate ID] [--lease-ttl SECONDS] [--max-concurrent N] [--poll-ms MS]"
            + " [--machines-from-etcd URL] [--allow-unverified ARTIFACT,...] [--binaries-url URL]"
            + " [--max-unavailable N|P% [--settle-ms MS]]";

    private Overlord() {
    }

    /** Machines from fleet's API, or, as the original Overlord read them, from fleet's keys in etcd's v2 API. */
    private static FleetMachineRegistry registry(Arguments a, FleetClient fleet) {
        Duration poll = Duration.ofMillis(a.integer("--poll-ms", 1000));
        return a.get("--machines-from-etcd")
                .map(url -> FleetMachineRegistry.fromEtcd(URI.create(url), java.util.Optional.empty(), poll))
                .orElseGet(() -> FleetMachineRegistry.fromApi(fleet, poll));
    }

    /** The profile's roles; {@code --allow-unverified a,b} names downloads that have no published digest. */
    static KubernetesRoles roles(KubernetesRoles.Profile profile, Arguments a) {
        KubernetesRoles.Builder b = KubernetesRoles.builder(profile);
        a.get("--allow-unverified").ifPresent(names -> java.util.Arrays.stream(names.split(",")).forEach(b::allowUnverified));
        a.get("--binaries-url").ifPresent(b::binariesUrl);
        return b.build();
    }

    /** Runs the Overlord. */
    public static void main(String[] args) throws Exception {
        Arguments a = Arguments.parse(args, List.of("--etcd", "--fleet", "--prefix", "--profile", "--minions",
                "--candidate", "--lease-ttl", "--max-concurrent", "--poll-ms", "--machines-from-etcd", "--allow-unverified",
                "--binaries-url", "--max-unavailable", "--settle-ms"), List.of(), USAGE);
        KubernetesRoles.Profile profile = KubernetesRoles.Profile.valueOf(a.get("--profile").orElse("current")
                .toUpperCase(java.util.Locale.ROOT));
        var settings = EngineSettings.builder().maxConcurrentMachines(a.integer("--max-concurrent", 64));
        a.get("--candidate").ifPresent(settings::candidateId);
        a.get("--max-unavailable").ifPresent(bound -> {
            if (!bound.matches("[1-9][0-9]{0,3}%?")) {
                System.err.println("--max-unavailable must be a count or a percentage (e.g. 1 or 25%), got " + bound);
                System.err.println(USAGE);
                System.exit(2);
            }
            Duration settle = Duration.ofMillis(a.integer("--settle-ms", 5000));
            settings.rollout(bound.endsWith("%")
                    ? RolloutPolicy.maxUnavailablePercent(Integer.parseInt(bound.substring(0, bound.length() - 1)), settle)
                    : RolloutPolicy.maxUnavailable(Integer.parseInt(bound), settle));
        });
        try (FleetClient fleet = FleetClient.builder().endpoint(URI.create(a.require("--fleet", USAGE))).build();
             FleetMachineRegistry registry = registry(a, fleet);
             EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(a.require("--etcd", USAGE)))
                     .prefix(a.get("--prefix").orElse("/corekube"))
                     .leaseTtl(Duration.ofSeconds(a.integer("--lease-ttl", 10))).build()) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(registry)
                    .scheduler(new FleetUnitScheduler(fleet)).store(store)
                    .roles(roles(profile, a)).settings(settings.build())
                    .listener(new OverlordLogListener()).build();
            if (a.get("--minions").isPresent()) {
                try (DeploymentHandle handle = deployer.deploy(ClusterSpec.of("overlord", a.integer("--minions", 0)))) {
                    ClusterStatus status = handle.await(Duration.ofDays(1));
                    System.out.print(status.toText());
                } catch (DeploymentFailedException e) {
                    System.out.print(e.status().toText());
                    System.exit(1);
                }
                return;
            }
            try (DeploymentHandle handle = deployer.run()) {
                CountDownLatch forever = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(handle::close));
                forever.await();
            }
        }
    }
}
