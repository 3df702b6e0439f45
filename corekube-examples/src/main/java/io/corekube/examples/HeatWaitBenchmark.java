package io.corekube.examples;

import io.corekube.examples.bench.HeatWaitRun;
import io.corekube.testing.openstack.OpenStackServer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * How fast the SDK notices that a Heat stack is done, against python-heatclient ({@code openstack stack create
 * --wait}, Debian's python3-openstackclient and python3-heatclient), on the same real Heat of the OpenStack test
 * cloud, the same templates and the same random signal schedules, both through a proxy that counts their requests.
 * Prints, per client and outcome, the requests (min/median/max) and the notice delay: the time from Heat recording
 * the stack's end (seen by an observer polling Heat directly every 50 ms) to the client noticing it.
 *
 * <p>{@code mvn -B -q -pl corekube-examples exec:java -Dexec.mainClass=io.corekube.examples.HeatWaitBenchmark
 * -Dexec.args="12 8"}: 12 paired creates that succeed (a signal 4-16 s after the stack appears) and 8 that fail (a
 * wait condition timing out after 10 s); 12 and 4 without arguments. Needs the OpenStack test cloud's packages and
 * {@code /usr/bin/openstack}. Also prints each run's requests by kind, so that what each client asked is visible.
 */
public final class HeatWaitBenchmark {

    private HeatWaitBenchmark() {
    }

    /** Runs the pairs and prints the table. */
    public static void main(String[] args) throws Exception {
        int successes = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int failures = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Random random = new Random(20261204L);
        List<HeatWaitRun.Result> results = new ArrayList<>();
        try (OpenStackServer cloud = OpenStackServer.start(); HeatWaitRun runs = new HeatWaitRun(cloud)) {
            System.out.printf("OpenStack test cloud up in %.1f s (%,d MB resident)%n", cloud.startTime().toMillis() / 1000.0,
                    cloud.residentBytes() >> 20);
            for (int i = 0; i < successes + failures; i++) {
                boolean succeed = i < successes;
                double signalAfter = succeed ? 4 + random.nextDouble() * 12 : -1;
                for (HeatWaitRun.Client client : HeatWaitRun.Client.values()) {
                    HeatWaitRun.Result r = runs.run(client, succeed, signalAfter, "bench-" + i + "-" + client.name().toLowerCase(java.util.Locale.ROOT));
                    System.out.println("  " + r);
                    results.add(r);
                }
            }
        }
        print(results, System.out);
    }

    static void print(List<HeatWaitRun.Result> results, PrintStream out) {
        out.println();
        out.printf("%-12s %-8s %6s  %-22s %-28s%n", "client", "outcome", "runs", "requests min/med/max", "notice delay s min/med/max");
        for (boolean success : new boolean[] {true, false}) {
            for (HeatWaitRun.Client client : HeatWaitRun.Client.values()) {
                List<HeatWaitRun.Result> rs = results.stream().filter(r -> r.client() == client && r.succeeded() == success).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                List<Double> requests = rs.stream().map(r -> (double) r.requests()).sorted().toList();
                List<Double> delays = rs.stream().map(HeatWaitRun.Result::noticeDelaySeconds).sorted().toList();
                Map<String, Integer> kinds = new TreeMap<>();
                rs.forEach(r -> r.requestKinds().forEach((kind, n) -> kinds.merge(kind, n, Integer::sum)));
                out.printf("%-12s %-8s %6d  %-22s %-28s%n", client.label(), success ? "success" : "failure", rs.size(),
                        String.format("%.0f/%.0f/%.0f", requests.get(0), median(requests), requests.get(requests.size() - 1)),
                        String.format("%.2f/%.2f/%.2f", delays.get(0), median(delays), delays.get(delays.size() - 1)));
                out.printf("%-12s %-8s %6s  requests by kind, all runs: %s%n", "", "", "", kinds);
            }
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
