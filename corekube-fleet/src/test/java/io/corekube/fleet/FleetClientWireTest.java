package io.corekube.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
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
import io.corekube.ClientExchange;
import io.corekube.RetryPolicy;
import io.corekube.cluster.Machine;
import io.corekube.unit.InvalidUnitException;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitOption;
import io.corekube.unit.UnitStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests the fleet client sends, how it reads answers, and the faults it survives. */
class FleetClientWireTest {

    private static final String UNITS = "/fleet/v1/units";
    private WireMockServer wire;
    private FleetClient fleet;

    @BeforeEach
    void start() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
        fleet = FleetClient.builder().endpoint(URI.create(wire.baseUrl()))
                .requestTimeout(Duration.ofMillis(800))
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(5)).build())
                .build();
    }

    @AfterEach
    void stop() {
        fleet.close();
        wire.stop();
    }

    @Test
    void putUnitSendsOptionsAndDesiredStateAsJson() {
        wire.stubFor(put(urlPathEqualTo(UNITS + "/hello.service")).willReturn(aResponse().withStatus(201)));
        UnitFile unit = UnitFile.builder().service("ExecStart", "/bin/sleep 100").service("Environment", "").build();
        assertEquals(PutOutcome.CREATED, fleet.putUnit("hello.service", unit, UnitDesiredState.LAUNCHED));
        wire.verify(putRequestedFor(urlPathEqualTo(UNITS + "/hello.service"))
                .withHeader("Content-Type", matching("application/json(;.*)?"))
                .withRequestBody(equalToJson("{\"desiredState\":\"launched\",\"options\":["
                        + "{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/sleep 100\"},"
                        + "{\"section\":\"Service\",\"name\":\"Environment\",\"value\":\"\"}]}")));
    }

    @Test
    void setDesiredStateSendsNoOptionsAnd204IsUpdated() {
        wire.stubFor(put(urlPathEqualTo(UNITS + "/a.service")).willReturn(aResponse().withStatus(204)));
        fleet.setDesiredState("a.service", UnitDesiredState.LOADED);
        wire.verify(putRequestedFor(urlPathEqualTo(UNITS + "/a.service")).withRequestBody(equalToJson("{\"desiredState\":\"loaded\"}")));
        assertEquals(PutOutcome.UPDATED, fleet.putUnit("a.service", UnitFile.builder().service("A", "b").build(),
                UnitDesiredState.LAUNCHED));
    }

    @Test
    void unitsFollowsEveryPageUntilTheEmptyOne() {
        wire.stubFor(get(urlPathEqualTo(UNITS)).withQueryParam("nextPageToken", absent()).willReturn(json(
                "{\"units\":[{\"name\":\"a.service\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/a\"}],"
                        + "\"desiredState\":\"launched\",\"currentState\":\"launched\",\"machineID\":\"m1\"}],\"nextPageToken\":\"ZAACAA==\"}")));
        wire.stubFor(get(urlPathEqualTo(UNITS)).withQueryParam("nextPageToken", equalTo("ZAACAA==")).willReturn(json(
                "{\"units\":[{\"name\":\"b.service\",\"options\":[{\"section\":\"Service\",\"name\":\"Environment\"}],"
                        + "\"desiredState\":\"inactive\"}],\"nextPageToken\":\"ZAADAA==\"}")));
        wire.stubFor(get(urlPathEqualTo(UNITS)).withQueryParam("nextPageToken", equalTo("ZAADAA==")).willReturn(json("{}")));
        List<FleetUnit> units = fleet.units();
        assertEquals(List.of("a.service", "b.service"), units.stream().map(FleetUnit::name).toList());
        assertEquals(Optional.of("m1"), units.get(0).machineId());
        assertEquals(Optional.of(UnitDesiredState.LAUNCHED), units.get(0).currentState());
        assertEquals(Optional.empty(), units.get(1).currentState());
        assertEquals(List.of(UnitOption.of("Service", "Environment", "")), units.get(1).options());
        wire.verify(3, getRequestedFor(urlPathEqualTo(UNITS)));
    }

    @Test
    void stateFiltersAreSentAgainWithEveryPage() {
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/state")).withQueryParam("nextPageToken", absent()).willReturn(json(
                "{\"states\":[{\"name\":\"a.service\",\"hash\":\"abc\",\"machineID\":\"m1\",\"systemdLoadState\":\"loaded\","
                        + "\"systemdActiveState\":\"active\",\"systemdSubState\":\"running\"}],\"nextPageToken\":\"t2\"}")));
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/state")).withQueryParam("nextPageToken", equalTo("t2"))
                .willReturn(json("{\"states\":[{\"name\":\"a.service\",\"machineID\":\"m1\"}]}")));
        List<UnitStatus> states = fleet.unitStates(FleetClient.StateFilter.machine("m1"));
        assertEquals(2, states.size());
        assertEquals("running", states.get(0).subState());
        assertEquals(Optional.empty(), states.get(1).hash());
        assertEquals("", states.get(1).subState());
        wire.verify(2, getRequestedFor(urlPathEqualTo("/fleet/v1/state")).withQueryParam("machineID", equalTo("m1")));
    }

    @Test
    void machinesAreReadWithMetadataAndAbsentFieldsAsEmpty() {
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/machines")).willReturn(json(
                "{\"machines\":[{\"id\":\"m1\",\"primaryIP\":\"10.0.0.1\",\"metadata\":{\"kubernetes_role\":\"master\"}},{\"id\":\"m2\"}]}")));
        List<Machine> machines = fleet.machines();
        assertEquals(Optional.of("master"), machines.get(0).role());
        assertEquals("", machines.get(1).primaryIp());
        assertEquals(Map.of(), machines.get(1).metadata());
    }

    @Test
    void patchSendsNestedValueObjects() {
        wire.stubFor(patch(urlPathEqualTo("/fleet/v1/machines")).willReturn(aResponse().withStatus(204)));
        fleet.patchMachines(List.of(MetadataOperation.set("m1", "role", "minion"), MetadataOperation.remove("m1", "zone")));
        wire.verify(patchRequestedFor(urlPathEqualTo("/fleet/v1/machines")).withRequestBody(equalToJson(
                "[{\"op\":\"replace\",\"path\":\"/m1/metadata/role\",\"value\":{\"value\":\"minion\"}},"
                        + "{\"op\":\"remove\",\"path\":\"/m1/metadata/zone\"}]")));
        assertThrows(IllegalArgumentException.class, () -> MetadataOperation.set("m1", "bad key", "v"));
        assertThrows(IllegalArgumentException.class, () -> MetadataOperation.set("m1", "k", ""));
    }

    @Test
    void errorsAreTypedWithFleetsMessage() {
        wire.stubFor(get(urlPathEqualTo(UNITS + "/missing.service")).willReturn(error(404, "unit does not exist")));
        wire.stubFor(put(urlPathEqualTo(UNITS + "/new.service")).willReturn(error(409, "unit does not exist and options field empty")));
        wire.stubFor(put(urlPathEqualTo(UNITS + "/t@.service")).willReturn(error(400, "cannot activate template \"t@.service\"")));
        wire.stubFor(delete(urlPathEqualTo(UNITS + "/gone.service")).willReturn(error(404, "unit does not exist")));
        assertEquals(Optional.empty(), fleet.unit("missing.service"));
        FleetConflictException conflict = assertThrows(FleetConflictException.class,
                () -> fleet.setDesiredState("new.service", UnitDesiredState.LAUNCHED));
        assertEquals("unit does not exist and options field empty", conflict.fleetMessage());
        FleetBadRequestException bad = assertThrows(FleetBadRequestException.class,
                () -> fleet.setDesiredState("t@.service", UnitDesiredState.LAUNCHED));
        assertTrue(bad.getMessage().contains("cannot activate template"), bad.getMessage());
        assertEquals(400, bad.status().getAsInt());
        assertFalse(fleet.destroyUnit("gone.service"));
    }

    @Test
    void invalidNamesAreRefusedBeforeAnythingIsSent() {
        assertThrows(InvalidUnitException.class, () -> fleet.unit("no-suffix"));
        assertThrows(InvalidUnitException.class, () -> fleet.putUnit("a b.service",
                UnitFile.builder().service("A", "b").build(), UnitDesiredState.LAUNCHED));
        assertThrows(IllegalArgumentException.class, () -> UnitDesiredState.fromWire("running"));
        assertEquals(0, wire.getAllServeEvents().size());
    }

    @Test
    void serverErrorsAndResetsAreRetriedUpToThePolicy() {
        wire.stubFor(get(urlPathEqualTo(UNITS)).willReturn(error(503, "fleet server unable to communicate with etcd")));
        FleetException e = assertThrows(FleetException.class, fleet::units);
        assertTrue(e.isRetryable());
        assertEquals(503, e.status().getAsInt());
        wire.verify(3, getRequestedFor(urlPathEqualTo(UNITS)));

        wire.stubFor(get(urlPathEqualTo("/fleet/v1/machines")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertTrue(assertThrows(FleetException.class, fleet::machines).isRetryable());
        wire.verify(3, getRequestedFor(urlPathEqualTo("/fleet/v1/machines")));
    }

    @Test
    void theListenerSeesEveryAttempt() {
        List<ClientExchange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/machines")).willReturn(json("{\"machines\":[{\"id\":\"m\"}]}")));
        wire.stubFor(get(urlPathEqualTo(UNITS)).willReturn(error(503, "busy")));
        try (FleetClient listened = FleetClient.builder().endpoint(URI.create(wire.baseUrl())).listener(seen::add)
                .retryPolicy(RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(1)).build()).build()) {
            listened.machines();
            assertThrows(FleetException.class, listened::units);
        }
        assertEquals(List.of("GET /fleet/v1/machines 200", "GET /fleet/v1/units 503", "GET /fleet/v1/units 503"),
                seen.stream().map(e -> e.method() + " " + e.path() + " " + e.status()).toList());
        assertEquals(25, seen.get(0).responseBytes());
        assertTrue(seen.stream().allMatch(e -> e.client().equals("fleet")));
        assertTrue(seen.get(0).succeeded());
        assertEquals(List.of("200", "503", "503"), seen.stream().map(ClientExchange::outcome).toList());
    }

    @Test
    void theListenerSeesRoutesWithoutUnitNamesAndAttemptsWithoutAnswers() {
        List<ClientExchange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        wire.stubFor(delete(urlPathEqualTo(UNITS + "/web@1.service")).willReturn(aResponse().withStatus(204)));
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/state")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (FleetClient listened = FleetClient.builder().endpoint(URI.create(wire.baseUrl())).listener(seen::add)
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build()) {
            listened.destroyUnit("web@1.service");
            assertThrows(FleetException.class, listened::unitStates);
        }
        assertEquals(List.of("DELETE /fleet/v1/units/* 204", "GET /fleet/v1/state NO_ANSWER"),
                seen.stream().map(e -> e.method() + " " + e.route() + " " + e.outcome()).toList());
        assertEquals(UNITS + "/web@1.service", seen.get(0).path());
        assertEquals(0, seen.get(1).status());
    }

    @Test
    void clientErrorsAreNotRetried() {
        wire.stubFor(delete(urlPathEqualTo(UNITS + "/x.service")).willReturn(error(400, "bad")));
        assertThrows(FleetBadRequestException.class, () -> fleet.destroyUnit("x.service"));
        wire.verify(1, deleteRequestedFor(urlPathEqualTo(UNITS + "/x.service")));
    }

    @Test
    void aSlowAnswerTimesOutAsRetryable() {
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/state")).willReturn(json("{}").withFixedDelay(3000)));
        assertTrue(assertThrows(FleetException.class, fleet::unitStates).isRetryable());
    }

    @Test
    void malformedBodiesAndRepeatedTokensAreErrors() {
        wire.stubFor(get(urlPathEqualTo(UNITS)).willReturn(json("{\"units\": [")));
        assertThrows(FleetException.class, fleet::units);
        wire.stubFor(get(urlPathEqualTo("/fleet/v1/machines")).willReturn(json("{\"machines\":[{\"id\":\"m\"}],\"nextPageToken\":\"same\"}")));
        FleetException loop = assertThrows(FleetException.class, fleet::machines);
        assertTrue(loop.getMessage().contains("came twice"), loop.getMessage());
    }

    @Test
    void theOlderAliasPathCanBeUsed() {
        wire.stubFor(get(urlPathEqualTo("/v1-alpha/machines")).willReturn(json("{}")));
        try (FleetClient alpha = FleetClient.builder().endpoint(URI.create(wire.baseUrl())).basePath("/v1-alpha").build()) {
            assertTrue(alpha.machines().isEmpty());
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int code, String message) {
        return json("{\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}}").withStatus(code);
    }

    @Test
    void aWriteGuardRunsBeforeEachAttemptOfEachWriteAndAThrowingOneStopsTheRetryUnsent() {
        wire.stubFor(put(urlPathEqualTo(UNITS + "/hello.service")).willReturn(error(503, "busy")));
        wire.stubFor(get(urlPathEqualTo(UNITS + "/hello.service")).willReturn(aResponse().withStatus(404)));
        List<String> guarded = new java.util.ArrayList<>();
        FleetClient fenced = fleet.withWriteGuard(what -> {
            guarded.add(what);
            if (guarded.size() > 1) {
                throw new io.corekube.spi.LeadershipLostException("engine-a", what, "the lease ran short");
            }
        });
        UnitFile unit = UnitFile.builder().service("ExecStart", "/bin/sleep 100").build();
        assertThrows(io.corekube.spi.LeadershipLostException.class,
                () -> fenced.putUnit("hello.service", unit, UnitDesiredState.LAUNCHED));
        assertEquals(List.of("PUT /fleet/v1/units/hello.service", "PUT /fleet/v1/units/hello.service"), guarded,
                "checked before the first attempt and before the retry");
        wire.verify(1, putRequestedFor(urlPathEqualTo(UNITS + "/hello.service")));
        assertTrue(fenced.unit("hello.service").isEmpty(), "reads pass unguarded");
        fenced.close();
        assertTrue(fleet.unit("hello.service").isEmpty(), "closing the view leaves the client open");
    }
}
