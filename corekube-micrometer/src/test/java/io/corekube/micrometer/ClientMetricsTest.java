package io.corekube.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.corekube.ClientExchange;
import io.corekube.micrometer.internal.BoundedTagValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClientMetricsTest {

    @Test
    void aRequestIsTimedByClientMethodRouteAndOutcome() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ClientMetrics metrics = new ClientMetrics(registry);
        metrics.accept(ClientExchange.http("heat", "GET", "/v1/p/stacks/s/i/events", "/v1/*/stacks/*/events", 200, 10,
                Duration.ofMillis(30)));
        metrics.accept(ClientExchange.http("heat", "GET", "/v1/p/stacks/t/j/events", "/v1/*/stacks/*/events", 200, 10,
                Duration.ofMillis(50)));
        metrics.accept(ClientExchange.http("heat", "GET", "/v1/p/stacks/t/j/events", "/v1/*/stacks/*/events", 0, 0,
                Duration.ofMillis(5)));
        Timer ok = registry.get(ClientMetrics.REQUESTS).tags("client", "heat", "method", "GET", "route", "/v1/*/stacks/*/events",
                "outcome", "200").timer();
        assertEquals(2, ok.count());
        assertEquals(80, ok.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.get(ClientMetrics.REQUESTS).tag("outcome", ClientExchange.NO_ANSWER).timer().count());
    }

    @Test
    void routesPastTheLimitAreCountedAsOther() {
        MeterRegistry registry = new SimpleMeterRegistry();
        ClientMetrics metrics = new ClientMetrics(registry);
        for (int i = 0; i < 500; i++) {
            metrics.accept(ClientExchange.http("fleet", "GET", "/x/" + i, "/x/" + i, 200, 0, Duration.ofMillis(1)));
        }
        assertEquals(ClientMetrics.DEFAULT_ROUTES_PER_CLIENT + 1, registry.get(ClientMetrics.REQUESTS).timers().size());
        assertEquals(500 - ClientMetrics.DEFAULT_ROUTES_PER_CLIENT,
                registry.get(ClientMetrics.REQUESTS).tag("route", BoundedTagValues.OTHER).timer().count());
    }

    @Test
    void aUnitTagIsTheRolesUnitNotTheMachinesInstance() {
        assertEquals("minion-kubelet", DeploymentMetrics.roleUnit("minion-kubelet@0123456789abcdef.service"));
        assertEquals("etcd", DeploymentMetrics.roleUnit("etcd.service"));
        assertEquals("plain", DeploymentMetrics.roleUnit("plain"));
    }
}
