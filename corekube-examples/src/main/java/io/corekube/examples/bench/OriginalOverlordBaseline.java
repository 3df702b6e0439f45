package io.corekube.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.unit.UnitOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The original Overlord's deployment algorithm, as a baseline (specs/corekube-reference.md, section 3): one
 * machine at a time, one unit at a time; a unit already complete is skipped; otherwise it is PUT until fleet
 * answers 204, sleeping one second after every PUT; then {@code /state} is polled every second until the unit's
 * sub-state is done. The faithful variant reads only the first page of {@code /state}, as the original did, and
 * hangs once a unit's state falls on a later page (a unit not seen done within {@code unitTimeout} stops the
 * run); the paging variant follows {@code nextPageToken}. Counts its own requests and response bytes.
 */
public final class OriginalOverlordBaseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI fleet;
    private final boolean followPages;
    private final Duration unitTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long requests;
    private long bytes;

    /** A baseline against the fleet API at {@code fleet} (paths under {@code /fleet/v1}). */
    public OriginalOverlordBaseline(URI fleet, boolean followPages, Duration unitTimeout) {
        this.fleet = fleet;
        this.followPages = followPages;
        this.unitTimeout = unitTimeout;
    }

    /** Deploys every machine's role units in order, the master first. */
    public RunFigures run(List<Machine> machines, RoleCatalog roles) throws InterruptedException {
        long start = System.nanoTime();
        Optional<Machine> master = machines.stream().filter(m -> m.role().orElse("").equals("master")).findFirst();
        List<Machine> order = machines.stream().sorted((a, b) -> Boolean.compare(!a.equals(master.orElse(null)),
                !b.equals(master.orElse(null)))).toList();
        int deployed = 0;
        for (Machine m : order) {
            for (RoleCatalog.RoleStage stage : roles.render(m.role().orElseThrow(), m, master)) {
                for (RoleUnit unit : stage.units()) {
                    if (!deploy(unit)) {
                        return new RunFigures(Duration.ofNanos(System.nanoTime() - start), requests, bytes, deployed,
                                Optional.of(unit.submission().name() + " never seen " + unit.doneSubState()
                                        + " on the first page of /state"));
                    }
                }
            }
            deployed++;
        }
        return new RunFigures(Duration.ofNanos(System.nanoTime() - start), requests, bytes, deployed, Optional.empty());
    }

    private boolean deploy(RoleUnit unit) throws InterruptedException {
        String name = unit.submission().name();
        if (done(name, unit.doneSubState())) {
            return true;
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            int status = put(unit);
            Thread.sleep(1000);
            if (status == 204) {
                break;
            }
        }
        long deadline = System.nanoTime() + unitTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (done(name, unit.doneSubState())) {
                return true;
            }
            Thread.sleep(1000);
        }
        return false;
    }

    private int put(RoleUnit unit) {
        ObjectNode body = JSON.createObjectNode().put("desiredState", "launched");
        ArrayNode options = body.putArray("options");
        for (UnitOption o : unit.submission().unit().options()) {
            options.addObject().put("section", o.section()).put("name", o.name()).put("value", o.value());
        }
        HttpRequest request = HttpRequest.newBuilder(fleet.resolve("/fleet/v1/units/"
                        + URLEncoder.encode(unit.submission().name(), StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return send(request).statusCode();
    }

    private boolean done(String unit, String doneSubState) {
        String token = null;
        do {
            String query = token == null ? "" : "?nextPageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            HttpResponse<String> response = send(HttpRequest.newBuilder(fleet.resolve("/fleet/v1/state" + query)).GET()
                    .build());
            try {
                JsonNode page = JSON.readTree(response.body());
                for (JsonNode s : page.path("states")) {
                    if (unit.equals(s.path("name").asText()) && doneSubState.equals(s.path("systemdSubState").asText())) {
                        return true;
                    }
                }
                token = page.path("nextPageToken").isTextual() ? page.path("nextPageToken").asText() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } while (followPages && token != null);
        return false;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            requests++;
            bytes += response.body().getBytes(StandardCharsets.UTF_8).length;
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
