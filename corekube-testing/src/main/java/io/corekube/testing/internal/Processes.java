package io.corekube.testing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The chores every launcher of the test kit has: stopping a process, pausing in a wait loop, removing its files. */
public final class Processes {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private Processes() {
    }

    /**
     * Stops {@code process} with SIGTERM ({@code force}: SIGKILL), waits at most {@code grace}, then kills it if it
     * still runs. A missing or ended process is fine.
     */
    public static void stop(Process process, boolean force, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to {@code process} with {@code kill}: {@code STOP} freezes
     * it as a long GC pause or a frozen VM would, {@code CONT} lets it go on. Returns when the signal was sent.
     */
    public static void signal(Process process, String signal) {
        if (!signal.matches("[A-Z]+")) {
            throw new IllegalArgumentException("not a signal name: " + signal);
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling", e);
        }
    }

    /** Sleeps in a bounded wait loop; an interrupt ends the wait with an {@link IllegalStateException}. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** Deletes {@code dir} and everything below it; false when something could not be read. */
    public static boolean deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
