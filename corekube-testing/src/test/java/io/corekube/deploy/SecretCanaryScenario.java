package io.corekube.deploy;

import io.corekube.CorekubeDeployer;
import io.corekube.Secret;
import io.corekube.cluster.Machine;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.flannel.FlannelEtcd;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.HeatClusterProvisioner;
import io.corekube.openstack.HeatClusterProvisionerIT;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.testing.fleet.FleetSimulator;
import io.corekube.testing.heat.HeatServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Deploy, plan, status and teardown with a canary in every credential field, printing everything a user could
 * see: every event, every value's {@code toString}, every exception message with its causes. Run in its own JVM
 * by {@link SecretCanaryIT}, with SLF4J at trace level, which then searches all it printed for the canary.
 * Arguments: etcd client URL, Heat API URL, canary.
 */
public final class SecretCanaryScenario {

    /** The provisioner IT's template with one more parameter, hidden, which the scenario fills with a canary. */
    static final String HEAT_TEMPLATE = HeatClusterProvisionerIT.TEMPLATE.replace("parameters:\n", "parameters:\n"
            + "  admin_token: {type: string, hidden: true, default: none, constraints: [{length: {max: 200}}]}\n");

    private SecretCanaryScenario() {
    }

    /** The etcd root password the scenario and its test agree on. */
    static String etcdPassword(String canary) {
        return canary + "-etcd-pw";
    }

    /** An ipsec PSK of the length flanneld asks for, holding the canary. */
    static String psk(String canary, String variant) {
        return (canary + "-psk-" + variant + "-").repeat(8).substring(0, 120);
    }

    public static void main(String[] args) throws Exception {
        URI etcdUrl = URI.create(args[0]);
        URI heatUrl = URI.create(args[1]);
        String canary = args[2];
        EtcdConfig etcd = EtcdConfig.builder().addEndpoint(etcdUrl).user("root").password(Secret.of(etcdPassword(canary)))
                .build();
        show("etcd config", etcd);
        String network = FlannelConfig.parse("{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\""
                + psk(canary, "a") + "\"}}").toJson();
        show("flannel config", FlannelConfig.parse(network));

        try (HeatClient heat = HeatClient.builder().endpoint(heatUrl).pollInterval(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
             FleetSimulator sim = FleetSimulator.builder().machines(1, Map.of(Machine.ROLE_KEY, "master"))
                     .machines(2, Map.of(Machine.ROLE_KEY, "minion")).build();
             DeployFixture f = new DeployFixture(sim.endpoint(), EtcdDeploymentStore.builder(etcd).prefix("/canary").build());
             FlannelEtcd flannel = FlannelEtcd.v2(etcd);
             EtcdDiscovery discovery = EtcdDiscovery.v2(etcd)) {
            HeatClusterProvisioner provisioner = HeatClusterProvisioner.builder(heat).template(HEAT_TEMPLATE)
                    .environment(HeatServer.noCloudEnvironment()).build();
            DiscoveryToken token = discovery.createToken(3);
            System.out.println("CANARY-TOKEN " + token.url().orElseThrow());
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(f.registry).scheduler(f.scheduler)
                    .store(f.store).roles(f.roles).network(flannel.asNetworkConfigStore()).discovery(discovery)
                    .provisioner(provisioner).provisioningTimeout(Duration.ofMinutes(2))
                    .listener(event -> System.out.println("event: " + event)).listener(new OverlordLogListener())
                    .settings(EngineBehaviourTest.quick().build()).build();
            ClusterSpec spec = ClusterSpec.builder().name("canary").minionCount(2).networkConfig(network)
                    .discoveryToken(token.url().orElseThrow()).putProvisioningParameter("admin_token", canary + "-heat-hidden")
                    .build();
            show("spec", spec);
            show("plan", deployer.plan(spec).toText());
            try (DeploymentHandle handle = deployer.deploy(spec)) {
                show("deployed", handle.await(Duration.ofMinutes(2)));
                show("handle", handle);
            }
            show("status", deployer.status());
            show("plan after", deployer.plan(spec).toText());

            // failures that carry secrets: a conflicting config, a bad PSK, a Heat refusal, a wrong password, userinfo
            String other = network.replace(psk(canary, "a"), psk(canary, "b"));
            attempt("conflicting network config", () -> flannel.publish(other));
            attempt("short PSK", () -> FlannelConfig.parse(network.replace(psk(canary, "a"), canary + "-short")).validate());
            ClusterSpec refused = ClusterSpec.builder().from(spec).name("canary-refused")
                    .putProvisioningParameter("admin_token", (canary + "-too-long-").repeat(20)).build();
            attempt("Heat refuses a hidden parameter", () -> {
                try (DeploymentHandle handle = deployer.deploy(refused)) {
                    return handle.await(Duration.ofMinutes(1));
                }
            });
            attempt("wrong etcd password", () -> {
                try (EtcdDeploymentStore wrong = EtcdDeploymentStore.builder(EtcdConfig.builder().from(etcd)
                        .password(Secret.of(canary + "-wrong-pw")).build()).prefix("/canary").build()) {
                    return wrong.snapshot();
                }
            });
            attempt("userinfo in an etcd endpoint", () -> EtcdConfig.of("http://root:" + canary + "-userinfo@" + etcdUrl.getAuthority()));
            attempt("userinfo in a Heat endpoint", () -> HeatClient.builder()
                    .endpoint(URI.create("http://admin:" + canary + "-userinfo@" + heatUrl.getAuthority() + "/v1/p")).build());

            show("teardown", deployer.teardown(spec));
        }
        System.out.println("SCENARIO COMPLETE");
    }

    private static void show(String what, Object value) {
        System.out.println(what + ": " + value);
    }

    private static void attempt(String what, Callable<?> action) {
        try {
            show(what + " (unexpectedly accepted)", action.call());
        } catch (Exception e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(" <- ").append(t);
                for (Throwable s : t.getSuppressed()) {
                    chain.append(" [suppressed ").append(s).append(']');
                }
            }
            show(what + " refused", chain);
        }
    }
}
