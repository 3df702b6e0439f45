package io.corekube.examples;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.discovery.DiscoveryMember;
import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.testing.etcd.EtcdServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures discovery on a real etcd on loopback and prints the figures: registrations per second into one
 * token, against raw v2 create-only PUTs of the same size in the same run, and the delay between the start of
 * the last registration and a waiter seeing the token full.
 * Arguments: registrations per round (default 500), rounds of the full-delay trial (default 30).
 */
public final class DiscoveryBenchmark {

    private static final PrintStream OUT = System.out;

    private DiscoveryBenchmark() {
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (EtcdServer etcd = EtcdServer.builder().build().start();
             EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of(etcd.clientUrl()));
             EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(etcd.clientUrl()))) {
            OUT.printf("etcd %s on loopback; %d operations per round, sequential, one client%n", etcd.clientUrl(), n);
            registrations(discovery, n / 5);
            rawPuts(raw, n / 5, "warmup");
            double registrationsPerSecond = registrations(discovery, n);
            double putsPerSecond = rawPuts(raw, n, "measured");
            OUT.printf("%-42s %10.0f /s%n", "discovery registrations (SDK register)", registrationsPerSecond);
            OUT.printf("%-42s %10.0f /s%n", "raw v2 create-only PUTs, same value size", putsPerSecond);
            OUT.printf("%-42s %10.1f x%n", "cost of a registration in raw PUTs", putsPerSecond / registrationsPerSecond);

            List<Double> delays = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                delays.add(fullDelayMillis(discovery, 5));
            }
            Collections.sort(delays);
            OUT.printf("%-42s median %.2f ms, p90 %.2f ms, max %.2f ms (%d trials, size 5)%n",
                    "last registration start -> waiter sees full", delays.get(delays.size() / 2),
                    delays.get((int) (delays.size() * 0.9)), delays.get(delays.size() - 1), trials);
        }
    }

    private static double registrations(EtcdDiscovery discovery, int n) {
        DiscoveryToken token = discovery.createToken(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            discovery.register(token, "m" + i, List.of(peer(i)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        discovery.deleteToken(token);
        return n / seconds;
    }

    private static double rawPuts(EtcdV2Client raw, int n, String dir) {
        String value = DiscoveryMember.registrationValue("m0", List.of(peer(0)));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            raw.create("/bench/" + dir + "/" + i, value);
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double fullDelayMillis(EtcdDiscovery discovery, int size) throws Exception {
        DiscoveryToken token = discovery.createToken(size);
        CompletableFuture<Long> seenFull = discovery.awaitFull(token, Duration.ofSeconds(30), m -> { })
                .thenApply(members -> System.nanoTime());
        for (int i = 0; i < size - 1; i++) {
            discovery.register(token, "m" + i, List.of(peer(i)));
        }
        long lastStart = System.nanoTime();
        discovery.register(token, "m" + (size - 1), List.of(peer(size - 1)));
        long seen = seenFull.get(30, TimeUnit.SECONDS);
        discovery.deleteToken(token);
        return (seen - lastStart) / 1e6;
    }

    private static String peer(int i) {
        return "http://10.0." + (i / 250) + "." + (i % 250 + 1) + ":2380";
    }
}
