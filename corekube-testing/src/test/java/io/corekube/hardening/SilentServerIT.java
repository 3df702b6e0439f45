package io.corekube.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.Secret;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdTimeoutException;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetTimeoutException;
import io.corekube.openstack.OpenStackTimeoutException;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A server that accepts connections and never answers: every client, with its default settings, fails within its
 * documented default deadline (etcd 15 s, fleet, Keystone and Heat 30 s; retries included) with its module's typed
 * timeout exception. The clients run side by side, so the test takes about the longest deadline.
 */
class SilentServerIT {

    @Test
    void everyClientGivesUpWithinItsDefaultDeadlineWithATypedTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            EtcdConfig etcd = EtcdConfig.of(url.toString());
            Map<String, Case> cases = new LinkedHashMap<>();
            cases.put("etcd v2 keys", new Case(Duration.ofSeconds(15), EtcdTimeoutException.class,
                    () -> { try (EtcdV2Client c = EtcdV2Client.create(etcd)) { return c.get("/a"); } }));
            cases.put("etcd v2 discovery", new Case(Duration.ofSeconds(15), EtcdTimeoutException.class,
                    () -> { try (EtcdDiscovery d = EtcdDiscovery.v2(etcd)) { return d.createToken(3); } }));
            cases.put("etcd v3 store (jetcd)", new Case(Duration.ofSeconds(15), EtcdTimeoutException.class,
                    () -> { try (EtcdDeploymentStore s = EtcdDeploymentStore.builder(etcd).build()) { return s.snapshot(); } }));
            cases.put("fleet", new Case(Duration.ofSeconds(30), FleetTimeoutException.class,
                    () -> { try (FleetClient f = FleetClient.builder().endpoint(url).build()) { return f.units(); } }));
            cases.put("Keystone", new Case(Duration.ofSeconds(30), OpenStackTimeoutException.class, () -> {
                try (Keystone k = Keystone.builder(url, KeystoneCredentials.passwordById("u", Secret.of("p"))).build()) {
                    return k.token();
                }
            }));
            cases.put("Heat", new Case(Duration.ofSeconds(30), OpenStackTimeoutException.class, () -> {
                try (HeatClient h = HeatClient.builder().endpoint(url.resolve("/v1/p")).build()) {
                    return h.show(new StackRef("s", "1"));
                }
            }));
            ExecutorService pool = Executors.newFixedThreadPool(cases.size());
            Map<String, Future<String>> results = new LinkedHashMap<>();
            cases.forEach((name, c) -> results.put(name, pool.submit(() -> c.run())));
            List<String> verdicts = new ArrayList<>();
            for (Map.Entry<String, Future<String>> r : results.entrySet()) {
                verdicts.add(r.getKey() + ": " + r.getValue().get(2, TimeUnit.MINUTES));
            }
            pool.shutdownNow();
            System.out.println("silent server: " + verdicts);
            assertEquals(List.of(), verdicts.stream().filter(v -> !v.contains(" ok ")).toList(), verdicts.toString());
            assertTrue(held.size() >= cases.size(), "every client connected: " + held.size());
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** A call that must fail with {@code typed} within {@code deadline} (plus 5 s of slack for a loaded machine). */
    private record Case(Duration deadline, Class<? extends RuntimeException> typed, Supplier<Object> call) {
        String run() {
            long start = System.nanoTime();
            try {
                return "answered " + call.get();
            } catch (RuntimeException e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                boolean inTime = took.compareTo(deadline.plusSeconds(5)) <= 0;
                return (typed.isInstance(e) && inTime ? " ok " : " FAILED ") + e.getClass().getSimpleName() + " after "
                        + took.toMillis() + " ms (deadline " + deadline.toSeconds() + " s): " + e.getMessage();
            }
        }
    }
}
