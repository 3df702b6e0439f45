package io.corekube.micrometer;

import io.corekube.ClientExchange;
import io.corekube.micrometer.internal.BoundedTagValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Records every request of Corekube's clients as the timer {@value #REQUESTS}, tagged {@code client}
 * ({@code fleet}, {@code heat}, {@code etcd-v2}, {@code etcd}), {@code method}, {@code route} (a path without unit
 * names, keys or stack IDs, or a gRPC method) and {@code outcome} (an HTTP status, a gRPC code or
 * {@code NO_ANSWER}): the count is the requests, the time their latency. Give it to
 * {@code FleetClient.Builder#listener}, {@code HeatClient.Builder#listener} and
 * {@code EtcdConfig.builder().exchangeListener}. At most {@link #DEFAULT_ROUTES_PER_CLIENT} routes per client are
 * told apart, the rest are {@code other}.
 */
public final class ClientMetrics implements Consumer<ClientExchange> {

    /** The timer's name. */
    public static final String REQUESTS = "corekube.client.requests";
    /** How many distinct routes of one client are kept as tags. */
    public static final int DEFAULT_ROUTES_PER_CLIENT = 50;

    private final MeterRegistry registry;
    private final BoundedTagValues clients = new BoundedTagValues(10);
    private final BoundedTagValues methods = new BoundedTagValues(10);
    private final BoundedTagValues outcomes = new BoundedTagValues(40);
    private final Map<String, BoundedTagValues> routes = new ConcurrentHashMap<>();

    /** Records into {@code registry}. */
    public ClientMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void accept(ClientExchange exchange) {
        String client = clients.of(exchange.client());
        String route = routes.computeIfAbsent(client, c -> new BoundedTagValues(DEFAULT_ROUTES_PER_CLIENT)).of(exchange.route());
        Timer.builder(REQUESTS).description("Requests of Corekube's clients, by client, route and outcome")
                .tag("client", client).tag("method", methods.of(exchange.method())).tag("route", route)
                .tag("outcome", outcomes.of(exchange.outcome()))
                .register(registry).record(exchange.elapsed());
    }
}
