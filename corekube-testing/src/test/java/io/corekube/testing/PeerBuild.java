package io.corekube.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds a real peer (fleetd, flanneld) once per checkout with its ../shared/peers/&lt;peer&gt;/build.sh into
 * {@code target/<peer>} of the project root; the scripts install Go when missing and skip a build already made.
 */
public final class PeerBuild {

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private PeerBuild() {
    }

    /** The built binary {@code binary} of {@code peer}, e.g. ({@code fleet}, {@code fleetd}). */
    public static synchronized Path binary(String peer, String binary) {
        return BUILT.computeIfAbsent(peer + "/" + binary, k -> build(peer).resolve(binary));
    }

    private static Path build(String peer) {
        Path root = projectRoot();
        Path script = Path.of(System.getProperty("corekube.shared.dir", root.resolveSibling("shared").toString()))
                .resolve("peers/" + peer + "/build.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(peer + "'s build script not found at " + script
                    + " (set -Dcorekube.shared.dir to the shared/ folder beside the project)");
        }
        Path out = root.resolve("target/" + peer);
        try {
            Process p = new ProcessBuilder("bash", script.toString(), out.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("building " + peer + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The directory with {@code .ci/run}: the checkout's root. */
    public static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(".ci/run"))) {
                return d;
            }
        }
        throw new IllegalStateException("no .ci/run above " + dir + ": not inside a Corekube checkout");
    }
}
