package io.corekube.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.corekube.ClientExchange;
import io.corekube.cluster.Machine;
import io.corekube.fleet.internal.FleetWire;
import io.corekube.fleet.internal.FleetWire.MachinePageDto;
import io.corekube.fleet.internal.FleetWire.StatePageDto;
import io.corekube.fleet.internal.FleetWire.UnitDto;
import io.corekube.fleet.internal.FleetWire.UnitPageDto;
import io.corekube.fleet.internal.UnixSocketFactory;
import io.corekube.internal.Routes;
import io.corekube.internal.PemTls;
import io.corekube.internal.Deadline;
import io.corekube.internal.Endpoints;
import io.corekube.internal.Retries;
import io.corekube.value.InvalidValueException;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import io.corekube.unit.UnitOption;
import io.corekube.unit.UnitStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** {@link FleetClient} on OkHttp and Jackson. */
final class OkHttpFleetClient implements FleetClient {

    private static final java.util.Set<String> ROUTE_LITERALS = java.util.Set.of("fleet", "v1", "units", "state", "machines", "discovery");

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final HttpUrl base;
    private final io.corekube.RetryPolicy retryPolicy;
    private final java.time.Duration requestTimeout;
    private final java.util.function.Consumer<ClientExchange> listener;
    private final java.util.function.Consumer<String> writeGuard;
    private final boolean ownsConnections;

    private OkHttpFleetClient(OkHttpFleetClient shared, java.util.function.Consumer<String> writeGuard) {
        this.http = shared.http;
        this.base = shared.base;
        this.retryPolicy = shared.retryPolicy;
        this.requestTimeout = shared.requestTimeout;
        this.listener = shared.listener;
        this.writeGuard = writeGuard;
        this.ownsConnections = false;
    }

    OkHttpFleetClient(FleetClient.Builder b) {
        if ((b.endpoint == null) == (b.unixSocket == null)) {
            throw new InvalidValueException("endpoint", "fleet endpoint", "give exactly one of endpoint and unixSocket");
        }
        if (b.endpoint != null) {
            Endpoints.check("endpoint", b.endpoint, java.util.Set.of("http", "https"));
        }
        this.requestTimeout = Deadline.check("requestTimeout", b.requestTimeout);
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(Deadline.check("connectTimeout", b.connectTimeout))
                .retryOnConnectionFailure(false);
        HttpUrl root;
        if (b.unixSocket != null) {
            http.socketFactory(new UnixSocketFactory(b.unixSocket));
            root = HttpUrl.get("http://localhost/");
        } else {
            root = HttpUrl.get(b.endpoint);
            if (root.isHttps()) {
                if (b.tls == null) {
                    throw new InvalidValueException("tls", "TLS settings", "https endpoint " + Endpoints.redact(b.endpoint)
                            + " needs a TlsConfig");
                }
                PemTls.Material tls = PemTls.load(b.tls);
                http.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
            }
        }
        HttpUrl.Builder baseUrl = root.newBuilder();
        for (String segment : b.basePath.split("/")) {
            if (!segment.isEmpty()) {
                baseUrl.addPathSegment(segment);
            }
        }
        this.base = baseUrl.build();
        this.http = http.build();
        this.retryPolicy = b.retryPolicy;
        this.listener = b.listener;
        this.writeGuard = what -> { };
        this.ownsConnections = true;
    }

    @Override
    public FleetClient withWriteGuard(java.util.function.Consumer<String> guard) {
        java.util.Objects.requireNonNull(guard, "guard");
        return new OkHttpFleetClient(this, guard);
    }

    @Override
    public List<FleetUnit> units() {
        List<FleetUnit> units = new ArrayList<>();
        forEachPage(url("units"), UnitPageDto.class, page -> {
            if (page.units() != null) {
                page.units().forEach(u -> units.add(unit(u)));
            }
            return page.nextPageToken();
        });
        return units;
    }

