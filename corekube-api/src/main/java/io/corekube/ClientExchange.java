package io.corekube;

import java.time.Duration;
import java.util.Objects;

/**
 * One request a Corekube client sent and how it ended, as the clients' exchange listeners see it (fleet's
 * {@code FleetClient.Builder#listener}, Heat's {@code HeatClient.Builder#listener}, etcd's
 * {@code EtcdConfig#exchangeListener}): for metrics, logs and tests that count requests. Every retry is an exchange
 * of its own. {@link #route}, {@link #client}, {@link #method} and {@link #outcome} come from small fixed sets, so
 * they can be metric tags; {@link #path} cannot.
 *
 * @param client which client sent it: {@code fleet}, {@code heat}, {@code etcd-v2} or {@code etcd}
 * @param method the HTTP method, or {@code RPC} for a gRPC call
 * @param path the request path as sent, e.g. {@code /fleet/v1/units/web@1.service}; for etcd (whose keys may be
 *     discovery tokens) the route
 * @param route the path with its variable segments replaced by {@code *}, e.g. {@code /fleet/v1/units/*}, or the
 *     gRPC method, e.g. {@code etcdserverpb.KV/Txn}
 * @param outcome the HTTP status (e.g. {@code 200}), the gRPC status code (e.g. {@code OK}, {@code UNAVAILABLE}),
 *     or {@link #NO_ANSWER}
 * @param responseBytes the size of the answer's body, or -1 when not known
 * @param elapsed how long the attempt took
 */
public record ClientExchange(String client, String method, String path, String route, String outcome, long responseBytes,
                             Duration elapsed) {

    /** The outcome of a request that got no answer: connection refused or reset, or timed out. */
    public static final String NO_ANSWER = "NO_ANSWER";

    /** Every component is present. */
    public ClientExchange {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** An HTTP exchange; {@code status} 0 means no answer came. */
    public static ClientExchange http(String client, String method, String path, String route, int status, long responseBytes,
                                      Duration elapsed) {
        return new ClientExchange(client, method, path, route, status == 0 ? NO_ANSWER : Integer.toString(status),
                responseBytes, elapsed);
    }

    /** The HTTP status, or 0 when the outcome is no HTTP status (no answer, or a gRPC code). */
    public int status() {
        return outcome.chars().allMatch(Character::isDigit) ? Integer.parseInt(outcome) : 0;
    }

    /** True when an answer came and it was a success (2xx, or gRPC {@code OK}). */
    public boolean succeeded() {
        return outcome.equals("OK") || outcome.length() == 3 && outcome.charAt(0) == '2';
    }
}
