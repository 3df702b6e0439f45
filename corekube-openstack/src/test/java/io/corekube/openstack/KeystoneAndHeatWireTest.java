package io.corekube.openstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.corekube.RetryPolicy;
import io.corekube.Secret;
import io.corekube.openstack.heat.HeatBadRequestException;
import io.corekube.openstack.heat.HeatClient;
import io.corekube.openstack.heat.StackRef;
import io.corekube.openstack.heat.StackRequest;
import io.corekube.openstack.keystone.Keystone;
import io.corekube.openstack.keystone.KeystoneAuthException;
import io.corekube.openstack.keystone.KeystoneCredentials;
import io.corekube.openstack.keystone.ProjectScope;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keystone v3 and Heat wire details against stubbed HTTP (no Keystone runs here). */
class KeystoneAndHeatWireTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private WireMockServer wire;
    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void start() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
    }

    @AfterEach
    void stop() {
        wire.stop();
    }

    private String tokenBody(Instant expires) {
        return "{\"token\":{\"expires_at\":\"" + expires.toString().replace("Z", ".000000Z") + "\",\"catalog\":["
                + "{\"type\":\"identity\",\"name\":\"keystone\",\"endpoints\":[{\"interface\":\"public\",\"region_id\":\"RegionOne\",\"url\":\"http://k\"}]},"
                + "{\"type\":\"orchestration\",\"name\":\"heat\",\"endpoints\":["
                + "{\"interface\":\"internal\",\"region_id\":\"RegionOne\",\"url\":\"http://internal/v1/p\"},"
                + "{\"interface\":\"public\",\"region_id\":\"RegionTwo\",\"url\":\"http://two/v1/p\"},"
                + "{\"interface\":\"public\",\"region_id\":\"RegionOne\",\"url\":\"" + wire.baseUrl() + "/heat/v1/p\"}]}]}}";
    }

    private void stubToken(String token, Instant expires) {
        wire.stubFor(post(urlPathEqualTo("/v3/auth/tokens")).willReturn(aResponse().withStatus(201)
                .withHeader("X-Subject-Token", token).withHeader("Content-Type", "application/json").withBody(tokenBody(expires))));
    }

    private Keystone keystone(KeystoneCredentials credentials, ProjectScope scope) {
        Keystone.Builder b = Keystone.builder(URI.create(wire.baseUrl()), credentials).clock(clock);
        if (scope != null) {
            b.scope(scope);
        }
        return b.build();
    }

    @Test
    void passwordByNameIsSentWithItsDomainAndProjectScope() {
        stubToken("tok-1", NOW.plus(Duration.ofHours(1)));
        try (Keystone k = keystone(KeystoneCredentials.passwordByName("ops", "default", Secret.of("pw!")),
                ProjectScope.byName("cluster", "default"))) {
            assertEquals("tok-1", k.token());
        }
        wire.verify(postRequestedFor(urlPathEqualTo("/v3/auth/tokens")).withRequestBody(equalToJson(
                "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"ops\","
                        + "\"domain\":{\"id\":\"default\"},\"password\":\"pw!\"}}},\"scope\":{\"project\":{\"name\":\"cluster\","
                        + "\"domain\":{\"id\":\"default\"}}}}}")));
    }

    @Test
    void applicationCredentialsSendNoScopeAndRefuseOne() {
        stubToken("tok-app", NOW.plus(Duration.ofHours(1)));
        try (Keystone k = keystone(KeystoneCredentials.applicationCredential("app-id", Secret.of("s3cret")), null)) {
            k.token();
        }
        wire.verify(postRequestedFor(urlPathEqualTo("/v3/auth/tokens")).withRequestBody(equalToJson(
                "{\"auth\":{\"identity\":{\"methods\":[\"application_credential\"],"
                        + "\"application_credential\":{\"id\":\"app-id\",\"secret\":\"s3cret\"}}}}")));
        assertThrows(IllegalArgumentException.class, () -> keystone(
                KeystoneCredentials.applicationCredential("app-id", Secret.of("s")), ProjectScope.byId("p")));
    }

    @Test
    void theCatalogGivesTheEndpointByTypeInterfaceAndRegion() {
        stubToken("tok", NOW.plus(Duration.ofHours(1)));
        try (Keystone k = keystone(KeystoneCredentials.passwordById("u1", Secret.of("pw")), ProjectScope.byId("p"))) {
            assertEquals(URI.create(wire.baseUrl() + "/heat/v1/p"), k.endpoint("orchestration", "public", Optional.of("RegionOne")));
            assertEquals(URI.create("http://two/v1/p"), k.endpoint("orchestration", "public", Optional.of("RegionTwo")));
            assertEquals(URI.create("http://internal/v1/p"), k.endpoint("orchestration", "internal", Optional.empty()));
            KeystoneAuthException missing = assertThrows(KeystoneAuthException.class,
                    () -> k.endpoint("orchestration", "admin", Optional.empty()));
            assertTrue(missing.getMessage().contains("orchestration/internal/RegionOne"), missing.getMessage());
        }
    }

    @Test
    void tokensAreRefreshedBeforeTheyExpire() {
        stubToken("tok-1", NOW.plus(Duration.ofMinutes(10)));
        try (Keystone k = keystone(KeystoneCredentials.passwordById("u1", Secret.of("pw")), ProjectScope.byId("p"))) {
            assertEquals("tok-1", k.token());
            now.set(NOW.plus(Duration.ofMinutes(5)));
            assertEquals("tok-1", k.token(), "still valid beyond the refresh window");
            stubToken("tok-2", NOW.plus(Duration.ofMinutes(70)));
            now.set(NOW.plus(Duration.ofSeconds(8 * 60 + 30)));
            assertEquals("tok-2", k.token(), "refreshed inside the 2-minute window");
        }
        wire.verify(2, postRequestedFor(urlPathEqualTo("/v3/auth/tokens")));
    }

    @Test
    void wrongCredentialsAreATypedErrorWithoutTheSecret() {
        wire.stubFor(post(urlPathEqualTo("/v3/auth/tokens")).willReturn(aResponse().withStatus(401).withBody(
                "{\"error\":{\"code\":401,\"message\":\"The request you have made requires authentication.\",\"title\":\"Unauthorized\"}}")));
        try (Keystone k = keystone(KeystoneCredentials.passwordById("u1", Secret.of("hunter2")), ProjectScope.byId("p"))) {
            KeystoneAuthException e = assertThrows(KeystoneAuthException.class, k::token);
            assertEquals(401, e.status().getAsInt());
            assertTrue(e.getMessage().contains("requires authentication"), e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"));
            assertFalse(k.toString().contains("hunter2"));
        }
    }

    @Test
    void aHeat401AuthenticatesAgainOnceThenSucceeds() {
        stubToken("old", NOW.plus(Duration.ofHours(1)));
        wire.stubFor(get(urlPathEqualTo("/heat/v1/p/stacks/s/1")).withHeader("X-Auth-Token", equalTo("old"))
                .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"code\":401,\"title\":\"Unauthorized\",\"message\":\"expired\"}}")));
        wire.stubFor(get(urlPathEqualTo("/heat/v1/p/stacks/s/1")).withHeader("X-Auth-Token", equalTo("new"))
                .willReturn(aResponse().withStatus(200).withBody("{\"stack\":{\"id\":\"1\",\"stack_name\":\"s\",\"stack_status\":\"CREATE_COMPLETE\"}}")));
        try (Keystone k = keystone(KeystoneCredentials.passwordById("u1", Secret.of("pw")), ProjectScope.byId("p"));
             HeatClient heat = HeatClient.builder().keystone(k).region("RegionOne").build()) {
            k.token();
            stubToken("new", NOW.plus(Duration.ofHours(1)));
            assertEquals("CREATE_COMPLETE", heat.show(new StackRef("s", "1")).status());
        }
        wire.verify(2, postRequestedFor(urlPathEqualTo("/v3/auth/tokens")));
    }

    @Test
    void aCreateIsNeverSentTwiceButReadsAreRetried() {
        wire.stubFor(post(urlPathEqualTo("/v1/p/stacks")).willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));
        wire.stubFor(get(urlPathEqualTo("/v1/p/stacks/s/1")).inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo("/v1/p/stacks/s/1")).inScenario("r").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("{\"stack\":{\"id\":\"1\",\"stack_name\":\"s\",\"stack_status\":\"CREATE_IN_PROGRESS\"}}")));
        try (HeatClient heat = HeatClient.builder().endpoint(URI.create(wire.baseUrl() + "/v1/p"))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(1)).build()).build()) {
            OpenStackException e = assertThrows(OpenStackException.class, () -> heat.create(StackRequest.builder()
                    .name("s").template("heat_template_version: 2013-05-23").build()));
            assertTrue(e.isRetryable());
            assertTrue(e.getMessage().contains("busy"), e.getMessage());
            assertEquals("CREATE_IN_PROGRESS", heat.show(new StackRef("s", "1")).status());
        }
        wire.verify(1, postRequestedFor(urlPathEqualTo("/v1/p/stacks")));
        wire.verify(2, getRequestedFor(urlPathEqualTo("/v1/p/stacks/s/1")));
    }

    @Test
    void heatErrorBodiesAreParsedInBothShapesAndRequestsAreSnakeCase() {
        wire.stubFor(post(urlPathEqualTo("/v1/p/stacks")).willReturn(aResponse().withStatus(400).withBody(
                "{\"explanation\":\"The server could not comply with the request since it is either malformed or otherwise incorrect.\","
                        + "\"code\":400,\"error\":{\"message\":\"Property error: resources.r: bad\",\"traceback\":null,"
                        + "\"type\":\"StackValidationFailed\"},\"title\":\"Bad Request\"}")));
        try (HeatClient heat = HeatClient.builder().endpoint(URI.create(wire.baseUrl() + "/v1/p")).build()) {
            HeatBadRequestException e = assertThrows(HeatBadRequestException.class, () -> heat.create(StackRequest.builder()
                    .name("s").template("heat_template_version: 2013-05-23").addTag("corekube").addTag("prod")
                    .timeout(Duration.ofMinutes(15)).build()));
            assertEquals("StackValidationFailed", e.type());
            assertEquals("Property error: resources.r: bad", e.heatMessage());
        }
        wire.verify(postRequestedFor(urlPathEqualTo("/v1/p/stacks")).withRequestBody(equalToJson(
                "{\"stack_name\":\"s\",\"template\":\"heat_template_version: 2013-05-23\",\"parameters\":{},"
                        + "\"timeout_mins\":15,\"disable_rollback\":true,\"tags\":\"corekube,prod\"}")));
        assertThrows(IllegalArgumentException.class, () -> StackRequest.builder().name("s").template("t").addTag("a,b").build());
        assertThrows(IllegalArgumentException.class, () -> StackRequest.builder().name("1bad").template("t").build());
    }
}
