package io.corekube.openstack.heat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.ClientExchange;
import io.corekube.internal.PemTls;
import io.corekube.internal.Deadline;
import io.corekube.internal.Endpoints;
import io.corekube.internal.Retries;
import io.corekube.internal.Routes;
import io.corekube.openstack.OpenStackMalformedReplyException;
import io.corekube.openstack.OpenStackTimeoutException;
import io.corekube.openstack.OpenStackException;
import io.corekube.openstack.internal.OpenStackJson;
import io.corekube.openstack.keystone.Keystone;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** {@link HeatClient} on OkHttp and Jackson. */
final class OkHttpHeatClient implements HeatClient {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int EVENT_PAGE = 100;
    /** The path segments of Heat's API that name no project, stack or resource. */
    private static final java.util.Set<String> ROUTE_LITERALS = java.util.Set.of("v1", "stacks", "events", "resources", "signal",
            "outputs", "template", "preview", "actions", "abandon", "environment", "files", "build_info");

    private final OkHttpClient http;
    private final HeatClient.Builder settings;
    /** The operation each stack is in, and the last event before it began: what a wait looks for. */
    private final Map<StackRef, Operation> operations = new ConcurrentHashMap<>();

    /** How many polls without news pass before the stack itself is looked at (a deletion may leave no event). */
    private static final int IDLE_POLLS_PER_CHECK = 4;
    /** How soon after a signal the next poll comes: Heat checks a wait condition once a second. */
    private static final Duration SIGNAL_FOLLOW_UP = Duration.ofMillis(1100);

    private record Operation(String action, Optional<String> markerBefore) {
    }

    private record Answer(int status, String body, String location) {
    }

