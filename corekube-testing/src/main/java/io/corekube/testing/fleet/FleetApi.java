package io.corekube.testing.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.testing.internal.MiniHttpServer.Request;
import io.corekube.testing.internal.MiniHttpServer.Response;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import io.corekube.unit.UnitOption;
import io.corekube.unit.UnitParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** fleet v1.0.0's HTTP API (api/*.go) over a {@link SimulatedCluster}: routes, validation, JSON, errors. */
final class FleetApi implements Function<Request, Response> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern METADATA_PATH = Pattern.compile("^/([^/]+)/metadata/([A-Za-z0-9_.-]+)$");
    private static final String VERSION = "v1.0.0";

    private final SimulatedCluster cluster;
    private final FleetSimulator.Settings settings;
    private final RequestLog log;

    FleetApi(SimulatedCluster cluster, FleetSimulator.Settings settings, RequestLog log) {
        this.cluster = cluster;
        this.settings = settings;
        this.log = log;
    }

    @Override
    public Response apply(Request request) {
        Response response = route(request);
        log.record(request, response);
        return response;
    }

    private Response route(Request r) {
        for (String prefix : List.of("/fleet/v1", "/v1-alpha")) {
            String path = r.path();
            if (path.equals(prefix)) {
                return error(405, null);
            }
            if (path.equals(prefix + "/discovery")) {
                return r.method().equals("GET") ? json(200, discovery())
                        : error(400, "only HTTP GET supported against this resource");
            }
            if (path.equals(prefix + "/machines")) {
                return switch (r.method()) {
                    case "GET" -> listMachines(r);
                    case "PATCH" -> patchMachines(r);
                    default -> error(405, "only GET and PATCH supported against this resource");
                };
            }
            for (String resource : List.of("units", "state")) {
                String base = prefix + "/" + resource;
                if (path.equals(base)) {
                    return r.method().equals("GET") ? (resource.equals("units") ? listUnits(r) : listStates(r))
                            : error(405, "only GET supported against this resource");
                }
                if (path.startsWith(base + "/")) {
                    String item = path.substring(base.length() + 1);
                    if (item.isEmpty() || item.contains("/")) {
                        return error(404, null);
                    }
                    return resource.equals("units") ? unitItem(r, item) : stateItem(r, item);
                }
            }
        }
        return error(r.path().equals("/") ? 405 : 404, null);
    }

    // ---- units ----

    private Response unitItem(Request r, String name) {
        return switch (r.method()) {
            case "GET" -> getUnit(name);
            case "DELETE" -> deleteUnit(name);
            case "PUT" -> putUnit(r, name);
            default -> error(405, "only GET, PUT and DELETE supported against this resource");
        };
    }

    private Response getUnit(String name) {
        return withUnit(name, u -> json(200, unitJson(u)));
    }

    private Response deleteUnit(String name) {
        return withUnit(name, u -> {
            cluster.units.remove(name);
            return empty(204);
        });
    }

    /** Acts on an existing unit: 404 when there is none, 500 for one stored with an invalid desired state. */
    private Response withUnit(String name, Function<SimulatedCluster.Unit, Response> action) {
        synchronized (cluster.lock) {
            SimulatedCluster.Unit u = cluster.units.get(name);
            if (u == null) {
                return error(404, "unit does not exist");
            }
            return u.validTarget() ? action.apply(u) : error(500, null);
        }
    }

    private Response putUnit(Request r, String item) {
        List<String> types = r.header("content-type");
        if (types.size() != 1) {
            return error(415, "expected 1 Content-Type, got " + types.size());
        }
        if (!types.get(0).split(";", 2)[0].trim().equals("application/json")) {
            return error(415, "only acceptable Content-Type is application/json");
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
            if (body == null || body.isMissingNode()) {
                return error(400, "unable to decode body: EOF");
            }
            if (!body.isObject()) {
                return error(400, "unable to decode body: json: cannot unmarshal " + goType(body)
                        + " into Go value of type schema.Unit");
            }
        } catch (java.io.IOException e) {
            return error(400, "unable to decode body: " + e.getMessage().split("\n")[0]);
        }
        String name;
        String desired;
        List<UnitOption> options;
        try {
            name = text(body, "name", "Unit");
            desired = text(body, "desiredState", "Unit");
            options = options(body);
        } catch (IllegalArgumentException e) {
            return error(400, "unable to decode body: " + e.getMessage());
        }
        if (name == null || name.isEmpty()) {
            name = item;
        }
        if (!item.equals(name)) {
            return error(400, "name in URL " + goQuote(item) + " differs from unit name in request body " + goQuote(name));
        }
        Optional<String> badName = UnitName.validate(name);
        if (badName.isPresent()) {
            return error(400, badName.get());
        }
        synchronized (cluster.lock) {
            SimulatedCluster.Unit existing = cluster.units.get(name);
            if (existing != null && !existing.validTarget()) {
                return error(500, null);
            }
            boolean create;
            if (existing == null) {
                if (options.isEmpty()) {
                    return error(409, "unit does not exist and options field empty");
                }
                Optional<String> invalid = validateOptions(options);
                if (invalid.isPresent()) {
                    return error(400, invalid.get());
                }
                create = true;
            } else {
                create = !options.isEmpty() && !SimulatedCluster.sameOptions(options, existing.options);
            }
            if (create) {
                String target = desired == null || desired.isEmpty() ? "inactive" : desired;
                if (!SimulatedCluster.TARGETS.contains(target)) {
                    return error(500, null);
                }
                SimulatedCluster.Unit unit = new SimulatedCluster.Unit(name, options, target);
                if (existing != null) {
                    unit.machineId = existing.machineId;
                }
                cluster.units.put(name, unit);
                cluster.contentWrites.computeIfAbsent(name, k -> new ArrayList<>()).add(unit.hash);
                return empty(201);
            }
            if (desired == null || desired.isEmpty()) {
                return error(409, "must provide DesiredState to update existing unit");
            }
            if (SimulatedCluster.isTemplate(name) && !desired.equals("inactive")) {
                return error(400, "cannot activate template " + goQuote(name));
            }
            existing.target = desired;
            return empty(204);
        }
    }

    /** fleet's ValidateOptions: what go-systemd's deserializer refuses, then the placement rules. */
    private static Optional<String> validateOptions(List<UnitOption> options) {
        UnitFile stored = UnitFile.ofStored(options);
        try {
            UnitFile.parse(stored.serialize());
        } catch (UnitParseException e) {
            return Optional.of(e.getMessage().replaceFirst("^line \\d+: ", ""));
        }
        return stored.fleetRequirements().problem();
    }

    private Response listUnits(Request r) {
        return page(r, () -> {
            List<JsonNode> all = new ArrayList<>();
            cluster.units.values().stream().filter(SimulatedCluster.Unit::validTarget).forEach(u -> all.add(unitJson(u)));
            return all;
        }, "units");
    }

    private ObjectNode unitJson(SimulatedCluster.Unit u) {
        ObjectNode n = JSON.createObjectNode();
        putIfNotEmpty(n, "currentState", cluster.currentState(u));
        putIfNotEmpty(n, "desiredState", u.target);
        putIfNotEmpty(n, "machineID", u.requirements.global() ? null : u.machineId);
        n.put("name", u.name);
        if (!u.options.isEmpty()) {
            ArrayNode options = n.putArray("options");
            for (UnitOption o : u.options) {
                ObjectNode opt = options.addObject();
                putIfNotEmpty(opt, "name", o.name());
                putIfNotEmpty(opt, "section", o.section());
                putIfNotEmpty(opt, "value", o.value());
            }
        }
        return n;
    }

    // ---- state ----

    private Response stateItem(Request r, String name) {
        if (!r.method().equals("GET")) {
            return error(405, "only GET supported against this resource");
        }
        synchronized (cluster.lock) {
            // fleet v1.0.0 dereferences a nil state here and Go's server drops the connection: no answer at all
            return cluster.allStates().stream().filter(s -> s.unit.equals(name)).findFirst()
                    .map(s -> json(200, stateJson(s))).orElse(Response.DROP);
        }
    }

    private Response listStates(Request r) {
        String machineId = r.queryParam("machineID");
        String unitName = r.queryParam("unitName");
        return page(r, () -> {
            List<JsonNode> all = new ArrayList<>();
            for (SimulatedCluster.State s : cluster.allStates()) {
                if ((machineId == null || machineId.isEmpty() || machineId.equals(s.machineId))
                        && (unitName == null || unitName.isEmpty() || unitName.equals(s.unit))) {
                    all.add(stateJson(s));
                }
            }
            return all;
        }, "states");
    }

    private static ObjectNode stateJson(SimulatedCluster.State s) {
        ObjectNode n = JSON.createObjectNode();
        putIfNotEmpty(n, "hash", s.hash);
        putIfNotEmpty(n, "machineID", s.machineId);
        putIfNotEmpty(n, "name", s.unit);
        putIfNotEmpty(n, "systemdActiveState", s.active);
        putIfNotEmpty(n, "systemdLoadState", s.load);
        putIfNotEmpty(n, "systemdSubState", s.sub);
        return n;
    }

    // ---- machines ----

    private Response listMachines(Request r) {
        return page(r, () -> {
            List<JsonNode> all = new ArrayList<>();
            for (SimulatedCluster.Machine m : cluster.machines.values()) {
                ObjectNode n = JSON.createObjectNode();
                n.put("id", m.id);
                Map<String, String> metadata = m.effectiveMetadata();
                if (!metadata.isEmpty()) {
                    ObjectNode md = n.putObject("metadata");
                    metadata.forEach(md::put);
                }
                putIfNotEmpty(n, "primaryIP", m.ip);
                all.add(n);
            }
            return all;
        }, "machines");
    }

    private Response patchMachines(Request r) {
        JsonNode ops;
        try {
            ops = JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            return error(400, e.getMessage().split("\n")[0]);
        }
        if (ops == null || ops.isMissingNode() || ops.isNull()) {
            return error(400, "EOF");
        }
        if (!ops.isArray()) {
            return error(400, "json: cannot unmarshal " + goType(ops) + " into Go value of type []api.machineMetadataOp");
        }
        List<String[]> changes = new ArrayList<>();
        for (JsonNode op : ops) {
            String kind = text(op, "op");
            String path = text(op, "path");
            JsonNode value = op.get("value");
            String v = value != null && value.isObject() ? text(value, "value") : null;
            if (!"add".equals(kind) && !"remove".equals(kind) && !"replace".equals(kind)) {
                return error(400, "invalid op: expect add, remove, or replace");
            }
            Matcher m = METADATA_PATH.matcher(path == null ? "" : path);
            if (!m.matches()) {
                return error(400, "machine metadata path invalid");
            }
            if (!"remove".equals(kind) && (v == null || v.isEmpty())) {
                return error(400, "invalid value: add and replace require a value");
            }
            changes.add(new String[] {m.group(1), m.group(2), "remove".equals(kind) ? "" : v});
        }
        synchronized (cluster.lock) {
            for (String[] c : changes) {
                SimulatedCluster.Machine machine = cluster.machines.get(c[0]);
                if (machine != null) {
                    machine.dynamic.put(c[1], c[2]);
                }
                settings.metadataPatched(c[0], c[1], c[2]);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(serverHeader());
        headers.put("Content-Type", "application/json");
        return new Response(204, headers, new byte[0]);
    }

    // ---- shared ----

    private Response page(Request r, java.util.function.Supplier<List<JsonNode>> items, String field) {
        List<String> tokens = r.query().getOrDefault("nextPageToken", List.of());
        PageToken token;
        if (tokens.size() > 1) {
            return error(400, "too many values for page token");
        }
        try {
            token = tokens.isEmpty() ? new PageToken(settings.pageSize, 1) : PageToken.decode(tokens.get(0), settings.pageSize);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        List<JsonNode> all;
        synchronized (cluster.lock) {
            all = items.get();
        }
        int start = (token.page() - 1) * token.limit();
        int stop = token.page() * token.limit();
        ObjectNode page = JSON.createObjectNode();
        if (start < all.size()) {
            String next = null;
            if (stop > all.size()) {
                stop = all.size();
            } else {
                next = new PageToken(token.limit(), token.page() + 1).encode();
            }
            if (next != null) {
                page.put("nextPageToken", next);
            }
            page.putArray(field).addAll(all.subList(start, stop));
        }
        return json(200, sortedFields(page));
    }

    private static ObjectNode sortedFields(ObjectNode n) {
        ObjectNode sorted = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        names.stream().sorted().forEach(k -> sorted.set(k, n.get(k)));
        return sorted;
    }

    private static List<UnitOption> options(JsonNode body) {
        JsonNode options = body.get("options");
        if (options == null || options.isNull()) {
            return List.of();
        }
        if (!options.isArray()) {
            throw new IllegalArgumentException("json: cannot unmarshal " + goType(options)
                    + " into Go struct field Unit.options of type []*schema.UnitOption");
        }
        List<UnitOption> out = new ArrayList<>();
        for (Iterator<JsonNode> it = options.elements(); it.hasNext(); ) {
            JsonNode o = it.next();
            out.add(UnitOption.of(orEmpty(text(o, "section", "UnitOption")), orEmpty(text(o, "name", "UnitOption")),
                    orEmpty(text(o, "value", "UnitOption"))));
        }
        return out;
    }

    /** A string field matched case-insensitively, as Go's encoding/json does. */
    private static String text(JsonNode node, String field) {
        return text(node, field, null);
    }

    /** The same, naming Go's struct in the type error as encoding/json does. */
    private static String text(JsonNode node, String field, String struct) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(field)) {
                if (e.getValue().isNull()) {
                    return null;
                }
                if (!e.getValue().isTextual()) {
                    throw new IllegalArgumentException("json: cannot unmarshal " + goType(e.getValue())
                            + " into Go struct field " + (struct == null ? "" : struct + ".") + field + " of type string");
                }
                return e.getValue().asText();
            }
        }
        return null;
    }

    private static String goType(JsonNode n) {
        return n.isNumber() ? "number" : n.isBoolean() ? "bool" : n.isArray() ? "array" : n.isObject() ? "object" : "string";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void putIfNotEmpty(ObjectNode n, String field, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(field, value);
        }
    }

    /** Go's %q for the names fleet quotes. */
    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static ObjectNode discovery() {
        ObjectNode d = JSON.createObjectNode();
        d.put("kind", "discovery#restDescription");
        d.put("name", "fleet");
        d.put("version", "v1");
        d.put("description", "Corekube FleetSimulator: the resources of fleet's v1 API");
        ObjectNode resources = d.putObject("resources");
        for (String r : List.of("Machines", "UnitState", "Units")) {
            resources.putObject(r);
        }
        return d;
    }

    private Response json(int status, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(serverHeader());
        try {
            return new Response(status, headers, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status);
        error.put("message", message == null ? "" : message);
        return json(status, body);
    }

    private Response empty(int status) {
        return new Response(status, serverHeader(), new byte[0]);
    }

    /** Every reply's headers besides the body's: fleet's Server header and Go's Date header. */
    static Map<String, String> serverHeader() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Server", "fleetd/" + VERSION);
        headers.put("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).replace("+0000", "GMT"));
        return headers;
    }
}
