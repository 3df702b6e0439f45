package io.corekube.examples.bench;

import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.HeatStackFailedException;
import io.corekube.openstack.heat.Stack;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import io.corekube.testing.openstack.OpenStackServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One paired run of {@code HeatWaitBenchmark}: a stack (a network, a subnet, a server and a wait condition after
 * it) created by one client through the counting proxy, the wait condition signalled a given time after the stack
 * appears (or never: it times out after 10 s), an observer polling Heat directly every 50 ms for the moment Heat
 * records the end, and the moment the client notices it.
 */
public final class HeatWaitRun implements AutoCloseable {

    /** The clients compared. */
    public enum Client {
        /** Corekube's HeatClient: create, then awaitCompletion. */
        SDK("corekube"),
        /** python-heatclient through openstackclient: {@code openstack stack create --wait}. */
        HEATCLIENT("heatclient");

        private final String label;

        Client(String label) {
            this.label = label;
        }

        /** The name printed in the table. */
        public String label() {
            return label;
        }
    }

    /**
     * What a run measured.
     *
     * @param client the client
     * @param succeeded whether the stack was meant to (and did) succeed
     * @param requests the requests the client sent to Heat
     * @param noticeDelaySeconds from Heat recording the end to the client noticing it
     * @param requestKinds the requests by kind, e.g. {@code GET stack=5}, in order of first appearance
     */
    public record Result(Client client, boolean succeeded, int requests, double noticeDelaySeconds, Map<String, Integer> requestKinds) {
    }

    private static final String REGION = "Bench";

    private final OpenStackServer cloud;
    private final CountingProxy proxy;
    private final Keystone direct;
    private final HeatClient observer;
    private final Path dir;

    /** Puts a counting proxy in front of the cloud's Heat, as region {@code Bench}. */
    public HeatWaitRun(OpenStackServer cloud) throws IOException {
        this.cloud = cloud;
        this.proxy = new CountingProxy(cloud.heatPort());
        cloud.addOrchestrationRegion(REGION, "http://127.0.0.1:" + proxy.port() + "/v1/%(tenant_id)s");
        this.direct = keystone();
        this.observer = HeatClient.builder().keystone(direct).region("RegionOne").build();
        this.dir = Files.createTempDirectory("corekube-heat-bench-");
    }

    /** Runs one create with {@code client}; {@code signalAfter} seconds after the stack appears, or never when negative. */
    public Result run(Client client, boolean succeed, double signalAfter, String name) throws Exception {
        String template = template(succeed ? 300 : 10);
        int logStart = proxy.log().size();
        long noticed;
        Process cli = null;
        Keystone keystone = client == Client.SDK ? keystone() : null;
        HeatClient sdk = client == Client.SDK
                ? HeatClient.builder().keystone(keystone).region(REGION).build() : null;
        StackRef ref;
        if (client == Client.SDK) {
            ref = sdk.create(StackRequest.builder().name(name).template(template).build());
        } else {
            Path file = dir.resolve(name + ".yaml");
            Files.writeString(file, template);
            cli = new ProcessBuilder(List.of("/usr/bin/openstack", "--os-auth-url", cloud.keystoneUrl().toString(),
                    "--os-identity-api-version", "3", "--os-username", OpenStackServer.PROJECT, "--os-password",
                    cloud.userPassword().reveal(), "--os-project-name", OpenStackServer.PROJECT, "--os-user-domain-id", "default",
                    "--os-project-domain-id", "default", "--os-region-name", REGION, "stack", "create", "--wait", "-t",
                    file.toString(), name)).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
            ref = awaitStack(name);
        }
        long appeared = System.nanoTime();
        Thread signaller = null;
        if (signalAfter >= 0) {
            StackRef target = ref;
            signaller = new Thread(() -> {
                pause(Duration.ofMillis((long) (signalAfter * 1000)).minusNanos(System.nanoTime() - appeared));
                signal(target);
            });
            signaller.start();
        }
        Observer watch = new Observer(ref);
        watch.start();
        if (client == Client.SDK) {
            try {
                sdk.awaitCompletion(ref, Duration.ofMinutes(5));
            } catch (HeatStackFailedException failed) {
                if (succeed) {
                    throw failed;
                }
            }
            noticed = System.nanoTime();
            sdk.close();
            keystone.close();
        } else {
            if (!cli.waitFor(5, TimeUnit.MINUTES)) {
                cli.destroyForcibly();
                throw new IllegalStateException("openstack stack create --wait did not end");
            }
            noticed = System.nanoTime();
        }
        List<CountingProxy.Forwarded> log = proxy.log();
        List<CountingProxy.Forwarded> sent = log.subList(logStart, log.size());
        long recorded = watch.awaitEnd();
        if (signaller != null) {
            signaller.join();
        }
        observer.delete(ref);
        observer.awaitDeletion(ref, Duration.ofMinutes(2));
        return new Result(client, succeed, sent.size(), (noticed - recorded) / 1e9, kinds(sent));
    }

