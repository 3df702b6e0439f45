package io.corekube.examples.bench;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the deployment benchmark on some fleet: a warm-up deployment of 4 machines (not reported), the engine at
 * every machine count, then per machine count the original Overlord's algorithm in its two variants (up to a
 * machine count; beyond it, extrapolated from the paging variant's time per machine), each run on a fresh
 * cluster of the same kind; prints one {@link BenchmarkTable}.
 */
public final class DeployBenchmark {

    /** Fake start delays: 3 s for download units, 1 s for the others. */
    public static final String START_DELAYS = "*download*=3s,*=1s";

    /** One master's critical path under {@link #START_DELAYS}: download, control plane, addons. */
    public static final Duration CRITICAL_PATH = Duration.ofSeconds(5);

    /** Starts clusters of one kind. */
    public interface Clusters {
        /** A cluster of {@code machines} machines (machine 1 the master) with {@link #START_DELAYS}. */
        Cluster start(int machines);
    }

    /** A running cluster: its fleet API, an etcd for the engine's store, its machines. */
    public interface Cluster extends AutoCloseable {
        /** The fleet API. */
        URI fleet();

        /** An etcd the engine's store may use. */
        String etcd();

        /** The machines fleet lists. */
        List<Machine> machines();

        @Override
        void close();
    }

    private DeployBenchmark() {
    }

    /** Runs the benchmark for each machine count and prints the table. */
    public static void run(String title, Clusters clusters, List<Integer> counts, int baselineUpTo, PrintStream out)
            throws Exception {
        RoleCatalog roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build();
        BenchmarkTable table = new BenchmarkTable(title, CRITICAL_PATH);
        double perMachine = 0;
        int measuredAt = 0;
        try (Cluster warmUp = clusters.start(4)) {
            MeasuredEngineRun.run(warmUp.fleet(), warmUp.etcd(), "/bench-warm-up-" + System.nanoTime(), 4, roles,
                    Duration.ofMinutes(10));
        }
        java.util.Map<Integer, RunFigures> engines = new java.util.LinkedHashMap<>();
        for (int n : counts) {
            try (Cluster c = clusters.start(n)) {
                engines.put(n, MeasuredEngineRun.run(c.fleet(), c.etcd(), "/bench-" + n + "-" + System.nanoTime(), n, roles,
                        Duration.ofMinutes(10)));
            }
            out.printf("N=%d engine: %.1f s%n", n, BenchmarkTable.seconds(engines.get(n).wall()));
        }
        for (int n : counts) {
            RunFigures engine = engines.get(n);
            table.add(n, "engine (CorekubeDeployer)", engine, Optional.empty());
            if (n <= baselineUpTo) {
                CompletableFuture<RunFigures> faithful = CompletableFuture.supplyAsync(() -> baseline(clusters, n, false, roles));
                CompletableFuture<RunFigures> paging = CompletableFuture.supplyAsync(() -> baseline(clusters, n, true, roles));
                table.add(n, "original, first page only", faithful.get(), Optional.of(engine));
                table.add(n, "original, following pages", paging.get(), Optional.of(engine));
                perMachine = BenchmarkTable.seconds(paging.get().wall()) / n;
                measuredAt = n;
                out.printf("N=%d baselines: %.1f s (first page), %.1f s (pages)%n", n,
                        BenchmarkTable.seconds(faithful.get().wall()), BenchmarkTable.seconds(paging.get().wall()));
            } else if (measuredAt > 0) {
                table.addExtrapolated(n, "original, following pages", perMachine, measuredAt, engine);
            }
        }
        table.print(out);
    }

    private static RunFigures baseline(Clusters clusters, int n, boolean followPages, RoleCatalog roles) {
        try (Cluster c = clusters.start(n)) {
            return new OriginalOverlordBaseline(c.fleet(), followPages, Duration.ofSeconds(30)).run(c.machines(), roles);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
