package io.corekube.examples.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * What one deployment run measured.
 *
 * @param wall from the first request to every machine deployed (or to the hang)
 * @param requests fleet requests sent
 * @param bytes fleet response bytes received
 * @param machinesDeployed machines that reached their last unit's done state
 * @param hang why the run stopped before the end, when it did
 */
public record RunFigures(Duration wall, long requests, long bytes, int machinesDeployed, Optional<String> hang) {
}