    OkHttpHeatClient(HeatClient.Builder b) {
        this.settings = b;
        if (b.endpoint != null) {
            Endpoints.check("endpoint", b.endpoint, java.util.Set.of("http", "https"));
        }
        Deadline.check("timeout", b.timeout);
        Deadline.check("pollInterval", b.pollInterval);
        if (Deadline.check("maxPollInterval", b.maxPollInterval).compareTo(b.pollInterval) < 0) {
            throw new io.corekube.value.InvalidValueException("maxPollInterval", "duration", "must not be shorter than pollInterval");
        }
        OkHttpClient.Builder http = new OkHttpClient.Builder().callTimeout(b.timeout)
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false);
        if (b.tls != null) {
            PemTls.Material tls = PemTls.load(b.tls);
            http.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
        }
        this.http = http.build();
    }

    // ---- stacks ----

    @Override
    public StackRef create(StackRequest request) {
        Answer a = call("POST", url("stacks"), body(request, true), false);
        StackRef ref = decode(a, "POST /stacks", json -> new StackRef(request.name(),
                OpenStackJson.required(json.path("stack"), "id")));
        operations.put(ref, new Operation("CREATE", Optional.empty()));
        return ref;
    }

    @Override
    public Stack preview(StackRequest request) {
        return decode(call("POST", url("stacks", "preview"), body(request, true), false), "POST /stacks/preview",
                json -> stack(json.path("stack")));
    }

    @Override
    public String validate(String template, Optional<String> environment) {
        ObjectNode body = OpenStackJson.JSON.createObjectNode().put("template", template);
        environment.ifPresent(e -> body.put("environment", e));
        return call("POST", url("validate"), body, false).body();
    }

    @Override
    public List<Stack> list(StackListQuery query) {
        HttpUrl.Builder u = url("stacks").newBuilder();
        query.limit().ifPresent(l -> u.addQueryParameter("limit", l.toString()));
        query.marker().ifPresent(m -> u.addQueryParameter("marker", m));
        query.sortKeys().forEach(k -> u.addQueryParameter("sort_keys", k));
        query.sortDir().ifPresent(d -> u.addQueryParameter("sort_dir", d));
        query.name().ifPresent(n -> u.addQueryParameter("stack_name", n));
        query.status().ifPresent(s -> u.addQueryParameter("status", s));
        if (!query.tags().isEmpty()) {
            u.addQueryParameter("tags", String.join(",", query.tags()));
        }
        List<Stack> stacks = new ArrayList<>();
        decode(get(u.build()), "GET /stacks", json -> {
            json.path("stacks").forEach(s -> stacks.add(stack(s)));
            return stacks;
        });
        return stacks;
    }

    @Override
    public Optional<Stack> find(String name) {
        return list(StackListQuery.builder().name(name).build()).stream().findFirst();
    }

    @Override
    public Stack show(StackRef stack) {
        return decode(get(url("stacks", stack.name(), stack.id())), "GET /stacks/" + stack, json -> stack(json.path("stack")));
    }

    @Override
    public void update(StackRef stack, StackRequest request) {
        Optional<String> marker = latestEvent(stack);
        call("PUT", url("stacks", stack.name(), stack.id()), body(request, false), false);
        operations.put(stack, new Operation("UPDATE", marker));
    }

    @Override
    public void patch(StackRef stack, Map<String, String> parameters, Optional<String> template) {
        Optional<String> marker = latestEvent(stack);
        ObjectNode body = OpenStackJson.JSON.createObjectNode();
        ObjectNode params = body.putObject("parameters");
        parameters.forEach(params::put);
        template.ifPresentOrElse(t -> body.put("template", t), () -> body.put("existing", true));
        call("PATCH", url("stacks", stack.name(), stack.id()), body, false);
        operations.put(stack, new Operation("UPDATE", marker));
    }

    @Override
    public void delete(StackRef stack) {
        Optional<String> marker = latestEvent(stack);
        call("DELETE", url("stacks", stack.name(), stack.id()), null, false);
        operations.put(stack, new Operation("DELETE", marker));
    }

    // ---- outputs, resources, events, signals ----

    @Override
    public List<StackOutput> outputs(StackRef stack) {
        List<StackOutput> outputs = new ArrayList<>();
        List<String> keys = decode(get(url("stacks", stack.name(), stack.id(), "outputs")), "GET outputs of " + stack, json -> {
            List<String> found = new ArrayList<>();
            json.path("outputs").forEach(o -> found.add(OpenStackJson.required(o, "output_key")));
            return found;
        });
        for (String key : keys) {
            outputs.add(output(stack, key));
        }
        return outputs;
    }

    @Override
    public StackOutput output(StackRef stack, String key) {
        return decode(get(url("stacks", stack.name(), stack.id(), "outputs", key)), "GET output " + key + " of " + stack,
                json -> output(json.path("output")));
    }

    @Override
    public List<StackResource> resources(StackRef stack, int nestedDepth) {
        HttpUrl u = url("stacks", stack.name(), stack.id(), "resources").newBuilder()
                .addQueryParameter("nested_depth", Integer.toString(nestedDepth)).build();
        List<StackResource> resources = new ArrayList<>();
        decode(get(u), "GET resources of " + stack, json -> {
            json.path("resources").forEach(r -> resources.add(resource(r)));
            return resources;
        });
        return resources;
    }

    @Override
    public StackResource resource(StackRef stack, String name, List<String> attributes) {
        HttpUrl.Builder u = url("stacks", stack.name(), stack.id(), "resources", name).newBuilder();
        attributes.forEach(a -> u.addQueryParameter("with_attr", a));
        return decode(get(u.build()), "GET resource " + name + " of " + stack, json -> resource(json.path("resource")));
    }

    @Override
    public List<StackEvent> events(StackRef stack, Optional<String> marker, int limit) {
        HttpUrl.Builder u = url("stacks", stack.name(), stack.id(), "events").newBuilder()
                .addQueryParameter("sort_dir", "asc").addQueryParameter("limit", Integer.toString(limit));
        marker.ifPresent(m -> u.addQueryParameter("marker", m));
        return decode(get(u.build()), "GET events of " + stack, OkHttpHeatClient::events);
    }

    @Override
    public List<StackEvent> resourceEvents(StackRef stack, String resource) {
        HttpUrl u = url("stacks", stack.name(), stack.id(), "resources", resource, "events").newBuilder()
                .addQueryParameter("sort_dir", "asc").build();
        return decode(get(u), "GET events of " + stack, OkHttpHeatClient::events);
    }

    @Override
    public void signal(StackRef stack, String resource, String jsonBody) {
        JsonNode body;
        try {
            body = OpenStackJson.JSON.readTree(jsonBody == null ? "" : jsonBody);
        } catch (IOException e) {
            body = null;
        }
        if (body == null || body.isMissingNode()) {
            throw new io.corekube.value.InvalidValueException("jsonBody", "JSON document", "the signal body is not JSON");
        }
        call("POST", url("stacks", stack.name(), stack.id(), "resources", resource, "signal"), body, false);
    }

    // ---- waiting ----

    @Override
    public Stack awaitCompletion(StackRef stack, Duration timeout, Consumer<StackEvent> onEvent) {
        Operation known = operations.get(stack);
        Operation op = known != null ? known : new Operation(show(stack).status().split("_")[0], Optional.empty());
        return await(stack, op, known != null, timeout, onEvent, true);
    }

    @Override
    public Stack awaitCompletion(StackRef stack, Duration timeout) {
        Operation known = operations.get(stack);
        if (known == null || !known.action().equals("CREATE")) {
            return awaitCompletion(stack, timeout, e -> { });
        }
        // a create this client sent: Heat's convergence engine records a deletion by someone else as events, and a
        // deleted stack's events answer 404, so no look at the stack is needed between polls
        return await(stack, known, true, timeout, e -> { }, false);
    }

    /**
     * Polls the stack's events until {@code op} ends. One request a poll: the end and the failed resources come with
     * the events; the stack is read once at a successful end (the result), and at a failure that names no resource (it
     * may be a deletion). A signal to a resource makes the next poll come sooner: Heat checks a wait condition once a
     * second, so a signal that completes one shows as the stack's end about a second later.
     */
    private Stack await(StackRef stack, Operation op, boolean justStarted, Duration timeout, Consumer<StackEvent> onEvent,
                        boolean lookWhenIdle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        EventCursor cursor = new EventCursor(stack, op, onEvent);
        long pause = settings.pollInterval.toMillis();
        int idlePolls = 0;
        if (justStarted) {
            // this client just started the operation: nothing can have ended yet, so the first poll waits
            sleepAtMostUntil(pause, deadline);
        }
        while (true) {
            Operation current = operations.get(stack);
            if (!op.action().equals("DELETE") && current != null && current.action().equals("DELETE")) {
                // this client was asked to delete the stack meanwhile: Heat may not even have begun (its legacy engine)
                throw new HeatStackDeletedException(stack, op.action(), "DELETE_IN_PROGRESS");
            }
            boolean progressed = cursor.readOn();
            if (cursor.end.isPresent()) {
                StackEvent end = cursor.end.get();
                operations.remove(stack);
                if (end.status().equals(op.action() + "_COMPLETE")) {
                    return show(stack);
                }
                if (cursor.failures.isEmpty()) {
                    // Heat's convergence engine ends a create that someone deletes as failed, naming no resource
                    showOrDeleted(stack, op.action());
                }
                throw new HeatStackFailedException(stack, end.status(), end.reason(), cursor.failures);
            }
            if (System.nanoTime() >= deadline) {
                throw new OpenStackTimeoutException("stack " + stack + " " + op.action(), timeout, false, null);
            }
            idlePolls = progressed ? 0 : idlePolls + 1;
            if (lookWhenIdle && idlePolls % IDLE_POLLS_PER_CHECK == IDLE_POLLS_PER_CHECK - 1 && !op.action().equals("DELETE")) {
                // a deleted stack may leave no event behind (Heat's legacy engine): look at the stack itself now and then
                showOrDeleted(stack, op.action());
            }
            pause = progressed ? settings.pollInterval.toMillis() : Math.min(pause * 2, settings.maxPollInterval.toMillis());
            long next = cursor.signalled ? Math.min(pause, SIGNAL_FOLLOW_UP.toMillis()) : pause;
            sleepAtMostUntil(next, deadline);
        }
    }

    /** Reads one operation's events on from a marker: what failed, whether a resource was signalled, and the end. */
    private final class EventCursor {
        private final StackRef stack;
        private final Operation op;
        private final Consumer<StackEvent> onEvent;
        private Optional<String> marker;
        private final List<StackEvent> failures = new ArrayList<>();
        private Optional<StackEvent> end = Optional.empty();
        private boolean signalled;

        EventCursor(StackRef stack, Operation op, Consumer<StackEvent> onEvent) {
            this.stack = stack;
            this.op = op;
            this.onEvent = onEvent;
            this.marker = op.markerBefore();
        }

        /** Reads every event since the last one read, up to the operation's end; true when there was any. */
        boolean readOn() {
            boolean progressed = false;
            signalled = false;
            for (List<StackEvent> page = eventsOrDeleted(stack, marker, op.action()); !page.isEmpty();
                 page = page.size() < EVENT_PAGE ? List.of() : eventsOrDeleted(stack, marker, op.action())) {
                for (StackEvent e : page) {
                    marker = Optional.of(e.id());
                    progressed = true;
                    onEvent.accept(e);
                    boolean own = e.resourceName().equals(stack.name());
                    if (!own && e.status().endsWith("_FAILED")) {
                        failures.add(e);
                    }
                    signalled |= !own && e.status().startsWith("SIGNAL_");
                    if (own && !op.action().equals("DELETE") && e.status().startsWith("DELETE_")) {
                        operations.remove(stack);
                        throw new HeatStackDeletedException(stack, op.action(), e.status());
                    }
                    if (own && isEnd(op.action(), e.status())) {
                        end = Optional.of(e);
                        return true;
                    }
                }
            }
            return progressed;
        }
    }

    /** The next events, or {@link HeatStackDeletedException} when the stack is gone (Heat answers 404 for its events). */
    private List<StackEvent> eventsOrDeleted(StackRef stack, Optional<String> marker, String action) {
        try {
            return events(stack, marker, EVENT_PAGE);
        } catch (HeatNotFoundException gone) {
            operations.remove(stack);
            throw new HeatStackDeletedException(stack, action, "DELETE_COMPLETE");
        }
    }

    /** The stack after its operation failed: a failure that is a deletion by someone else says so. */
    private Stack showOrDeleted(StackRef stack, String action) {
        Stack now;
        try {
            now = show(stack);
        } catch (HeatNotFoundException gone) {
            throw new HeatStackDeletedException(stack, action, "DELETE_COMPLETE");
        }
        if (now.status().startsWith("DELETE_")) {
            throw new HeatStackDeletedException(stack, action, now.status());
        }
        return now;
    }

    @Override
    public void awaitDeletion(StackRef stack, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = settings.pollInterval.toMillis();
        while (true) {
            try {
                Stack s = show(stack);
                if (s.status().equals("DELETE_COMPLETE")) {
                    break;
                }
                if (s.status().equals("DELETE_FAILED")) {
                    throw new HeatStackFailedException(stack, s.status(), s.statusReason(), List.of());
                }
            } catch (HeatNotFoundException gone) {
                break;
            }
            if (System.nanoTime() >= deadline) {
                throw new OpenStackTimeoutException("deleting stack " + stack, timeout, false, null);
            }
            sleep(pause);
            pause = Math.min(pause * 2, settings.maxPollInterval.toMillis());
        }
        operations.remove(stack);
    }

    private static boolean isEnd(String action, String status) {
        return status.equals(action + "_COMPLETE") || status.equals(action + "_FAILED")
                || status.equals("ROLLBACK_COMPLETE") || status.equals("ROLLBACK_FAILED");
    }

    private Optional<String> latestEvent(StackRef stack) {
        HttpUrl u = url("stacks", stack.name(), stack.id(), "events").newBuilder()
                .addQueryParameter("sort_dir", "desc").addQueryParameter("limit", "1").build();
        return decode(get(u), "GET events of " + stack, OkHttpHeatClient::events).stream().findFirst().map(StackEvent::id);
    }

    // ---- HTTP ----

    private HttpUrl url(String... segments) {
        URI base = settings.endpoint != null ? settings.endpoint
                : settings.keystone.endpoint("orchestration", settings.iface, settings.region);
        HttpUrl.Builder b = HttpUrl.get(base.toString().replaceAll("/+$", "")).newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private Answer get(HttpUrl url) {
        return call("GET", url, null, true);
    }

    /** One request; reads ({@code idempotent}) are retried by the policy, writes never sent twice. */
    private Answer call(String method, HttpUrl url, JsonNode body, boolean idempotent) {
        String what = method + " " + url.encodedPath();
        Deadline deadline = Deadline.after(settings.timeout);
        if (!idempotent) {
            return authenticated(method, url, body, what, deadline);
        }
        return Retries.run(settings.retryPolicy, deadline, d -> authenticated(method, url, body, what, d),
                e -> e instanceof OpenStackException o && o.isRetryable());
    }

    private Answer authenticated(String method, HttpUrl url, JsonNode body, String what, Deadline deadline) {
        String token = settings.keystone == null ? null : settings.keystone.token();
        Answer a = send(method, url, body, token, what, deadline);
        if (a.status() == 401 && settings.keystone != null) {
            settings.keystone.invalidate(token);
            a = send(method, url, body, settings.keystone.token(), what, deadline);
        }
        if (a.status() >= 200 && a.status() < 300 || a.status() == 302) {
            return a;
        }
        OpenStackJson.ErrorBody error = OpenStackJson.error(a.body());
        throw HeatException.of(a.status(), error.message(), error.explanation().isEmpty() ? error.title() : error.explanation(),
                error.type());
    }

    private Answer send(String method, HttpUrl url, JsonNode body, String token, String what, Deadline deadline) {
        Request.Builder r = new Request.Builder().url(url).header("Accept", "application/json")
                .method(method, body == null ? null : RequestBody.create(body.toString(), JSON));
        if (token != null) {
            r.header("X-Auth-Token", token);
        }
        okhttp3.Call call = http.newCall(r.build());
        call.timeout().timeout(deadline.remaining().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        long start = System.nanoTime();
        try (Response response = call.execute()) {
            String text = response.body() == null ? "" : response.body().string();
            settings.listener.accept(exchange(method, url, response.code(), text.length(), start));
            return new Answer(response.code(), text, response.header("Location"));
        } catch (IOException e) {
            settings.listener.accept(exchange(method, url, 0, 0, start));
            if (e instanceof java.io.InterruptedIOException && deadline.passed()) {
                throw new OpenStackTimeoutException(what + " at " + url.host(), settings.timeout, true, e);
            }
            throw new OpenStackException(what + ": no answer from Heat at " + url.host() + ": " + e, e);
        }
    }

    /** What the listener is told of one request: its route names no project, stack or resource. */
    private static ClientExchange exchange(String method, HttpUrl url, int status, long bytes, long start) {
        return ClientExchange.http("heat", method, url.encodedPath(), Routes.template(url.encodedPath(), ROUTE_LITERALS), status,
                bytes, java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    // ---- mapping ----

    /** Maps a success answer's JSON; a body that is not JSON or does not map is an {@link OpenStackMalformedReplyException}. */
    private static <T> T decode(Answer a, String what, java.util.function.Function<JsonNode, T> map) {
        try {
            return map.apply(OpenStackJson.strict(a.body()));
        } catch (OpenStackMalformedReplyException e) {
            throw new OpenStackMalformedReplyException(what, e.problem(), e);
        } catch (RuntimeException e) {
            throw new OpenStackMalformedReplyException(what, e.getMessage(), e);
        }
    }

    private static ObjectNode body(StackRequest request, boolean withName) {
        ObjectNode b = OpenStackJson.JSON.createObjectNode();
        if (withName) {
            b.put("stack_name", request.name());
        }
        request.template().ifPresent(t -> b.put("template", t));
        request.templateUrl().ifPresent(t -> b.put("template_url", t));
        ObjectNode params = b.putObject("parameters");
        request.parameters().forEach(params::put);
        request.environment().ifPresent(e -> b.put("environment", e));
        if (!request.files().isEmpty()) {
            ObjectNode files = b.putObject("files");
            request.files().forEach(files::put);
        }
        request.timeout().ifPresent(t -> b.put("timeout_mins", t.toMinutes()));
        b.put("disable_rollback", request.disableRollback());
        if (!request.tags().isEmpty()) {
            b.put("tags", String.join(",", request.tags()));
        }
        return b;
    }

    /** A stack; name and ID are required, the status is not (Heat 19's preview has none). */
    private static Stack stack(JsonNode s) {
        var b = Stack.builder().ref(new StackRef(OpenStackJson.required(s, "stack_name"), OpenStackJson.required(s, "id")))
                .status(s.path("stack_status").asText("")).statusReason(s.path("stack_status_reason").asText(""));
        if (s.hasNonNull("creation_time")) {
            b.creationTime(s.path("creation_time").asText());
        }
        if (s.hasNonNull("updated_time")) {
            b.updatedTime(s.path("updated_time").asText());
        }
        s.path("outputs").forEach(o -> b.addOutput(output(o)));
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parameters.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
        b.parameters(parameters);
        s.path("tags").forEach(t -> b.addTag(t.asText()));
        return b.build();
    }

    private static StackOutput output(JsonNode o) {
        return new StackOutput(OpenStackJson.required(o, "output_key"), o.path("output_value").toString(),
                o.path("description").asText(""), o.hasNonNull("output_error")
                ? Optional.of(o.path("output_error").asText()) : Optional.empty());
    }

    private static StackResource resource(JsonNode r) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            attributes.put(e.getKey(), e.getValue().toString());
        }
        return new StackResource(OpenStackJson.required(r, "resource_name"), r.path("resource_type").asText(),
                OpenStackJson.required(r, "resource_status"), r.path("resource_status_reason").asText(""),
                r.path("physical_resource_id").asText(""), attributes);
    }

    private static List<StackEvent> events(JsonNode body) {
        List<StackEvent> events = new ArrayList<>();
        for (JsonNode e : body.path("events")) {
            events.add(new StackEvent(OpenStackJson.required(e, "id"), e.path("event_time").asText(),
                    OpenStackJson.required(e, "resource_name"), e.path("physical_resource_id").asText(""),
                    OpenStackJson.required(e, "resource_status"), e.path("resource_status_reason").asText("")));
        }
        return events;
    }

    /** Sleeps {@code millis}, or until {@code deadline} (a {@link System#nanoTime()}) when that comes first, at least 1 ms. */
    private static void sleepAtMostUntil(long millis, long deadline) {
        sleep(Math.min(millis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenStackException("interrupted while waiting for Heat", e);
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