    /** Counts requests by method and by what their path names under {@code /stacks}: a lookup by name, a stack, its events. */
    static Map<String, Integer> kinds(List<CountingProxy.Forwarded> sent) {
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (CountingProxy.Forwarded f : sent) {
            List<String> path = List.of(f.path().replaceFirst("^.*?/stacks/?", "").split("/"));
            boolean events = path.get(path.size() - 1).equals("events");
            int ids = path.get(0).isEmpty() ? 0 : path.size() - (events ? 1 : 0);
            String what = (ids == 0 ? "stacks" : ids == 1 ? "lookup" : ids == 2 ? "stack" : "stack " + path.get(2)) + (events ? " events" : "");
            kinds.merge(f.method() + " " + what, 1, Integer::sum);
        }
        return kinds;
    }

    private StackRef awaitStack(String name) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Stack> s = observer.find(name);
            if (s.isPresent()) {
                return s.get().ref();
            }
            pause(Duration.ofMillis(50));
        }
        throw new IllegalStateException("the CLI's stack " + name + " never appeared");
    }

    private void signal(StackRef ref) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                observer.signal(ref, "handle", "{\"status\": \"SUCCESS\", \"data\": \"benchmark\"}");
                return;
            } catch (RuntimeException notYet) {
                pause(Duration.ofMillis(100));
            }
        }
    }

    /** Polls Heat directly every 50 ms and records when the stack's status first shows its end. */
    private final class Observer extends Thread {
        private final StackRef ref;
        private volatile long end;

        Observer(StackRef ref) {
            this.ref = ref;
            setDaemon(true);
        }

        @Override
        public void run() {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                String status = observer.show(ref).status();
                if (status.endsWith("_COMPLETE") || status.endsWith("_FAILED")) {
                    end = System.nanoTime();
                    return;
                }
                pause(Duration.ofMillis(50));
            }
        }

        long awaitEnd() throws InterruptedException {
            join(Duration.ofMinutes(5).toMillis());
            return end;
        }
    }

    private Keystone keystone() {
        return Keystone.builder(cloud.keystoneUrl(), KeystoneCredentials.passwordByName(OpenStackServer.PROJECT, "default",
                cloud.userPassword())).scope(ProjectScope.byName(OpenStackServer.PROJECT, "default")).build();
    }

    private static String template(int waitTimeout) {
        return String.join("\n",
                "heat_template_version: 2018-08-31",
                "resources:",
                "  net: {type: OS::Neutron::Net}",
                "  subnet:",
                "    type: OS::Neutron::Subnet",
                "    properties: {network: {get_resource: net}, cidr: 10.9.0.0/24}",
                "  server:",
                "    type: OS::Nova::Server",
                "    properties: {image: tiny, flavor: m1.tiny, networks: [{network: {get_resource: net}}]}",
                "    depends_on: subnet",
                "  handle: {type: OS::Heat::WaitConditionHandle}",
                "  wait:",
                "    type: OS::Heat::WaitCondition",
                "    depends_on: server",
                "    properties: {handle: {get_resource: handle}, timeout: " + waitTimeout + "}",
                "");
    }

    private static void pause(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        observer.close();
        direct.close();
        proxy.close();
    }
}
