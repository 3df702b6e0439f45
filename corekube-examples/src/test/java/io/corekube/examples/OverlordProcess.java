package io.corekube.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An {@link Overlord} in a JVM of its own, so that a test can kill it as a crash would. */
final class OverlordProcess implements AutoCloseable {

    private final Process process;

    private OverlordProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code Overlord} with these arguments; its output goes to {@code log}. */
    static OverlordProcess start(Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Overlord.class.getName()));
        command.addAll(List.of(args));
        try {
            return new OverlordProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, then waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Freezes it with SIGSTOP, as a long GC pause or a frozen VM would. */
    void pause() {
        io.corekube.testing.internal.Processes.signal(process, "STOP");
    }

    /** Lets a paused process go on (SIGCONT). */
    void resume() {
        io.corekube.testing.internal.Processes.signal(process, "CONT");
    }

    /** Waits at most {@code seconds} for the exit code; -1 when still running. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
