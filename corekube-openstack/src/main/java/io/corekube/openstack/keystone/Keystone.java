package io.corekube.openstack.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.TlsConfig;
import io.corekube.internal.PemTls;
import io.corekube.internal.Deadline;
import io.corekube.internal.Endpoints;
import io.corekube.openstack.OpenStackException;
import io.corekube.openstack.OpenStackMalformedReplyException;
import io.corekube.openstack.OpenStackTimeoutException;
import io.corekube.openstack.internal.OpenStackJson;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A Keystone v3 session: authenticates with the credentials, keeps the token and the service catalog, and
 * authenticates again {@link Builder#refreshWindow} before the token expires, or at once after a service
 * answered 401 ({@link #invalidate}). Thread-safe; one per identity, shared by every client that needs it.
 */
public final class Keystone implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");

    private final URI authUrl;
    private final KeystoneCredentials credentials;
    private final Optional<ProjectScope> scope;
    private final Duration refreshWindow;
    private final Duration timeout;
    private final Clock clock;
    private final OkHttpClient http;
    private Session session;

    private record Session(String token, Instant expiresAt, List<ServiceEndpoint> catalog) {
    }

    private Keystone(Builder b) {
        this.authUrl = Endpoints.check("authUrl", b.authUrl, java.util.Set.of("http", "https"));
        if (b.credentials == null) {
            throw new io.corekube.value.InvalidValueException("credentials", "Keystone credentials", "no value");
        }
        this.credentials = b.credentials;
        this.timeout = Deadline.check("timeout", b.timeout);
        if (b.refreshWindow == null || b.refreshWindow.isNegative() || b.refreshWindow.compareTo(Deadline.MAX) > 0) {
            throw new io.corekube.value.InvalidValueException("refreshWindow", "duration", "must be 0 to 1 hour");
        }
        this.scope = Optional.ofNullable(b.scope);
        if (credentials instanceof KeystoneCredentials.ApplicationCredential && scope.isPresent()) {
            throw new io.corekube.value.InvalidValueException("scope", "project scope", "an application credential is scoped"
                    + " already: give no ProjectScope with it");
        }
        this.refreshWindow = b.refreshWindow;
        this.clock = b.clock;
        OkHttpClient.Builder http = new OkHttpClient.Builder().callTimeout(b.timeout).readTimeout(Duration.ZERO)
                .followRedirects(false);
        if (b.tls != null) {
            PemTls.Material tls = PemTls.load(b.tls);
            http.sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager());
        }
        this.http = http.build();
    }

    /** A builder for the Keystone at {@code authUrl} (e.g. {@code https://keystone:5000}, with or without {@code /v3}). */
    public static Builder builder(URI authUrl, KeystoneCredentials credentials) {
        return new Builder(authUrl, credentials);
    }

    /** A valid token, authenticating first when there is none or it expires within the refresh window. */
    public synchronized String token() {
        return current().token();
    }

    /** The service catalog of the current token. */
    public synchronized List<ServiceEndpoint> catalog() {
        return current().catalog();
    }

    /**
     * The URL of a service's endpoint by type, interface and (optionally) region; {@link KeystoneAuthException}
     * naming what the catalog has when there is no match.
     */
    public URI endpoint(String serviceType, String iface, Optional<String> region) {
        List<ServiceEndpoint> catalog = catalog();
        return catalog.stream()
                .filter(e -> e.type().equals(serviceType) && e.iface().equals(iface)
                        && region.map(r -> r.equals(e.region())).orElse(true))
                .findFirst().map(e -> catalogUrl(e))
                .orElseThrow(() -> new KeystoneAuthException("no " + iface + " " + serviceType + " endpoint"
                        + region.map(r -> " in region " + r).orElse("") + " in the catalog; it has "
                        + catalog.stream().map(e -> e.type() + "/" + e.iface() + "/" + e.region()).toList(), 0));
    }

    private static URI catalogUrl(ServiceEndpoint e) {
        try {
            return Endpoints.check("catalog url", URI.create(e.url()), java.util.Set.of("http", "https"));
        } catch (IllegalArgumentException bad) {
            throw new OpenStackMalformedReplyException("Keystone catalog", e.type() + "/" + e.iface() + " endpoint is not"
                    + " an http(s) URL: " + bad.getMessage(), bad);
        }
    }

    /** Forgets {@code token} after a service refused it, so that the next call authenticates again. */
    public synchronized void invalidate(String token) {
        if (session != null && session.token().equals(token)) {
            session = null;
        }
    }

    private Session current() {
        if (session == null || !clock.instant().plus(refreshWindow).isBefore(session.expiresAt())) {
            session = authenticate();
        }
        return session;
    }

    private Session authenticate() {
        String base = authUrl.toString().replaceAll("/+$", "");
        String url = (base.endsWith("/v3") ? base : base + "/v3") + "/auth/tokens";
        Request request = new Request.Builder().url(url).post(RequestBody.create(body().toString(), JSON)).build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            if (response.code() == 401 || response.code() == 403) {
                throw new KeystoneAuthException("Keystone refused the credentials (" + response.code() + "): "
                        + OpenStackJson.error(text).describe(), response.code());
            }
            if (!response.isSuccessful()) {
                throw new OpenStackException("Keystone answered " + response.code() + ": " + OpenStackJson.error(text).describe(),
                        response.code());
            }
            String token = response.header("X-Subject-Token");
            if (token == null || token.isEmpty()) {
                throw new OpenStackException("Keystone answered " + response.code() + " without X-Subject-Token", response.code());
            }
            try {
                JsonNode t = OpenStackJson.strict(text).path("token");
                Instant expires = t.hasNonNull("expires_at") ? java.time.OffsetDateTime.parse(t.path("expires_at").asText()).toInstant()
                        : clock.instant().plus(Duration.ofHours(1));
                return new Session(token, expires, catalog(t.path("catalog")));
            } catch (OpenStackMalformedReplyException e) {
                throw new OpenStackMalformedReplyException("POST " + Endpoints.redact(URI.create(url)), e.problem(), e);
            } catch (RuntimeException e) {
                throw new OpenStackMalformedReplyException("POST " + Endpoints.redact(URI.create(url)), e.getMessage(), e);
            }
        } catch (IOException e) {
            if (e instanceof java.io.InterruptedIOException) {
                throw new OpenStackTimeoutException("authenticating with Keystone at " + Endpoints.redact(authUrl), timeout, true, e);
            }
            throw new OpenStackException("cannot reach Keystone at " + Endpoints.redact(authUrl) + ": " + e, e);
        }
    }

    private static List<ServiceEndpoint> catalog(JsonNode catalog) {
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        for (JsonNode service : catalog) {
            for (JsonNode e : service.path("endpoints")) {
                String region = e.path("region_id").asText(e.path("region").asText(""));
                endpoints.add(new ServiceEndpoint(service.path("type").asText(), e.path("interface").asText(),
                        region.isEmpty() ? e.path("region").asText("") : region, e.path("url").asText()));
            }
        }
        return endpoints;
    }

    private ObjectNode body() {
        ObjectNode root = OpenStackJson.JSON.createObjectNode();
        ObjectNode auth = root.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        if (credentials instanceof KeystoneCredentials.Password p) {
            identity.putArray("methods").add("password");
            ObjectNode user = identity.putObject("password").putObject("user");
            if (p.userId() != null) {
                user.put("id", p.userId());
            } else {
                user.put("name", p.userName());
                user.putObject("domain").put("id", p.domainId());
            }
            user.put("password", p.password().reveal());
        } else if (credentials instanceof KeystoneCredentials.ApplicationCredential a) {
            identity.putArray("methods").add("application_credential");
            identity.putObject("application_credential").put("id", a.id()).put("secret", a.secret().reveal());
        } else if (credentials instanceof KeystoneCredentials.Token t) {
            identity.putArray("methods").add("token");
            identity.putObject("token").put("id", t.token().reveal());
        }
        scope.ifPresent(s -> {
            ObjectNode project = auth.putObject("scope").putObject("project");
            s.id().ifPresent(id -> project.put("id", id));
            s.name().ifPresent(name -> project.put("name", name));
            s.domainId().ifPresent(d -> project.putObject("domain").put("id", d));
            s.domainName().ifPresent(d -> project.putObject("domain").put("name", d));
        });
        return root;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "Keystone[" + Endpoints.redact(authUrl) + ", " + credentials.getClass().getSimpleName() + "]";
    }

    /** Settings of a Keystone session. */
    public static final class Builder {
        private final URI authUrl;
        private final KeystoneCredentials credentials;
        private ProjectScope scope;
        private Duration refreshWindow = Duration.ofMinutes(2);
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private TlsConfig tls;

        private Builder(URI authUrl, KeystoneCredentials credentials) {
            this.authUrl = authUrl;
            this.credentials = credentials;
        }

        /** The project to scope tokens to (not with application credentials). */
        public Builder scope(ProjectScope scope) {
            this.scope = scope;
            return this;
        }

        /** How long before expiry a token is replaced; 2 minutes by default. */
        public Builder refreshWindow(Duration window) {
            this.refreshWindow = window;
            return this;
        }

        /** How long an authentication may take: 30 s unless said otherwise; more than 0 and at most an hour. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The clock expiry is judged by (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** TLS towards an https Keystone. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** The session; it authenticates on first use. */
        public Keystone build() {
            return new Keystone(this);
        }
    }
}
