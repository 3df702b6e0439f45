package io.corekube.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.examples.bench.CountingProxy;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetUnit;
import io.corekube.testing.fleet.RealFleetCluster;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Split brain, tried as an operator would: two Overlord processes share one etcd (lease 3 s) and a real fleet
 * (v1.0.0, fake systemd with start delays), each through its own logging proxy, so fleet's side records every
 * request with its sender and arrival time. The leader is frozen with SIGSTOP at random points (mid-stage and
 * between stages) for longer than its lease, then resumed; the other takes over meanwhile. Over at least 20 pauses
 * the test checks, from the proxies' logs and from etcd's own history (never from the engine's word), that no
 * fleet write arrived from a process while it was not the leader, but for a write that passed the fence just before
 * the freeze and arrives the moment the process resumes (fleet cannot refuse it; counted and printed apart), and
 * that no record write was accepted from one:
 * each record names its writer and etcd orders it against the election's keys by revision. It prints the failover
 * time, from the paused leader's key expiring to the new leader's first request to fleet.
 */
class SplitBrainIT {

    private static final int LEASE_SECONDS = 3;
    private static final int PAUSES = 20;
    private static final int MINIONS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How much later than the new leader this JVM may see an election it won: a write that far ahead of the win
     * is the winner's first (it cannot write before its campaign returns). Losses get no such allowance.
     */
    private static final long ELECTION_NOTICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * How soon after a resume a write may arrive and still be one that passed the fence before the freeze: frozen
     * between the check and the socket write, it is sent the moment the process runs again. fleet has no
     * conditional write to refuse it (the README's "what fleet cannot give"); such writes are counted apart.
     */
    private static final long IN_FLIGHT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** One change seen in etcd under a round's prefix, in revision order. */
    private record Change(long observedNanos, long revision, boolean put, String key, long createRevision, String value) {
    }

    /** One SIGSTOP..SIGCONT of a process. */
    private record Pause(String candidate, long stoppedNanos, long resumedNanos) {
    }

    @Test
    void aPausedLeaderSendsNothingOnceItsLeaseExpiredAndTheOtherTakesOver() throws Exception {
        Random random = new Random(Long.getLong("corekube.splitbrain.seed", 20261204L));
        List<Pause> pauses = new ArrayList<>();
        List<String> staleFleet = new ArrayList<>();
        List<String> inFlight = new ArrayList<>();
        List<String> staleStore = new ArrayList<>();
        List<Double> failovers = new ArrayList<>();
        int fleetWrites = 0;
        int storeWrites = 0;
        int refused = 0;
        int round = 0;
        try (RealFleetCluster fleet = RealFleetCluster.start(RealFleetCluster.Spec.of(1 + MINIONS)
                     .withMetadata(1, "kubernetes_role=master").withFakes("*download*=4s,*=2s", ""));
             FleetClient direct = FleetClient.builder().endpoint(fleet.endpoint()).build();
             Client etcd = Client.builder().endpoints(fleet.etcd().clientUrl()).build()) {
            int port = fleet.endpoint().getPort();
            while (pauses.size() < PAUSES && round < 8) {
                round++;
                String prefix = "/split" + round;
                List<Change> changes = new CopyOnWriteArrayList<>();
                Path logA = Files.createTempFile("split-a-", ".log");
                Path logB = Files.createTempFile("split-b-", ".log");
                try (Watch.Watcher watch = watch(etcd, prefix, changes);
                     CountingProxy proxyA = new CountingProxy(port); CountingProxy proxyB = new CountingProxy(port);
                     OverlordProcess a = OverlordProcess.start(logA, args(etcdUrl(fleet), proxyA, prefix, "engine-a"));
                     OverlordProcess b = OverlordProcess.start(logB, args(etcdUrl(fleet), proxyB, prefix, "engine-b"))) {
                    Map<String, OverlordProcess> processes = Map.of("engine-a", a, "engine-b", b);
                    List<Pause> roundPauses = new ArrayList<>();
                    long roundEnd = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                    while ((a.isAlive() || b.isAlive()) && System.nanoTime() < roundEnd && pauses.size() + roundPauses.size() < PAUSES) {
                        Optional<String> leader = leaderAt(changes, prefix, System.nanoTime());
                        if (leader.isEmpty()) {
                            Thread.sleep(50);
                            continue;
                        }
                        Thread.sleep(200 + random.nextInt(2800)); // a random point: mid-stage or between stages
                        OverlordProcess p = processes.get(leader.get());
                        if (!p.isAlive() || !leaderAt(changes, prefix, System.nanoTime()).equals(leader)) {
                            continue;
                        }
                        long stopped = System.nanoTime();
                        p.pause();
                        Thread.sleep(LEASE_SECONDS * 1000L + 500 + random.nextInt(2000));
                        p.resume();
                        roundPauses.add(new Pause(leader.get(), stopped, System.nanoTime()));
                    }
                    for (OverlordProcess p : List.of(a, b)) {
                        int exit = p.awaitExit(180);
                        assertEquals(0, exit, "round " + round + ": " + tail(p == a ? logA : logB));
                    }
                    assertTrue(Files.readString(logA).contains("Deployment complete: " + (1 + MINIONS) + " machines deployed")
                            || Files.readString(logB).contains("Deployment complete: " + (1 + MINIONS) + " machines deployed"),
                            "round " + round + " deployed");
                    Thread.sleep(300); // the last changes reach the watch
                    refused += countRefusals(logA) + countRefusals(logB);
                    pauses.addAll(roundPauses);
                    Map<String, CountingProxy> proxies = Map.of("engine-a", proxyA, "engine-b", proxyB);
                    for (Map.Entry<String, CountingProxy> e : proxies.entrySet()) {
                        for (CountingProxy.Forwarded f : e.getValue().log()) {
                            if (f.writes()) {
                                fleetWrites++;
                                Optional<String> leading = leaderAt(changes, prefix, f.arrivedNanos());
                                if (!leading.equals(Optional.of(e.getKey()))
                                        && !leaderAt(changes, prefix, f.arrivedNanos() + ELECTION_NOTICE_NANOS).equals(Optional.of(e.getKey()))) {
                                    String write = "round " + round + ": " + e.getKey() + " sent " + f.method() + " " + f.path()
                                            + " while " + leading.orElse("nobody") + " led";
                                    boolean heldByAFreeze = roundPauses.stream().anyMatch(pause -> pause.candidate().equals(e.getKey())
                                            && f.arrivedNanos() >= pause.resumedNanos()
                                            && f.arrivedNanos() <= pause.resumedNanos() + IN_FLIGHT_NANOS);
                                    (heldByAFreeze ? inFlight : staleFleet).add(write);
                                }
                            }
                        }
                    }
                    for (Change c : changes) {
                        if (c.put() && c.key().startsWith(prefix + "/deployments/")) {
                            storeWrites++;
                            String writer = JSON.readTree(c.value()).path("updatedBy").asText("");
                            Optional<String> leading = leaderAtRevision(changes, prefix, c.revision());
                            if (!leading.equals(Optional.of(writer))) {
                                staleStore.add("round " + round + ": record " + c.key() + " written by '" + writer + "' at revision "
                                        + c.revision() + " while " + leading.orElse("nobody") + " led");
                            }
                        }
                    }
                    for (Pause p : roundPauses) {
                        failover(changes, prefix, p, proxies).ifPresent(failovers::add);
                    }
                } finally {
                    destroyAll(direct);
                }
            }
        }
        Collections.sort(failovers);
        System.out.printf("split brain: %d pauses over %d rounds, %d fleet writes and %d record writes checked; stale fleet "
                        + "writes %d (and %d sent at a resume, past the fence before the freeze), stale record writes %d; writes the fence refused after a resume %d; failover (expiry to "
                        + "the new leader's first fleet request) min/median/max %.2f/%.2f/%.2f s over %d takeovers%n",
                pauses.size(), round, fleetWrites, storeWrites, staleFleet.size(), inFlight.size(), staleStore.size(), refused, failovers.isEmpty() ? 0 : failovers.get(0),
                failovers.isEmpty() ? 0 : failovers.get(failovers.size() / 2),
                failovers.isEmpty() ? 0 : failovers.get(failovers.size() - 1), failovers.size());
        assertTrue(pauses.size() >= PAUSES, "only " + pauses.size() + " pauses were taken");
        assertEquals(List.of(), staleFleet, "fleet writes from a process that did not lead (other than at a resume: " + inFlight + ")");
        assertTrue(inFlight.size() <= pauses.size() * (1 + MINIONS), "at most one held write a machine worker a freeze: " + inFlight);
        assertEquals(List.of(), staleStore, "record writes accepted from a process that did not lead");
        assertTrue(fleetWrites > 0 && storeWrites > 0);
        assertTrue(failovers.size() >= PAUSES / 2, "the other took over after most pauses: " + failovers.size());
    }

    private static String etcdUrl(RealFleetCluster fleet) {
        return fleet.etcd().clientUrl();
    }

    private static String[] args(String etcd, CountingProxy proxy, String prefix, String candidate) {
        return new String[] {"--etcd", etcd, "--fleet", "http://127.0.0.1:" + proxy.port(), "--prefix", prefix,
            "--candidate", candidate, "--lease-ttl", Integer.toString(LEASE_SECONDS), "--poll-ms", "200",
            "--minions", Integer.toString(MINIONS)};
    }

    /** Records every change under {@code prefix} with the moment this JVM saw it; deletes carry the value they removed. */
    private static Watch.Watcher watch(Client etcd, String prefix, List<Change> changes) {
        ByteSequence key = ByteSequence.from(prefix + "/", StandardCharsets.UTF_8);
        WatchOption option = WatchOption.builder().isPrefix(true).withPrevKV(true).withRevision(1).build();
        return etcd.getWatchClient().watch(key, option, response -> {
            long now = System.nanoTime();
            for (WatchEvent e : response.getEvents()) {
                boolean put = e.getEventType() == WatchEvent.EventType.PUT;
                KeyValue kv = put ? e.getKeyValue() : e.getPrevKV();
                changes.add(new Change(now, e.getKeyValue().getModRevision(), put, text(e.getKeyValue().getKey()),
                        kv.getCreateRevision(), text(kv.getValue())));
            }
        });
    }

    /** The candidate whose election key has the lowest create revision among those alive at {@code nanos}, as seen. */
    private static Optional<String> leaderAt(List<Change> changes, String prefix, long nanos) {
        return leader(changes.stream().filter(c -> c.observedNanos() <= nanos).toList(), prefix);
    }

    /** The same, by etcd's own order: the keys alive at {@code revision}. */
    private static Optional<String> leaderAtRevision(List<Change> changes, String prefix, long revision) {
        return leader(changes.stream().filter(c -> c.revision() <= revision).toList(), prefix);
    }

    private static Optional<String> leader(List<Change> upTo, String prefix) {
        Map<String, Change> alive = new TreeMap<>();
        for (Change c : upTo) {
            if (c.key().startsWith(prefix + "/leader/")) {
                if (c.put()) {
                    alive.put(c.key(), c);
                } else {
                    alive.remove(c.key());
                }
            }
        }
        return alive.values().stream().min(java.util.Comparator.comparingLong(Change::createRevision)).map(Change::value);
    }

    /**
     * From the paused candidate's key disappearing (its lease expired) to the first request the new leader sent to
     * fleet; empty when the key outlived the pause (the pause was shorter than the lease left).
     */
    private static Optional<Double> failover(List<Change> changes, String prefix, Pause p, Map<String, CountingProxy> proxies) {
        Optional<Change> expired = changes.stream().filter(c -> !c.put() && c.key().startsWith(prefix + "/leader/")
                && c.value().equals(p.candidate()) && c.observedNanos() >= p.stoppedNanos()
                && c.observedNanos() <= p.resumedNanos()).findFirst();
        if (expired.isEmpty()) {
            return Optional.empty();
        }
        String other = p.candidate().equals("engine-a") ? "engine-b" : "engine-a";
        return proxies.get(other).log().stream().filter(f -> f.arrivedNanos() >= expired.get().observedNanos()).findFirst()
                .map(f -> (f.arrivedNanos() - expired.get().observedNanos()) / 1e9);
    }

    private static void destroyAll(FleetClient fleet) throws InterruptedException {
        for (FleetUnit u : fleet.units()) {
            fleet.destroyUnit(u.name());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!fleet.unitStates().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** The writes an Overlord's fence refused, as its log says (for the figures; the checks above do not trust it). */
    private static int countRefusals(Path log) throws java.io.IOException {
        return (int) Files.readString(log).lines().filter(l -> l.contains("no longer leads, so it did not")).count();
    }

    private static String tail(Path log) throws java.io.IOException {
        String s = Files.readString(log);
        return s.length() <= 4000 ? s : s.substring(s.length() - 4000);
    }

    private static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
