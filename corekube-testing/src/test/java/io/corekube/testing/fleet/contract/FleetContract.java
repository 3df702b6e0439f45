package io.corekube.testing.fleet.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.cluster.Machine;
import io.corekube.fleet.FleetBadRequestException;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetClient.StateFilter;
import io.corekube.fleet.FleetConflictException;
import io.corekube.fleet.FleetUnit;
import io.corekube.fleet.MetadataOperation;
import io.corekube.fleet.PutOutcome;
import io.corekube.testing.fleet.RealFleetCluster;
import io.corekube.testing.fleet.RealFleetCluster.Spec;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * fleet scenarios written once and run against both the FleetSimulator and a real fleet v1.0.0: status codes,
 * messages, JSON shapes, headers, pagination, unit replace and desired states, templates, content types, PATCH
 * of metadata, systemd state transitions, scheduling constraints and machines that leave. Timing is compared
 * as order of events, never as durations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FleetContract {

    static final String API = "/fleet/v1";
    static final Spec SHARED = Spec.of(3)
            .withMetadata(1, "kubernetes_role=master,az=a")
            .withMetadata(2, "kubernetes_role=minion,az=b")
            .withMetadata(3, "kubernetes_role=minion,az=a")
            .withFakes("slow*=2s", "fail*");
    static final String M1 = RealFleetCluster.machineId(1);
    static final String M2 = RealFleetCluster.machineId(2);
    static final String M3 = RealFleetCluster.machineId(3);

    private final HttpClient http = HttpClient.newHttpClient();
    private FleetTarget.Cluster shared;
    private FleetClient fleet;
    private int counter;

    abstract FleetTarget target();

    @BeforeAll
    void startShared() {
        shared = target().start(SHARED);
        fleet = client(shared);
    }

    @AfterAll
    void stopShared() {
        fleet.close();
        shared.close();
    }

    @AfterEach
    void destroyEveryUnit() {
        fleet.units().forEach(u -> fleet.destroyUnit(u.name()));
    }

    // ---- helpers ----

    static FleetClient client(FleetTarget.Cluster cluster) {
        return FleetClient.builder().endpoint(cluster.endpoint())
                .retryPolicy(RetryPolicy.builder().maxAttempts(3).baseDelay(Duration.ofMillis(50)).build()).build();
    }

    String name(String prefix) {
        return prefix + "-" + (++counter) + ".service";
    }

    static UnitFile service(String exec, String... fleetOptions) {
        UnitFile.Builder b = UnitFile.builder().unit("Description", "contract").service("ExecStart", exec);
        for (int i = 0; i < fleetOptions.length; i += 2) {
            b.fleet(fleetOptions[i], fleetOptions[i + 1]);
        }
        return b.build();
    }

    static String unitJson(String desired, String exec) {
        return "{\"desiredState\":\"" + desired + "\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\""
                + exec + "\"}]}";
    }

    HttpResponse<String> raw(String method, String path, String body, String contentType) {
        return raw(shared, method, path, body, contentType);
    }

    HttpResponse<String> raw(FleetTarget.Cluster cluster, String method, String path, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpRequest request = b.build();
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException staleConnection) {
                // the JDK client may reuse a keep-alive connection the server already closed: one fresh try
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String error(int code, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message.replace("\"", "\\\"") + "\"}}";
    }

    void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + target().patience().toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("not within " + target().patience() + ": " + what);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<UnitStatus> states(FleetClient client, String unit) {
        return client.unitStates(StateFilter.unit(unit));
    }

    UnitStatus awaitSub(FleetClient client, String unit, String sub) {
        List<UnitStatus> found = new ArrayList<>();
        await(unit + " reaching " + sub, () -> {
            found.clear();
            states(client, unit).stream().filter(s -> s.subState().equals(sub)).forEach(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The distinct (active/sub) states a unit shows until it reaches {@code finalSub}, in order. */
    List<String> trace(String unit, String finalSub) {
        List<String> seen = new ArrayList<>();
        await(unit + " reaching " + finalSub, () -> {
            for (UnitStatus s : states(fleet, unit)) {
                String state = s.activeState() + "/" + s.subState();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                    seen.add(state);
                }
            }
            return !seen.isEmpty() && seen.get(seen.size() - 1).endsWith("/" + finalSub);
        });
        return seen;
    }

    // ---- wire ----

    @Test
    void createAnswers201WithNoBodyNoContentTypeAndTheServerHeader() {
        HttpResponse<String> r = raw("PUT", API + "/units/" + name("wire"), unitJson("inactive", "/bin/true"), "application/json");
        assertEquals(201, r.statusCode());
        assertEquals("", r.body());
        assertEquals(Optional.empty(), r.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("fleetd/v1.0.0"), r.headers().firstValue("Server"));
        assertTrue(r.headers().firstValue("Date").isPresent());
    }

    @Test
    void jsonAnswersHaveTheJsonContentTypeAndNoTrailingNewline() {
        HttpResponse<String> r = raw("GET", API + "/machines", null, null);
        assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
        assertTrue(r.body().endsWith("}"));
    }

    @Test
    void theSameOptionsAgainOnlySetTheDesiredState() {
        String n = name("same");
        assertEquals(201, raw("PUT", API + "/units/" + n, unitJson("inactive", "/bin/a"), "application/json").statusCode());
        HttpResponse<String> again = raw("PUT", API + "/units/" + n, unitJson("loaded", "/bin/a"), "application/json");
        assertEquals(204, again.statusCode());
        assertEquals("", again.body());
        assertEquals(Optional.of(UnitDesiredState.LOADED), fleet.unit(n).orElseThrow().desiredState());
    }

    @Test
    void otherOptionsReplaceTheUnit() {
        String n = name("replace");
        assertEquals(PutOutcome.CREATED, fleet.putUnit(n, service("/bin/v1"), UnitDesiredState.INACTIVE));
        assertEquals(PutOutcome.CREATED, fleet.putUnit(n, service("/bin/v2"), UnitDesiredState.INACTIVE));
        assertEquals(service("/bin/v2").options(), fleet.unit(n).orElseThrow().options());
    }

    @Test
    void replacingWithoutADesiredStateMakesTheUnitInactive() {
        String n = name("replace-state");
        fleet.putUnit(n, service("/bin/v1"), UnitDesiredState.LOADED);
        raw("PUT", API + "/units/" + n, "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/bin/v2\"}]}",
                "application/json");
        assertEquals(Optional.of(UnitDesiredState.INACTIVE), fleet.unit(n).orElseThrow().desiredState());
    }

    @Test
    void creatingWithoutOptionsIs409() {
        assertEquals(error(409, "unit does not exist and options field empty"),
                raw("PUT", API + "/units/" + name("no-options"), "{\"desiredState\":\"launched\"}", "application/json").body());
    }

    @Test
    void updatingWithoutADesiredStateIs409() {
        String n = name("no-state");
        fleet.putUnit(n, service("/bin/a"), UnitDesiredState.INACTIVE);
        assertEquals(error(409, "must provide DesiredState to update existing unit"),
                raw("PUT", API + "/units/" + n, "{}", "application/json").body());
    }

    @Test
    void templatesAreCreatedLaunchedButNeverActivatedByAnUpdate() {
        String t = "tmpl-" + (++counter) + "@.service";
        assertEquals(201, raw("PUT", API + "/units/" + t, unitJson("launched", "/bin/t"), "application/json").statusCode());
        FleetBadRequestException e = assertThrows(FleetBadRequestException.class,
                () -> fleet.setDesiredState(t, UnitDesiredState.LOADED));
        assertEquals("cannot activate template \"" + t + "\"", e.fleetMessage());
        fleet.setDesiredState(t, UnitDesiredState.INACTIVE);
    }

    @Test
    void anInvalidDesiredStateOnCreateIs500WithAnEmptyMessageAndNothingStored() {
        String n = name("bad-state");
        assertEquals(error(500, ""), raw("PUT", API + "/units/" + n, unitJson("running", "/bin/a"), "application/json").body());
        assertEquals(404, raw("GET", API + "/units/" + n, null, null).statusCode());
    }

    @Test
    void contentTypeIsRequiredAndMustBeJson() {
        String path = API + "/units/" + name("ctype");
        assertEquals(error(415, "expected 1 Content-Type, got 0"), raw("PUT", path, unitJson("inactive", "/a"), null).body());
        assertEquals(error(415, "only acceptable Content-Type is application/json"),
                raw("PUT", path, unitJson("inactive", "/a"), "text/plain").body());
        assertEquals(201, raw("PUT", path, unitJson("inactive", "/a"), "application/json; charset=utf-8").statusCode());
    }

    @Test
    void undecodableBodiesAre400WithGosMessage() {
        String path = API + "/units/" + name("decode");
        assertEquals(error(400, "unable to decode body: EOF"), raw("PUT", path, "", "application/json").body());
        assertEquals(error(400, "unable to decode body: json: cannot unmarshal number into Go struct field Unit.desiredState of type string"),
                raw("PUT", path, "{\"desiredState\":5}", "application/json").body());
        assertEquals(error(400, "unable to decode body: json: cannot unmarshal array into Go value of type schema.Unit"),
                raw("PUT", path, "[]", "application/json").body());
    }

    @Test
    void aBodyNameDifferentFromTheUrlIs400() {
        assertEquals(error(400, "name in URL \"a-x.service\" differs from unit name in request body \"b-x.service\""),
                raw("PUT", API + "/units/a-x.service", "{\"name\":\"b-x.service\",\"desiredState\":\"launched\"}",
                        "application/json").body());
    }

    @Test
    void invalidNamesAre400WithFleetsMessages() {
        assertEquals(error(400, "invalid unit type: \"exe\""), raw("PUT", API + "/units/a.exe", unitJson("inactive", "/a"),
                "application/json").body());
        assertEquals(error(400, "unit name must contain \".\""), raw("PUT", API + "/units/nodot", unitJson("inactive", "/a"),
                "application/json").body());
        assertEquals(error(400, "invalid unit type for template: \"mount\""), raw("PUT", API + "/units/a@b.mount",
                unitJson("inactive", "/a"), "application/json").body());
    }

    @Test
    void overlongLinesAndPlacementConflictsAre400() {
        assertEquals(error(400, "line too long (max 2048 bytes)"), raw("PUT", API + "/units/" + name("long"),
                unitJson("inactive", "x".repeat(2100)), "application/json").body());
        String both = "{\"desiredState\":\"launched\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/a\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"MachineID\",\"value\":\"" + M1 + "\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"Global\",\"value\":\"true\"}]}";
        assertEquals(error(400, "MachineID cannot be used with Global"), raw("PUT", API + "/units/" + name("placement"), both,
                "application/json").body());
        String peerConflict = "{\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\",\"value\":\"/a\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"MachineOf\",\"value\":\"web.service\"},"
                + "{\"section\":\"X-Fleet\",\"name\":\"Conflicts\",\"value\":\"w*\"}]}";
        assertEquals(error(400, "unresolvable requirements: peer \"web.service\" matches conflict \"w*\""),
                raw("PUT", API + "/units/" + name("peer"), peerConflict, "application/json").body());
    }

    @Test
    void lineLengthsAreJudgedAsTheSdkJudgesThem() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Random random = new java.util.Random(2048);
        List<List<io.corekube.unit.UnitOption>> units = new ArrayList<>();
        units.add(List.of(io.corekube.unit.UnitOption.of("S".repeat(2046), "A", "b")));          // a 2,048-byte header
        units.add(List.of(io.corekube.unit.UnitOption.of("S".repeat(2047), "A", "b")));
        units.add(List.of(io.corekube.unit.UnitOption.of("Service", "A", "x".repeat(3000))));     // a 3,002-byte line
        for (int i = 0; i < 40; i++) {
            List<io.corekube.unit.UnitOption> options = new ArrayList<>();
            int before = random.nextInt(6);
            for (int j = 0; j < before; j++) {
                options.add(io.corekube.unit.UnitOption.of("Service", "Environment", "K" + j + "=" + "v".repeat(random.nextInt(1500))));
            }
            options.add(io.corekube.unit.UnitOption.of("Service", "ExecStart", "/x" + "y".repeat(2030 + random.nextInt(1200))));
            units.add(options);
        }
        int accepted = 0;
        int refused = 0;
        for (List<io.corekube.unit.UnitOption> options : units) {
            boolean sdkAccepts;
            try {
                io.corekube.unit.UnitFile.of(options);
                sdkAccepts = true;
            } catch (io.corekube.unit.InvalidUnitException e) {
                assertTrue(e.getMessage().contains("line too long (max 2048 bytes)"), e.getMessage());
                sdkAccepts = false;
            }
            List<Map<String, String>> wire = options.stream().map(o -> Map.of("section", o.section(), "name", o.name(),
                    "value", o.value())).toList();
            HttpResponse<String> r = raw("PUT", API + "/units/" + name("lines"),
                    json.writeValueAsString(Map.of("desiredState", "inactive", "options", wire)), "application/json");
            if (sdkAccepts) {
                assertEquals(201, r.statusCode(), "the SDK accepts what fleet refused: " + r.body());
                accepted++;
            } else {
                assertEquals(error(400, "line too long (max 2048 bytes)"), r.body());
                refused++;
            }
        }
        assertTrue(accepted >= 5 && refused >= 5, accepted + " accepted, " + refused + " refused: both verdicts must be seen");
    }

    @Test
    void conflictGlobsAreJudgedAsTheSdkJudgesThem() throws Exception {
        // MachineID with MachineOf is always refused; fleet first says whether the peer matches the conflict glob
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String[]> cases = new ArrayList<>(List.of(new String[] {"*??", "\u263a"},   // path.Match steps bytes after '*'
                new String[] {"x.service\u00a0b*", "b1.service"},                               // strings.Fields splits at U+00A0
                new String[] {"x.service\u200bb*", "b1.service"}, new String[] {"[", "["}, new String[] {"a[", "a"},
                new String[] {"[\\-x]", "-"}, new String[] {"[]a]", "]"}, new String[] {"*a".repeat(14) + "*b", "a".repeat(80)},
                new String[] {"\\*", "*"}, new String[] {"*", "a/b"}, new String[] {"[^a]", "\u263a"}));
        io.corekube.fuzz.Fuzz f = io.corekube.fuzz.Fuzz.seeded(2050);
        for (int i = 0; i < 120; i++) {
            cases.add(i % 2 == 0 ? new String[] {chars(f, "ab*?", 1 + f.random().nextInt(6)), chars(f, "ab", f.random().nextInt(6))}
                    : new String[] {chars(f, "ab*?[]^-\\/\u263a.", 1 + f.random().nextInt(8)), chars(f, "ab-]/\\\u263a.", f.random().nextInt(7))});
        }
        int matched = 0;
        for (String[] c : cases) {
            List<io.corekube.unit.UnitOption> options = List.of(io.corekube.unit.UnitOption.of("Service", "ExecStart", "/a"),
                    io.corekube.unit.UnitOption.of("X-Fleet", "MachineID", M1), io.corekube.unit.UnitOption.of("X-Fleet", "MachineOf", c[1]),
                    io.corekube.unit.UnitOption.of("X-Fleet", "Conflicts", c[0]));
            String sdk = UnitFile.ofStored(options).fleetRequirements().problem().orElseThrow();
            List<Map<String, String>> wire = options.stream().map(o -> Map.of("section", o.section(), "name", o.name(),
                    "value", o.value())).toList();
            HttpResponse<String> r = raw("PUT", API + "/units/" + name("glob"),
                    json.writeValueAsString(Map.of("desiredState", "inactive", "options", wire)), "application/json");
            assertEquals(400, r.statusCode(), r.body());
            String message = json.readTree(r.body()).path("error").path("message").asText();
            boolean fleetMatched = message.startsWith("unresolvable requirements");
            assertEquals(fleetMatched, sdk.startsWith("unresolvable requirements"), c[0] + " ~ " + c[1] + ": fleet said " + message);
            matched += fleetMatched ? 1 : 0;
        }
        assertTrue(matched >= 10 && cases.size() - matched >= 10, matched + " of " + cases.size() + " matched: both verdicts must be seen");
    }

    @Test
    void aUnitTheSdkRefusesIsNeverSent() throws Exception {
        UnitFile withNul = UnitFile.parse("[Service]\nExecStart=/bin/app\u0000--evil\n");
        String n = name("nul");
        assertThrows(io.corekube.unit.InvalidUnitException.class, () -> fleet.putUnit(n, withNul, UnitDesiredState.INACTIVE));
        assertEquals(Optional.empty(), fleet.unit(n));
        // fleet itself stores it: the SDK is stricter on purpose (control characters break readers further on)
        String body = "{\"desiredState\":\"inactive\",\"options\":[{\"section\":\"Service\",\"name\":\"ExecStart\","
                + "\"value\":\"/bin/app\\u0000--evil\"}]}";
        assertEquals(201, raw("PUT", API + "/units/" + n, body, "application/json").statusCode());
        assertEquals(withNul.hash(), fleet.unit(n).orElseThrow().unitFile().hash());
    }

    private static String chars(io.corekube.fuzz.Fuzz f, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(f.random().nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Test
    void missingUnitsAre404() {
        assertEquals(error(404, "unit does not exist"), raw("GET", API + "/units/nope-x.service", null, null).body());
        assertEquals(error(404, "unit does not exist"), raw("DELETE", API + "/units/nope-x.service", null, null).body());
        assertEquals(Optional.empty(), fleet.unit("nope-x.service"));
    }

    @Test
    void aDestroyedUnitIsGoneAtOnce() {
        String n = name("destroy");
        fleet.putUnit(n, service("/bin/a"), UnitDesiredState.INACTIVE);
        HttpResponse<String> r = raw("DELETE", API + "/units/" + n, null, null);
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertEquals(404, raw("GET", API + "/units/" + n, null, null).statusCode());
    }

    @Test
    void methodsOutsideEachResourceAre405WithAMessage() {
        assertEquals(error(405, "only GET supported against this resource"), raw("POST", API + "/units", "{}", "application/json").body());
        assertEquals(error(405, "only GET, PUT and DELETE supported against this resource"),
                raw("POST", API + "/units/a.service", "{}", "application/json").body());
        assertEquals(error(405, "only GET supported against this resource"), raw("DELETE", API + "/state", null, null).body());
        assertEquals(error(405, "only GET and PATCH supported against this resource"), raw("PUT", API + "/machines", "[]",
                "application/json").body());
    }

    @Test
    void routingEdgesAre404Or405WithAnEmptyMessage() {
        assertEquals(error(405, ""), raw("GET", "/", null, null).body());
        assertEquals(error(405, ""), raw("GET", API, null, null).body());
        assertEquals(error(404, ""), raw("GET", API + "/", null, null).body());
        assertEquals(error(404, ""), raw("GET", API + "/units/", null, null).body());
        assertEquals(error(404, ""), raw("GET", API + "/units/a/b.service", null, null).body());
        assertEquals(error(404, ""), raw("GET", "/fleet/v2/units", null, null).body());
    }

    @Test
    void theV1AlphaAliasServesTheSameResources() {
        assertEquals(raw("GET", API + "/machines", null, null).body(), raw("GET", "/v1-alpha/machines", null, null).body());
    }

    @Test
    void discoveryAnswersGetAndRefusesOtherMethods() {
        assertEquals(200, raw("GET", API + "/discovery", null, null).statusCode());
        assertEquals(error(400, "only HTTP GET supported against this resource"),
                raw("POST", API + "/discovery", "", "application/json").body());
    }

    @Test
    void emptyCollectionsAreEmptyObjects() {
        assertEquals("{}", raw("GET", API + "/units", null, null).body());
        assertEquals("{}", raw("GET", API + "/state?unitName=none-x.service", null, null).body());
    }

    @Test
    void theStateOfAUnitWithoutOneIsAnsweredByADroppedConnection() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> raw("GET", API + "/state/none-x.service", null, null));
        assertTrue(e.getCause() instanceof java.io.IOException, "fleet v1.0.0 panics here and answers nothing: " + e);
    }

    @Test
    void unitJsonOmitsEmptyFields() {
        String n = name("omit");
        raw("PUT", API + "/units/" + n, "{\"desiredState\":\"inactive\",\"options\":[{\"section\":\"Service\",\"name\":\"Environment\",\"value\":\"\"}]}",
                "application/json");
        assertEquals("{\"currentState\":\"inactive\",\"desiredState\":\"inactive\",\"name\":\"" + n
                + "\",\"options\":[{\"name\":\"Environment\",\"section\":\"Service\"}]}", raw("GET", API + "/units/" + n, null, null).body());
    }

    // ---- pagination ----

    @Test
    void aFullPageCarriesATokenAndThePageAfterItIsEmpty() {
        String first = raw("GET", API + "/machines", null, null).body();
        assertFalse(first.contains("nextPageToken"), "3 machines fit on a page of 100");
        try (FleetTarget.Cluster small = target().start(Spec.of(2).withPageSize(2)); FleetClient c = client(small)) {
            String page1 = raw(small, "GET", API + "/machines", null, null).body();
            assertTrue(page1.endsWith(",\"nextPageToken\":\"AgACAA==\"}"), page1);
            assertEquals("{}", raw(small, "GET", API + "/machines?nextPageToken=AgACAA==", null, null).body());
            for (int i = 0; i < 5; i++) {
                c.putUnit("p" + i + ".service", service("/p" + i), UnitDesiredState.INACTIVE);
            }
            assertEquals(List.of("p0.service", "p1.service", "p2.service", "p3.service", "p4.service"),
                    c.units().stream().map(FleetUnit::name).toList());
        }
    }

    @Test
    void badPageTokensAre400WithFleetsMessages() {
        assertEquals(error(400, "token limit must be 100"), raw("GET", API + "/units?nextPageToken=AgACAA==", null, null).body());
        assertEquals(error(400, "token page must be greater than zero"), raw("GET", API + "/units?nextPageToken=ZAAAAA==", null, null).body());
        assertEquals(error(400, "illegal base64 data at input byte 0"), raw("GET", API + "/state?nextPageToken=!!", null, null).body());
        assertEquals(error(400, "unexpected EOF"), raw("GET", API + "/machines?nextPageToken=AQ==", null, null).body());
        assertEquals(error(400, "too many values for page token"),
                raw("GET", API + "/units?nextPageToken=ZAACAA==&nextPageToken=ZAACAA==", null, null).body());
    }

    // ---- machines ----

    @Test
    void machinesAreListedByIdWithIpAndMetadata() {
        List<Machine> machines = fleet.machines();
        assertEquals(List.of(M1, M2, M3), machines.stream().map(Machine::id).toList());
        assertEquals("127.0.0.2", machines.get(1).primaryIp());
        assertEquals(Optional.of("master"), machines.get(0).role());
    }

    @Test
    void patchedMetadataOverridesAndRemoveHidesAKey() {
        fleet.patchMachines(List.of(MetadataOperation.set(M3, "zone", "c")));
        await("zone=c listed", () -> "c".equals(fleet.machines().get(2).metadata().get("zone")));
        fleet.patchMachines(List.of(MetadataOperation.remove(M3, "zone")));
        await("zone hidden", () -> !fleet.machines().get(2).metadata().containsKey("zone"));
    }

    @Test
    void patchIsValidatedWholeAndAcceptsUnknownMachinesWithoutAContentType() {
        assertEquals(error(400, "invalid value: add and replace require a value"), raw("PATCH", API + "/machines",
                "[{\"op\":\"add\",\"path\":\"/" + M2 + "/metadata/p1\",\"value\":{\"value\":\"1\"}},{\"op\":\"add\",\"path\":\"/" + M2 + "/metadata/p2\"}]",
                null).body());
        assertFalse(fleet.machines().get(1).metadata().containsKey("p1"), "nothing of a refused patch applied");
        assertEquals(error(400, "machine metadata path invalid"), raw("PATCH", API + "/machines",
                "[{\"op\":\"add\",\"path\":\"/x/meta/a\",\"value\":{\"value\":\"1\"}}]", null).body());
        assertEquals(error(400, "invalid op: expect add, remove, or replace"), raw("PATCH", API + "/machines",
                "[{\"op\":\"copy\",\"path\":\"/x/metadata/a\"}]", null).body());
        HttpResponse<String> unknown = raw("PATCH", API + "/machines",
                "[{\"op\":\"add\",\"path\":\"/ffff/metadata/a\",\"value\":{\"value\":\"1\"}}]", null);
        assertEquals(204, unknown.statusCode());
        assertEquals(Optional.of("application/json"), unknown.headers().firstValue("Content-Type"));
    }

    // ---- states ----

    @Test
    void aServiceGoesActiveRunningWithTheSdksHash() {
        String n = name("svc");
        UnitFile unit = service("/bin/svc");
        fleet.putUnit(n, unit, UnitDesiredState.LAUNCHED);
        UnitStatus s = awaitSub(fleet, n, "running");
        assertEquals("loaded", s.loadState());
        assertEquals("active", s.activeState());
        assertEquals(Optional.of(unit.hash()), s.hash());
        await("currentState launched", () -> fleet.unit(n).orElseThrow().currentState().equals(Optional.of(UnitDesiredState.LAUNCHED)));
        assertEquals(Optional.of(s.machineId()), fleet.unit(n).orElseThrow().machineId());
    }

    @Test
    void aOneshotWithRemainAfterExitEndsActiveExited() {
        String n = name("remain");
        fleet.putUnit(n, UnitFile.builder().service("Type", "oneshot").service("RemainAfterExit", "yes")
                .service("ExecStart", "/bin/dl").build(), UnitDesiredState.LAUNCHED);
        assertEquals("active", awaitSub(fleet, n, "exited").activeState());
    }

    @Test
    void aOneshotWithoutRemainAfterExitEndsInactiveDead() {
        String n = name("once");
        fleet.putUnit(n, UnitFile.builder().service("Type", "oneshot").service("ExecStart", "/bin/x").build(), UnitDesiredState.LAUNCHED);
        UnitStatus s = awaitSub(fleet, n, "dead");
        assertEquals("inactive", s.activeState());
        assertEquals("loaded", s.loadState());
    }

    @Test
    void aFailingUnitEndsFailed() {
        String n = name("fail");
        fleet.putUnit(n, service("/bin/fail"), UnitDesiredState.LAUNCHED);
        assertEquals("failed", awaitSub(fleet, n, "failed").activeState());
    }

    @Test
    void aSlowUnitIsActivatingBeforeItRuns() {
        String n = name("slow");
        fleet.putUnit(n, service("/bin/slow"), UnitDesiredState.LAUNCHED);
        assertEquals(List.of("activating/start", "active/running"), trace(n, "running"));
    }

    @Test
    void aLoadedUnitIsLoadedInactiveDeadUntilLaunched() {
        String n = name("loaded");
        fleet.putUnit(n, service("/bin/l"), UnitDesiredState.LOADED);
        UnitStatus s = awaitSub(fleet, n, "dead");
        assertEquals("loaded/inactive", s.loadState() + "/" + s.activeState());
        fleet.setDesiredState(n, UnitDesiredState.LAUNCHED);
        awaitSub(fleet, n, "running");
    }

    @Test
    void settingInactiveUnloadsTheUnit() {
        String n = name("unload");
        fleet.putUnit(n, service("/bin/u"), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, n, "running");
        fleet.setDesiredState(n, UnitDesiredState.INACTIVE);
        await("state gone", () -> states(fleet, n).isEmpty());
        await("unscheduled", () -> fleet.unit(n).orElseThrow().machineId().isEmpty());
    }

    @Test
    void aNewUnitIsInactiveUntilItsAgentRunsIt() {
        String n = name("current");
        fleet.putUnit(n, service("/bin/c"), UnitDesiredState.LAUNCHED);
        FleetUnit right = fleet.unit(n).orElseThrow();
        assertEquals(Optional.of(UnitDesiredState.INACTIVE), right.currentState());
        awaitSub(fleet, n, "running");
        await("current launched", () -> fleet.unit(n).orElseThrow().currentState().equals(Optional.of(UnitDesiredState.LAUNCHED)));
    }

    @Test
    void aReplacedUnitRunsWithItsNewHash() {
        String n = name("rehash");
        fleet.putUnit(n, service("/bin/v1"), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, n, "running");
        UnitFile v2 = service("/bin/v2");
        fleet.putUnit(n, v2, UnitDesiredState.LAUNCHED);
        await("new hash reported", () -> states(fleet, n).stream().anyMatch(s -> s.hash().equals(Optional.of(v2.hash()))
                && s.subState().equals("running")));
    }

    @Test
    void aDestroyedUnitsStateGoesAway() {
        String n = name("linger");
        fleet.putUnit(n, service("/bin/l"), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, n, "running");
        fleet.destroyUnit(n);
        assertEquals(Optional.empty(), fleet.unit(n));
        await("state gone", () -> states(fleet, n).isEmpty());
    }

    @Test
    void stateFiltersNeedExactValues() {
        String n = name("filter");
        fleet.putUnit(n, service("/bin/f", "MachineID", M2), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, n, "running");
        assertTrue(fleet.unitStates(StateFilter.machine(M2)).stream().anyMatch(s -> s.name().equals(n)));
        assertTrue(fleet.unitStates(StateFilter.machine(M2.substring(0, 8))).isEmpty(), "no prefix match");
        assertEquals(List.of(M2), fleet.unitStates(StateFilter.unit(n)).stream().map(UnitStatus::machineId).toList());
        assertTrue(raw("GET", API + "/state/" + n, null, null).body().contains("\"name\":\"" + n + "\""));
    }

    @Test
    void theStateListIsOrderedByUnitName() {
        List<String> names = List.of(name("order-c"), name("order-a"), name("order-b"));
        names.forEach(n -> fleet.putUnit(n, service("/bin/o"), UnitDesiredState.LAUNCHED));
        names.forEach(n -> awaitSub(fleet, n, "running"));
        List<String> listed = fleet.unitStates().stream().map(UnitStatus::name).filter(names::contains).toList();
        assertEquals(names.stream().sorted().toList(), listed);
    }

    // ---- scheduling ----

    @Test
    void machineIdSchedulesOnThatMachine() {
        String onThree = name("by-id");
        String onTwo = name("by-id");
        fleet.putUnit(onThree, service("/bin/a", "MachineID", M3), UnitDesiredState.LAUNCHED);
        fleet.putUnit(onTwo, service("/bin/a", "MachineID", M2), UnitDesiredState.LAUNCHED);
        assertEquals(M3, awaitSub(fleet, onThree, "running").machineId());
        assertEquals(M2, awaitSub(fleet, onTwo, "running").machineId());
    }

    @Test
    void machineMetadataSchedulesOnlyOnMatchingMachines() {
        String master = name("role");
        String zoned = name("multi");
        fleet.putUnit(master, service("/bin/m", "MachineMetadata", "kubernetes_role=master"), UnitDesiredState.LAUNCHED);
        fleet.putUnit(zoned, service("/bin/z", "MachineMetadata", "az=b", "MachineMetadata", "kubernetes_role=minion"),
                UnitDesiredState.LAUNCHED);
        assertEquals(M1, awaitSub(fleet, master, "running").machineId());
        assertEquals(M2, awaitSub(fleet, zoned, "running").machineId());
    }

    @Test
    void machineOfFollowsItsPeer() {
        String anchor = name("anchor");
        fleet.putUnit(anchor, service("/bin/a", "MachineMetadata", "az=b"), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, anchor, "running");
        String follower = name("follower");
        fleet.putUnit(follower, service("/bin/f", "MachineOf", anchor), UnitDesiredState.LAUNCHED);
        assertEquals(M2, awaitSub(fleet, follower, "running").machineId());
    }

    @Test
    void conflictingUnitsLandOnDifferentMachines() {
        List<String> names = List.of(name("web"), name("web"), name("web"));
        names.forEach(n -> fleet.putUnit(n, service("/bin/w", "Conflicts", "web-*"), UnitDesiredState.LAUNCHED));
        Set<String> machines = names.stream().map(n -> awaitSub(fleet, n, "running").machineId()).collect(Collectors.toSet());
        assertEquals(3, machines.size());
    }

    @Test
    void aGlobalUnitRunsOnEveryMatchingMachineAndListsAsInactive() {
        String n = name("global");
        fleet.putUnit(n, service("/bin/g", "Global", "true", "MachineMetadata", "kubernetes_role=minion"), UnitDesiredState.LAUNCHED);
        await("running on both minions", () -> states(fleet, n).stream().filter(s -> s.subState().equals("running")).count() == 2);
        assertEquals(Set.of(M2, M3), states(fleet, n).stream().map(UnitStatus::machineId).collect(Collectors.toSet()));
        FleetUnit u = fleet.unit(n).orElseThrow();
        assertEquals(Optional.empty(), u.machineId());
        assertEquals(Optional.empty(), u.currentState(), "fleet reports no current state for a global unit");
    }

    @Test
    void aUnitForAnAbsentMachineStaysUnscheduled() {
        String n = name("nowhere");
        fleet.putUnit(n, service("/bin/n", "MachineID", "f".repeat(32)), UnitDesiredState.LAUNCHED);
        String other = name("elsewhere");
        fleet.putUnit(other, service("/bin/e"), UnitDesiredState.LAUNCHED);
        awaitSub(fleet, other, "running");
        sleep(1500);
        assertTrue(states(fleet, n).isEmpty());
        assertEquals(Optional.empty(), fleet.unit(n).orElseThrow().machineId());
    }

    @Test
    void unitsSpreadOverTheLeastLoadedMachines() {
        List<String> names = List.of(name("spread"), name("spread"), name("spread"));
        for (String n : names) {
            fleet.putUnit(n, service("/bin/s"), UnitDesiredState.LAUNCHED);
            awaitSub(fleet, n, "running");
        }
        assertEquals(Set.of(M1, M2, M3), names.stream().map(n -> states(fleet, n).get(0).machineId()).collect(Collectors.toSet()));
    }

    // ---- machines that leave ----

    @Test
    void theUnitsOfAStoppedMachineMoveAndItLeavesTheList() {
        try (FleetTarget.Cluster c = target().start(Spec.of(2)); FleetClient f = client(c)) {
            f.putUnit("moving.service", service("/bin/m"), UnitDesiredState.LAUNCHED);
            String first = awaitSub(f, "moving.service", "running").machineId();
            c.stop(first.equals(RealFleetCluster.machineId(1)) ? 1 : 2);
            try (FleetClient survivor = client(c)) {
                await("stopped machine gone", () -> survivor.machines().stream().noneMatch(m -> m.id().equals(first)));
                assertNotEquals(first, awaitSub(survivor, "moving.service", "running").machineId());
            }
        }
    }

    @Test
    void aKilledMachineStaysListedUntilItsTtlThenItsUnitsMove() {
        String m1 = RealFleetCluster.machineId(1);
        String m2 = RealFleetCluster.machineId(2);
        try (FleetTarget.Cluster c = target().start(Spec.of(2).withAgentTtl(Duration.ofSeconds(6))); FleetClient f = client(c)) {
            f.putUnit("blocker.service", service("/bin/b", "MachineID", m1), UnitDesiredState.LAUNCHED);
            awaitSub(f, "blocker.service", "running");
            f.putUnit("free.service", service("/bin/f", "Conflicts", "blocker*"), UnitDesiredState.LAUNCHED);
            assertEquals(m2, awaitSub(f, "free.service", "running").machineId());
            f.destroyUnit("blocker.service");
            c.kill(2);
            assertEquals(2, f.machines().size(), "a killed machine is still listed right after");
            await("killed machine gone after its TTL", () -> f.machines().size() == 1);
            await("its unit runs on the survivor", () -> states(f, "free.service").stream()
                    .anyMatch(s -> s.machineId().equals(m1) && s.subState().equals("running")));
        }
    }

    @Test
    void aMachineAddedLaterTakesGlobalUnits() {
        try (FleetTarget.Cluster c = target().start(Spec.of(1)); FleetClient f = client(c)) {
            f.putUnit("all.service", service("/bin/a", "Global", "true"), UnitDesiredState.LAUNCHED);
            awaitSub(f, "all.service", "running");
            int added = c.addMachine("kubernetes_role=minion");
            await("global unit on the new machine", () -> states(f, "all.service").stream()
                    .anyMatch(s -> s.machineId().equals(RealFleetCluster.machineId(added)) && s.subState().equals("running")));
        }
    }

    // ---- hashes ----

    @Test
    void theSdksHashEqualsFleetsForVariedUnits() {
        List<UnitFile> units = List.of(
                service("/bin/sleep 100"),
                UnitFile.builder().service("ExecStart", "/bin/sleep 100").build(),
                UnitFile.builder().unit("Description", "multi").service("ExecStartPre", "/bin/a").unit("After", "x.service")
                        .service("ExecStart", "/bin/b").service("ExecStart", "/bin/c").fleet("MachineMetadata", "az=a").build(),
                UnitFile.builder().service("ExecStart", "/bin/sh -c \\\n  'echo cont'").service("Environment", "").build(),
                UnitFile.builder().service("ExecStart", "/bin/echo héllo wörld ✓").service("RestartSec", "2").build());
        for (UnitFile u : units) {
            String n = name("hash");
            fleet.putUnit(n, u, UnitDesiredState.LAUNCHED);
            assertEquals(Optional.of(u.hash()), awaitSub(fleet, n, "running").hash(), u.serialize());
            assertEquals(u.hash(), fleet.unit(n).orElseThrow().unitFile().hash());
        }
    }

    @Test
    void theGeneratedKubernetesRoleUnitsHashAsFleetDoes() {
        for (io.corekube.templates.kubernetes.KubernetesRoles.Profile profile : io.corekube.templates.kubernetes.KubernetesRoles.Profile.values()) {
            io.corekube.templates.kubernetes.KubernetesRoles roles = io.corekube.templates.TestRoles.of(profile);
            Machine master = fleet.machines().get(0);
            Machine minion = fleet.machines().get(1);
            List<io.corekube.deploy.RoleCatalog.RoleUnit> units = new ArrayList<>();
            roles.render("master", master, Optional.of(master)).forEach(s -> units.addAll(s.units()));
            roles.render("minion", minion, Optional.of(master)).forEach(s -> units.addAll(s.units()));
            for (io.corekube.deploy.RoleCatalog.RoleUnit u : units) {
                fleet.putUnit(u.submission().name(), u.submission().unit(), UnitDesiredState.LAUNCHED);
            }
            for (io.corekube.deploy.RoleCatalog.RoleUnit u : units) {
                String name = u.submission().name();
                await(name + " reported", () -> !states(fleet, name).isEmpty());
                assertEquals(Optional.of(u.submission().unit().hash()), states(fleet, name).get(0).hash(), profile + " " + name);
            }
            units.forEach(u -> fleet.destroyUnit(u.submission().name()));
            // the next profile reuses these names: wait until the destroyed units' states are gone
            units.forEach(u -> await(u.submission().name() + " state gone", () -> states(fleet, u.submission().name()).isEmpty()));
        }
    }

    @Test
    void aSubmittedUnitIsConflictIfDestroyedAndUpdated() {
        String n = name("gone");
        fleet.putUnit(n, service("/bin/g"), UnitDesiredState.INACTIVE);
        fleet.destroyUnit(n);
        assertThrows(FleetConflictException.class, () -> fleet.setDesiredState(n, UnitDesiredState.LAUNCHED));
    }
}
