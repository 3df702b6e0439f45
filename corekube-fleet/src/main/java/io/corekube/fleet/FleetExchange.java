package io.corekube.fleet;

import java.time.Duration;

/**
 * One request to fleet and its answer, as a {@link FleetClient.Builder#listener} sees it: for metrics, logs or
 * tests that count requests. {@code status} is 0 when no answer came.
 *
 * @param method the HTTP method
 * @param path the request path, e.g. {@code /fleet/v1/state}
 * @param status the answer's status, or 0
 * @param responseBytes the size of the answer's body
 * @param elapsed how long the attempt took
 */
public record FleetExchange(String method, String path, int status, long responseBytes, Duration elapsed) {
}
