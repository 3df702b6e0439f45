package io.corekube.fleet.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.TlsConfig;
import io.corekube.cluster.Machine;
import io.corekube.internal.PemTls;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Reads fleet's machines from etcd's v2 keys, as fleet's agents write them: one recursive GET of
 * {@code /_coreos.com/fleet/machines}, each {@code <id>/object} a MachineState JSON (Go field names), each
 * {@code <id>/metadata/<key>} a dynamic override (an empty value hides the key). A missing directory is no machine.
 */
public final class FleetEtcdMachines implements AutoCloseable {

    private final OkHttpClient http;
    private final HttpUrl url;

    /** A reader of the etcd at {@code endpoint}. */
    public FleetEtcdMachines(URI endpoint, Optional<TlsConfig> tls) {
        OkHttpClient.Builder b = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10));
        tls.map(PemTls::load).ifPresent(t -> b.sslSocketFactory(t.context().getSocketFactory(), t.trustManager()));
        this.http = b.build();
        this.url = HttpUrl.get(endpoint).newBuilder().addPathSegments("v2/keys/_coreos.com/fleet/machines")
                .addQueryParameter("recursive", "true").addQueryParameter("sorted", "true").build();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MachineStateDto(String ID, String PublicIP, Map<String, String> Metadata) {
    }

    /** The machines now, ordered by ID. */
    public List<Machine> machines() {
        JsonNode root;
        try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            String body = response.body() == null ? "" : response.body().string();
            if (response.code() == 404 && body.contains("\"errorCode\":100")) {
                return List.of();
            }
            if (!response.isSuccessful()) {
                throw new IllegalStateException("etcd answered " + response.code() + " for " + url + ": " + body);
            }
            root = FleetWire.JSON.readTree(body).path("node");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read fleet machines from etcd at " + url.host() + ": " + e, e);
        }
        List<Machine> machines = new ArrayList<>();
        for (JsonNode dir : root.path("nodes")) {
            String id = lastSegment(dir.path("key").asText());
            MachineStateDto state = null;
            Map<String, String> overrides = new TreeMap<>();
            for (JsonNode child : dir.path("nodes")) {
                String name = lastSegment(child.path("key").asText());
                if (name.equals("object")) {
                    try {
                        state = FleetWire.JSON.readValue(child.path("value").asText(), MachineStateDto.class);
                    } catch (IOException malformed) {
                        state = null;
                    }
                } else if (name.equals("metadata")) {
                    child.path("nodes").forEach(m -> overrides.put(lastSegment(m.path("key").asText()), m.path("value").asText()));
                }
            }
            if (state == null) {
                continue;
            }
            Map<String, String> metadata = new TreeMap<>(state.Metadata() == null ? Map.of() : state.Metadata());
            overrides.forEach((k, v) -> {
                if (v.isEmpty()) {
                    metadata.remove(k);
                } else {
                    metadata.put(k, v);
                }
            });
            machines.add(Machine.builder().id(state.ID() == null ? id : state.ID())
                    .primaryIp(state.PublicIP() == null ? "" : state.PublicIP()).metadata(metadata).build());
        }
        return machines;
    }

    private static String lastSegment(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
