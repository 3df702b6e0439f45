package io.corekube.examples.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment benchmarks' one table: per machine count, the engine and the original Overlord's algorithm
 * (first page only, and following pages), each with wall time, fleet requests and bytes per machine, wall time
 * over one machine's critical path, and the baseline's wall time over the engine's.
 */
public final class BenchmarkTable {

    private final String title;
    private final Duration criticalPath;
    private final List<String> rows = new ArrayList<>();

    /** A table; {@code criticalPath} is one machine's sum of stage start delays. */
    public BenchmarkTable(String title, Duration criticalPath) {
        this.title = title;
        this.criticalPath = criticalPath;
    }

    /** Adds the row of one algorithm at {@code machines}; {@code engine} is the engine's figures at the same N. */
    public void add(int machines, String algorithm, RunFigures figures, Optional<RunFigures> engine) {
        String ratio = engine.filter(e -> figures.hang().isEmpty())
                .map(e -> String.format("%.1fx", seconds(figures.wall()) / seconds(e.wall()))).orElse("-");
        rows.add(String.format("| %5d | %-28s | %9.1f s | %8.1f | %10.0f | %7.1f | %-8s | %s |", machines, algorithm,
                seconds(figures.wall()), (double) figures.requests() / machines, (double) figures.bytes() / machines,
                seconds(figures.wall()) / seconds(criticalPath), ratio, figures.hang()
                        .map(h -> "hung after " + figures.machinesDeployed() + " machines: " + h)
                        .orElse(figures.machinesDeployed() + " deployed")));
    }

    /** Adds an extrapolated row: {@code perMachine} seconds per machine measured at a smaller N. */
    public void addExtrapolated(int machines, String algorithm, double perMachine, int measuredAt, RunFigures engine) {
        double wall = perMachine * machines;
        rows.add(String.format("| %5d | %-28s | %9.0f s | %8s | %10s | %7.0f | %-8s | %s |", machines, algorithm, wall, "-",
                "-", wall / seconds(criticalPath), String.format("%.0fx", wall / seconds(engine.wall())),
                String.format("EXTRAPOLATED from %.1f s/machine measured at N=%d", perMachine, measuredAt)));
    }

    /** Prints the table. */
    public void print(PrintStream out) {
        out.println();
        out.println(title);
        out.printf("(critical path of one machine: %.1f s)%n", seconds(criticalPath));
        out.println("| N     | algorithm                    | wall        | req/mach | bytes/mach | wall/cp | base/eng | result |");
        out.println("|-------|------------------------------|-------------|----------|------------|---------|----------|--------|");
        rows.forEach(out::println);
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
