package io.corekube.testing.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few OpenStack calls the launcher makes itself (building the catalog and the fixtures), as an admin with a
 * project-scoped token: JSON in and out, a non-2xx status is an {@link IllegalStateException} naming the call.
 */
final class OpenStackApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String token;

    private OpenStackApi(String token) {
        this.token = token;
    }

    /** Logs in to Keystone ({@code keystone} ends in {@code /v3}) with a password, scoped to the project. */
    static OpenStackApi login(String keystone, String user, String password, String project) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password").putObject("user").put("name", user).put("password", password)
                .putObject("domain").put("id", "default");
        body.withObject("/auth").putObject("scope").putObject("project").put("name", project)
                .putObject("domain").put("id", "default");
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(keystone + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        check(r, "POST " + keystone + "/auth/tokens");
        return new OpenStackApi(r.headers().firstValue("X-Subject-Token").orElseThrow());
    }

    String token() {
        return token;
    }

    JsonNode get(String url) {
        return call("GET", url, null, null);
    }

    /** A GET about another token ({@code X-Subject-Token}), e.g. validating it. */
    JsonNode getAbout(String url, String subjectToken) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .header("X-Subject-Token", subjectToken).GET());
        check(r, "GET " + url);
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " answered no JSON", e);
        }
    }

    /** A DELETE about another token ({@code X-Subject-Token}): revoking it. */
    void delete(String url, String subjectToken) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .header("X-Subject-Token", subjectToken).DELETE());
        check(r, "DELETE " + url);
    }

    /** A GET at a Nova microversion. */
    JsonNode get(String url, String microversion) {
        return call("GET", url, null, microversion);
    }

    JsonNode post(String url, JsonNode body) {
        return call("POST", url, body, null);
    }

    JsonNode post(String url, JsonNode body, String microversion) {
        return call("POST", url, body, microversion);
    }

    JsonNode put(String url, JsonNode body) {
        return call("PUT", url, body, null);
    }

    /** Uploads raw bytes (an image's data). */
    void putBytes(String url, byte[] data) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(data)));
        check(r, "PUT " + url);
    }

    private JsonNode call(String method, String url, JsonNode body, String microversion) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("X-Auth-Token", token)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (microversion != null) {
            b.header("OpenStack-API-Version", "compute " + microversion).header("X-OpenStack-Nova-API-Version", microversion);
        }
        HttpResponse<String> r = send(b);
        check(r, method + " " + url);
        try {
            return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " answered no JSON: " + r.body(), e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void check(HttpResponse<String> r, String call) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(call + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** The status code of a GET without a token (a service's version document), or -1 when it does not answer. */
    static int probe(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
