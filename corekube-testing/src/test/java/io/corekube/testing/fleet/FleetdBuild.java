package io.corekube.testing.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds fleetd v1.0.0 once per checkout with ../shared/peers/fleet/build.sh into {@code target/fleet} of the
 * project root (the script installs Go when it is missing and skips the build when the binary exists).
 */
final class FleetdBuild {

    private static Path built;

    private FleetdBuild() {
    }

    static synchronized Path fleetd() {
        if (built != null) {
            return built;
        }
        Path root = projectRoot();
        Path script = Path.of(System.getProperty("corekube.shared.dir", root.resolveSibling("shared").toString()))
                .resolve("peers/fleet/build.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("fleet's build script not found at " + script
                    + " (set -Dcorekube.shared.dir to the shared/ folder beside the project)");
        }
        Path out = root.resolve("target/fleet");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), out.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("building fleetd failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        built = out.resolve("fleetd");
        return built;
    }

    /** The directory with {@code .ci/run}: the checkout's root. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(".ci/run"))) {
                return d;
            }
        }
        throw new IllegalStateException("no .ci/run above " + dir + ": not inside a Corekube checkout");
    }
}
