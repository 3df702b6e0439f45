package io.corekube.examples;

import io.corekube.deploy.DeploymentEvent;
import io.corekube.deploy.DeploymentListener;
import io.corekube.deploy.OverlordLogListener;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a deployment's progress: a progress bar of units done over units rendered when the output is a
 * terminal, otherwise plain lines prefixed with the same count (logs, CI). Close it when the deployment ends.
 */
public final class ProgressDisplay implements DeploymentListener, AutoCloseable {

    private final PrintStream out;
    private final ProgressBar bar;
    private final Map<String, Integer> unitsByMachine = new HashMap<>();
    private int total;
    private int done;
    private boolean closed;

    private ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName("Deploying").setInitialMax(1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" units", 1).showSpeed().build() : null;
    }

    /** A progress bar when standard output is a terminal, plain lines otherwise. */
    public static ProgressDisplay forConsole() {
        return new ProgressDisplay(System.out, System.console() != null);
    }

    /** Plain lines on {@code out}. */
    public static ProgressDisplay plain(PrintStream out) {
        return new ProgressDisplay(out, false);
    }

    @Override
    public synchronized void onEvent(DeploymentEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof DeploymentEvent.UnitsRendered e) {
            Integer before = unitsByMachine.put(e.machine().id(), e.unitNames().size());
            total += e.unitNames().size() - (before == null ? 0 : before);
        } else if (event instanceof DeploymentEvent.UnitDone) {
            done++;
        }
        if (bar != null) {
            bar.maxHint(Math.max(total, 1));
            bar.stepTo(done);
            bar.setExtraMessage(summary(event));
        } else if (!(event instanceof DeploymentEvent.UnitsRendered)) {
            for (String line : OverlordLogListener.lines(event)) {
                out.printf("[%4d/%-4d units] %s%n", done, total, line);
            }
        }
    }

    private static String summary(DeploymentEvent event) {
        String first = OverlordLogListener.lines(event).get(0);
        return first.length() > 60 ? first.substring(0, 57) + "..." : first;
    }

    /** Finishes the bar; closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (bar != null && !closed) {
            bar.close();
        }
        closed = true;
    }
}
