package io.corekube.templates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's {@code systemd-analyze verify} on unit files and returns what it printed, line by line. */
public final class SystemdAnalyze {

    private SystemdAnalyze() {
    }

    /**
     * The lines {@code systemd-analyze verify --man=no} prints for the files (empty: nothing to say). Lines about
     * the machine's own installed units (a line starting with a unit name that is none of the files) are left out:
     * they say nothing about the files.
     */
    public static List<String> verify(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        files.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("systemd-analyze verify did not finish within 60 s");
        }
        List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
        return out.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.matches("[A-Za-z0-9@_.:-]+\\.(service|socket|path|target|timer): .*")
                        || names.stream().anyMatch(n -> l.startsWith(n + ":")))
                .toList();
    }
}
