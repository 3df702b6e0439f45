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