    @Override
    public Optional<FleetUnit> unit(String name) {
        UnitName.of(name);
        try {
            String what = "GET /units/" + name;
            UnitDto dto = read(get(url("units", name)), UnitDto.class, what);
            try {
                return Optional.of(unit(dto));
            } catch (RuntimeException e) {
                throw new FleetMalformedReplyException(what, e.getMessage(), e);
            }
        } catch (FleetNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public PutOutcome putUnit(String name, UnitFile unit, UnitDesiredState desiredState) {
        UnitName.of(name);
        unit.checkSendable();
        List<FleetWire.OptionDto> options = unit.options().stream()
                .map(o -> new FleetWire.OptionDto(o.section(), o.name(), o.value())).toList();
        int status = send("PUT", url("units", name), new UnitDto(null, options, desiredState.wireName(), null, null));
        return status == 201 ? PutOutcome.CREATED : PutOutcome.UPDATED;
    }

    @Override
    public void setDesiredState(String name, UnitDesiredState desiredState) {
        UnitName.of(name);
        send("PUT", url("units", name), new UnitDto(null, null, desiredState.wireName(), null, null));
    }

    @Override
    public boolean destroyUnit(String name) {
        UnitName.of(name);
        try {
            call(new Request.Builder().url(url("units", name)).delete().build());
            return true;
        } catch (FleetNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<Machine> machines() {
        List<Machine> machines = new ArrayList<>();
        forEachPage(url("machines"), MachinePageDto.class, page -> {
            if (page.machines() != null) {
                page.machines().forEach(m -> machines.add(Machine.builder().id(m.id())
                        .primaryIp(m.primaryIP() == null ? "" : m.primaryIP())
                        .metadata(m.metadata() == null ? java.util.Map.of() : m.metadata()).build()));
            }
            return page.nextPageToken();
        });
        return machines;
    }

    @Override
    public void patchMachines(List<MetadataOperation> operations) {
        List<FleetWire.MetadataOpDto> body = operations.stream().map(op -> new FleetWire.MetadataOpDto(
                op.op().name().toLowerCase(java.util.Locale.ROOT),
                "/" + op.machineId() + "/metadata/" + op.key(),
                op.value().map(FleetWire.ValueDto::new).orElse(null))).toList();
        send("PATCH", url("machines"), body);
    }

    @Override
    public List<UnitStatus> unitStates(StateFilter filter) {
        HttpUrl.Builder first = url("state").newBuilder();
        filter.machineId().ifPresent(id -> first.addQueryParameter("machineID", id));
        filter.unitName().ifPresent(name -> first.addQueryParameter("unitName", name));
        List<UnitStatus> states = new ArrayList<>();
        forEachPage(first.build(), StatePageDto.class, page -> {
            if (page.states() != null) {
                page.states().forEach(s -> states.add(UnitStatus.builder().name(s.name())
                        .machineId(orEmpty(s.machineID())).hash(Optional.ofNullable(s.hash()))
                        .loadState(orEmpty(s.systemdLoadState())).activeState(orEmpty(s.systemdActiveState()))
                        .subState(orEmpty(s.systemdSubState())).build()));
            }
            return page.nextPageToken();
        });
        return states;
    }

    @Override
    public void close() {
        if (ownsConnections) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /**
     * Reads page after page, sending the first URL's query again with each token, until no token comes; a token seen
     * twice or more than {@link FleetClient#MAX_PAGES} pages end in a {@link FleetMalformedReplyException}, and so
     * does a page that does not map to the SDK's values.
     */
    private <P> void forEachPage(HttpUrl first, Class<P> type, Function<P, String> consume) {
        Set<String> seen = new HashSet<>();
        HttpUrl next = first;
        String what = "GET " + first.encodedPath();
        for (int pages = 0; pages < MAX_PAGES; pages++) {
            P page = read(get(next), type, what);
            String token;
            try {
                token = consume.apply(page);
            } catch (FleetException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new FleetMalformedReplyException(what, e.getMessage(), e);
            }
            if (token == null || token.isEmpty()) {
                return;
            }
            if (!seen.add(token)) {
                throw new FleetMalformedReplyException(what, "page token " + abbreviate(token) + " came twice", null);
            }
            next = first.newBuilder().setQueryParameter("nextPageToken", token).build();
        }
        throw new FleetMalformedReplyException(what, "more than " + MAX_PAGES + " pages", null);
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private String get(HttpUrl url) {
        return call(new Request.Builder().url(url).get().build()).body();
    }

    private int send(String method, HttpUrl url, Object body) {
        String json;
        try {
            json = FleetWire.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a fleet request", e);
        }
        return call(new Request.Builder().url(url).method(method, RequestBody.create(json, JSON)).build()).status();
    }

    private record Answer(int status, String body) {
    }

    private Answer call(Request request) {
        String what = request.method() + " " + request.url().encodedPath();
        boolean writes = !request.method().equals("GET");
        return Retries.run(retryPolicy, Deadline.after(requestTimeout), deadline -> {
            if (writes) {
                writeGuard.accept(what);
            }
            long start = System.nanoTime();
            okhttp3.Call call = http.newCall(request);
            call.timeout().timeout(deadline.remaining().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            try (Response response = call.execute()) {
                ResponseBody body = response.body();
                String text = body == null ? "" : body.string();
                listener.accept(exchange(request, response.code(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, start));
                if (response.code() >= 200 && response.code() < 300) {
                    return new Answer(response.code(), text);
                }
                throw FleetException.of(response.code(), errorMessage(text), what);
            } catch (IOException e) {
                listener.accept(exchange(request, 0, 0, start));
                if (e instanceof java.io.InterruptedIOException && deadline.passed()) {
                    throw new FleetTimeoutException(what, requestTimeout, e);
                }
                throw new FleetException(what + ": no answer from fleet at " + request.url().host() + ": " + e, e);
            }
        }, e -> e instanceof FleetException f && f.isRetryable());
    }

    /** What the listener is told of one attempt; fleet's routes name no unit, so they can be metric tags. */
    private static ClientExchange exchange(Request request, int status, long bytes, long start) {
        String path = request.url().encodedPath();
        return ClientExchange.http("fleet", request.method(), path, Routes.template(path, ROUTE_LITERALS), status, bytes,
                java.time.Duration.ofNanos(System.nanoTime() - start));
    }

    private static String errorMessage(String body) {
        try {
            FleetWire.ErrorDto error = FleetWire.JSON.readValue(body, FleetWire.ErrorDto.class);
            return error.error() == null || error.error().message() == null ? "" : error.error().message();
        } catch (IOException notJson) {
            return body.strip();
        }
    }

    private <T> T read(String body, Class<T> type, String what) {
        try {
            T value = FleetWire.JSON.readValue(body, type);
            if (value == null) {
                throw new FleetMalformedReplyException(what, "null instead of " + type.getSimpleName(), null);
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new FleetMalformedReplyException(what, "not " + type.getSimpleName() + " JSON: " + abbreviate(body), e);
        }
    }

    private static FleetUnit unit(UnitDto u) {
        List<UnitOption> options = u.options() == null ? List.of() : u.options().stream()
                .map(o -> UnitOption.of(orEmpty(o.section()), orEmpty(o.name()), orEmpty(o.value()))).toList();
        return FleetUnit.builder().name(orEmpty(u.name())).options(options)
                .desiredState(state(u.desiredState())).currentState(state(u.currentState()))
                .machineId(Optional.ofNullable(u.machineID()).filter(s -> !s.isEmpty())).build();
    }

    private static Optional<UnitDesiredState> state(String wire) {
        if (wire == null || wire.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UnitDesiredState.fromWire(wire));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
