package io.corekube.etcd.v2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdException;
import io.corekube.spi.Subscription;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wire details of the v2 client and the faults a real etcd cannot be made to produce. */
class EtcdV2ClientWireTest {

    private static final String NODE = "{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"value\":\"v\",\"modifiedIndex\":7,\"createdIndex\":7}}";

    private WireMockServer wire;

    @BeforeEach
    void start() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
    }

    @AfterEach
    void stop() {
        wire.stop();
    }

    private EtcdConfig config(int attempts) {
        return EtcdConfig.builder().addEndpoint(URI.create(wire.baseUrl()))
                .requestTimeout(Duration.ofMillis(800))
                .retryPolicy(RetryPolicy.builder().maxAttempts(attempts).baseDelay(Duration.ofMillis(1))
                        .maxDelay(Duration.ofMillis(5)).build())
                .build();
    }

    @Test
    void createSendsAFormBodyWithPrevExistFalse() {
        wire.stubFor(put(urlPathEqualTo("/v2/keys/x/y")).willReturn(aResponse().withStatus(201)
                .withHeader("X-Etcd-Index", "9").withBody(NODE.replace("get", "create"))));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(1))) {
            EtcdV2Response r = etcd.create("/x/y", "a b&c=d");
            assertEquals(9, r.etcdIndex());
        }
        wire.verify(putRequestedFor(urlPathEqualTo("/v2/keys/x/y"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("value=a+b%26c%3Dd&prevExist=false")));
    }

    @Test
    void serverErrorsOnReadsAreRetriedUpToThePolicyThenReported() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(503).withBody("busy")));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(3))) {
            EtcdException e = assertThrows(EtcdException.class, () -> etcd.get("/a"));
            assertTrue(e.isRetryable());
            assertEquals(503, e.status().getAsInt());
        }
        wire.verify(3, getRequestedFor(urlPathEqualTo("/v2/keys/a")));
    }

    @Test
    void aRetriedReadSucceedsOnceTheServerRecovers() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"index\":1}"))
                .willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).inScenario("r").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("X-Etcd-Index", "7").withBody(NODE)));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(3))) {
            assertEquals("v", etcd.get("/a").node().value().orElseThrow());
        }
    }

    @Test
    void conditionalWritesAreNotRepeatedAfterA5xx() {
        wire.stubFor(put(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(500)
                .withBody("{\"errorCode\":300,\"message\":\"Raft Internal Error\",\"index\":3}")));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(4))) {
            EtcdV2Exception e = assertThrows(EtcdV2Exception.class, () -> etcd.create("/a", "v"));
            assertEquals(300, e.errorCode());
            assertTrue(e.isRetryable());
        }
        wire.verify(1, putRequestedFor(urlPathEqualTo("/v2/keys/a")));
    }

    @Test
    void malformedBodiesAreReportedNamingTheEndpoint() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(200).withBody("{not json")));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(1))) {
            EtcdException e = assertThrows(io.corekube.etcd.EtcdMalformedReplyException.class, () -> etcd.get("/a"));
            assertTrue(e.getMessage().contains("malformed reply from etcd at " + wire.baseUrl()), e.getMessage());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void aResponseSlowerThanTheRequestTimeoutEndsTheCallAtItsDeadlineRetriesIncluded() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withFixedDelay(3000).withBody(NODE)));
        long start = System.nanoTime();
        try (EtcdV2Client etcd = EtcdV2Client.create(config(4))) {
            io.corekube.etcd.EtcdTimeoutException e = assertThrows(io.corekube.etcd.EtcdTimeoutException.class, () -> etcd.get("/a"));
            assertTrue(e.isRetryable(), e.toString());
            assertEquals(config(4).requestTimeout(), e.deadline());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis < config(4).requestTimeout().toMillis() + 1500, elapsedMillis + " ms");
    }

    @Test
    void aDroppedConnectionOnAReadIsRetried() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).inScenario("d").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).inScenario("d").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody(NODE)));
        try (EtcdV2Client etcd = EtcdV2Client.create(config(2))) {
            assertEquals(7, etcd.get("/a").node().modifiedIndex());
        }
    }

    @Test
    void aRefusedEndpointFailsOverToTheNext() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(200).withBody(NODE)));
        EtcdConfig config = EtcdConfig.builder().addEndpoint(URI.create("http://127.0.0.1:" + dead))
                .addEndpoint(URI.create(wire.baseUrl())).retryPolicy(RetryPolicy.none()).build();
        try (EtcdV2Client etcd = EtcdV2Client.create(config)) {
            assertEquals("v", etcd.get("/a").node().value().orElseThrow());
        }
    }

    @Test
    void emptyLongPollAnswersAreReissuedFromTheSameIndex() throws InterruptedException {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/w")).withQueryParam("wait", equalTo("true"))
                .inScenario("w").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("")).willSetStateTo("event"));
        wire.stubFor(get(urlPathEqualTo("/v2/keys/w")).withQueryParam("wait", equalTo("true"))
                .inScenario("w").whenScenarioStateIs("event")
                .willReturn(aResponse().withStatus(200).withBody(
                        "{\"action\":\"set\",\"node\":{\"key\":\"/w\",\"value\":\"1\",\"modifiedIndex\":42,\"createdIndex\":42}}"))
                .willSetStateTo("idle"));
        wire.stubFor(get(urlPathEqualTo("/v2/keys/w")).withQueryParam("wait", equalTo("true"))
                .inScenario("w").whenScenarioStateIs("idle")
                .willReturn(aResponse().withStatus(200).withFixedDelay(200).withBody("")));
        BlockingQueue<EtcdV2Response> events = new LinkedBlockingQueue<>();
        try (EtcdV2Client etcd = EtcdV2Client.create(config(1));
             Subscription ignored = etcd.watch("/w", WatchOptions.builder().fromIndex(40L).build(), events::add)) {
            EtcdV2Response event = events.poll(10, TimeUnit.SECONDS);
            assertEquals(42, event == null ? -1 : event.node().modifiedIndex());
            Thread.sleep(300);
        }
        wire.verify(2, getRequestedFor(urlPathEqualTo("/v2/keys/w")).withQueryParam("waitIndex", equalTo("40")));
        wire.verify(getRequestedFor(urlPathEqualTo("/v2/keys/w")).withQueryParam("waitIndex", equalTo("43")));
    }

    @Test
    void basicAuthIsSentAndThePasswordNeverPrinted() {
        wire.stubFor(get(urlPathEqualTo("/v2/keys/a")).willReturn(aResponse().withStatus(200).withBody(NODE)));
        EtcdConfig config = EtcdConfig.builder().from(config(1)).user("root").password(Secret.of("s3cr3t")).build();
        try (EtcdV2Client etcd = EtcdV2Client.create(config)) {
            etcd.get("/a");
        }
        wire.verify(getRequestedFor(urlPathEqualTo("/v2/keys/a")).withHeader("Authorization", equalTo("Basic cm9vdDpzM2NyM3Q=")));
        assertFalse(config.toString().contains("s3cr3t"), config.toString());
        assertTrue(config.toString().contains("****"));
    }
}
