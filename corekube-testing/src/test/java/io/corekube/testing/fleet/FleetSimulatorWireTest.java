package io.corekube.testing.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's wire rules that a typed client never exercises, as read from fleet v1.0.0's api package. */
class FleetSimulatorWireTest {

    private static final String UNIT = "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/true\"}]}";

    private FleetSimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        sim = FleetSimulator.builder().machines(1, Map.of()).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentTypeRules() throws Exception {
        HttpResponse<String> none = send("PUT", "/fleet/v1/units/a.service", UNIT, null);
        assertEquals(415, none.statusCode());
        assertEquals("{\"error\":{\"code\":415,\"message\":\"expected 1 Content-Type, got 0\"}}", none.body());
        HttpResponse<String> text = send("PUT", "/fleet/v1/units/a.service", UNIT, "text/plain");
        assertEquals("{\"error\":{\"code\":415,\"message\":\"only acceptable Content-Type is application/json\"}}", text.body());
        HttpResponse<String> created = send("PUT", "/fleet/v1/units/a.service", UNIT, "application/json; charset=utf-8");
        assertEquals(201, created.statusCode());
        assertEquals("", created.body());
        assertEquals(Optional.empty(), created.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("fleetd/v1.0.0"), created.headers().firstValue("Server"));
        assertTrue(created.headers().firstValue("Date").isPresent());
        assertTrue(send("PUT", "/fleet/v1/units/a.service", "{not json", "application/json").body()
                .contains("unable to decode body"));
    }

    @Test
    void routingAnswersAsGosServeMux() throws Exception {
        assertEquals(405, send("GET", "/", null, null).statusCode());
        assertEquals(405, send("GET", "/fleet/v1", null, null).statusCode());
        assertEquals(404, send("GET", "/fleet/v1/", null, null).statusCode());
        assertEquals(404, send("GET", "/fleet/v1/units/", null, null).statusCode());
        assertEquals(404, send("GET", "/fleet/v1/units/a/b.service", null, null).statusCode());
        assertEquals("{\"error\":{\"code\":405,\"message\":\"only GET supported against this resource\"}}",
                send("POST", "/fleet/v1/units", "{}", "application/json").body());
        assertEquals("{\"error\":{\"code\":405,\"message\":\"only GET, PUT and DELETE supported against this resource\"}}",
                send("POST", "/fleet/v1/units/a.service", "{}", "application/json").body());
        assertEquals(200, send("GET", "/v1-alpha/machines", null, null).statusCode());
        assertEquals(400, send("POST", "/fleet/v1/discovery", "", "application/json").statusCode());
    }

    @Test
    void unitRulesAndMessages() throws Exception {
        assertEquals("{\"error\":{\"code\":400,\"message\":\"name in URL \\\"a.service\\\" differs from unit name in request body \\\"b.service\\\"\"}}",
                send("PUT", "/fleet/v1/units/a.service", "{\"name\":\"b.service\",\"desiredState\":\"launched\"}", "application/json").body());
        assertEquals("{\"error\":{\"code\":400,\"message\":\"invalid unit type: \\\"exe\\\"\"}}",
                send("PUT", "/fleet/v1/units/a.exe", UNIT, "application/json").body());
        send("PUT", "/fleet/v1/units/a.service", UNIT, "application/json");
        assertEquals("{\"error\":{\"code\":409,\"message\":\"must provide DesiredState to update existing unit\"}}",
                send("PUT", "/fleet/v1/units/a.service", "{}", "application/json").body());
        assertEquals(204, send("PUT", "/fleet/v1/units/a.service", UNIT, "application/json").statusCode(),
                "the same options again only set the desired state");
        assertEquals(500, send("PUT", "/fleet/v1/units/b.service",
                UNIT.replace("launched", "running"), "application/json").statusCode(), "an invalid desired state on create");
        String longLine = "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"" + "x".repeat(2100) + "\"}]}";
        assertEquals("{\"error\":{\"code\":400,\"message\":\"line too long (max 2048 bytes)\"}}",
                send("PUT", "/fleet/v1/units/c.service", longLine, "application/json").body());
        HttpResponse<String> unit = send("GET", "/fleet/v1/units/a.service", null, null);
        assertTrue(unit.body().startsWith("{\"currentState\":"), unit.body());
        assertEquals("{\"error\":{\"code\":404,\"message\":\"unit does not exist\"}}",
                send("DELETE", "/fleet/v1/units/zzz.service", null, null).body());
    }

    @Test
    void patchRulesAreCheckedBeforeAnythingIsApplied() throws Exception {
        String id = sim.machines().get(0).id();
        assertEquals("{\"error\":{\"code\":400,\"message\":\"invalid value: add and replace require a value\"}}",
                send("PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/" + id + "/metadata/a\",\"value\":{\"value\":\"1\"}},"
                        + "{\"op\":\"add\",\"path\":\"/" + id + "/metadata/b\"}]", null).body());
        assertEquals(Map.of(), sim.machines().get(0).metadata(), "nothing applied from a refused patch");
        assertEquals("{\"error\":{\"code\":400,\"message\":\"machine metadata path invalid\"}}",
                send("PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/x/meta/a\",\"value\":{\"value\":\"1\"}}]", null).body());
        assertEquals("{\"error\":{\"code\":400,\"message\":\"invalid op: expect add, remove, or replace\"}}",
                send("PATCH", "/fleet/v1/machines", "[{\"op\":\"move\",\"path\":\"/x/metadata/a\"}]", null).body());
        assertEquals(204, send("PATCH", "/fleet/v1/machines", "[{\"op\":\"add\",\"path\":\"/unknown/metadata/a\",\"value\":{\"value\":\"1\"}}]", null).statusCode(),
                "unknown machine IDs are accepted");
    }
}
