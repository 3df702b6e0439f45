package io.corekube.openstack.heat;

import io.corekube.ClientExchange;
import io.corekube.RetryPolicy;
import io.corekube.TlsConfig;
import io.corekube.openstack.keystone.Keystone;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Heat v1 stack API. Stacks are addressed by name and ID ({@link StackRef}); redirects are never followed
 * (a redirected PUT, PATCH or DELETE would silently become a GET). Heat's error bodies become
 * {@link HeatBadRequestException}, {@link HeatNotFoundException}, {@link HeatConflictException} or
 * {@link HeatException} with the explanation, message and type. Reads are retried on connection failures and
 * 5xx; writes are never sent twice. With Keystone, a 401 authenticates again once. Thread-safe; close when done.
 */
public interface HeatClient extends AutoCloseable {

    /** Creates a stack; returns its name and ID at once (see {@link #awaitCompletion}). */
    StackRef create(StackRequest request);

    /** What a create would make, without making it. */
    Stack preview(StackRequest request);

    /** Validates a template; returns Heat's answer (parameters, description) as JSON text. */
    String validate(String template, Optional<String> environment);

    /** One page of stacks. */
    List<Stack> list(StackListQuery query);

    /** A stack by name (one lookup) or empty. */
    Optional<Stack> find(String name);

    /** A stack by name and ID. */
    Stack show(StackRef stack);

    /** Replaces the stack's template and parameters (PUT: the template is sent again). */
    void update(StackRef stack, StackRequest request);

    /** Changes only what is given (PATCH): omitted parameters and template are kept. */
    void patch(StackRef stack, Map<String, String> parameters, Optional<String> template);

    /** Deletes the stack (see {@link #awaitDeletion}). */
    void delete(StackRef stack);

    /** Every output with its value. */
    List<StackOutput> outputs(StackRef stack);

    /** One output. */
    StackOutput output(StackRef stack, String key);

    /** The resources, nested stacks down to {@code nestedDepth}. */
    List<StackResource> resources(StackRef stack, int nestedDepth);

    /** One resource with the attributes asked for. */
    StackResource resource(StackRef stack, String name, List<String> attributes);

    /** Events oldest first after {@code marker} (an event ID), at most {@code limit}. */
    List<StackEvent> events(StackRef stack, Optional<String> marker, int limit);

    /** Events of one resource, oldest first. */
    List<StackEvent> resourceEvents(StackRef stack, String resource);

    /** Sends a signal to a resource, e.g. {@code {"status": "SUCCESS"}} to a wait condition handle. */
    void signal(StackRef stack, String resource, String jsonBody);

    /**
     * Waits, at most {@code timeout}, until the stack's current operation ends, handing each new event to
     * {@code onEvent} once, in order. Returns the stack when it ends {@code *_COMPLETE}; throws
     * {@link HeatStackFailedException} naming the failed resources when it ends {@code *_FAILED}, and
     * {@link java.util.concurrent.TimeoutException} wrapped in an {@link io.corekube.openstack.OpenStackException}
     * at the deadline.
     */
    Stack awaitCompletion(StackRef stack, Duration timeout, Consumer<StackEvent> onEvent);

    /**
     * Waits as {@link #awaitCompletion(StackRef, Duration, Consumer)} does, without handing out events. For a stack
     * this client created, each poll is one request for the events since the last poll, which carry the failed
     * resources and the end; the stack is read once more at a successful end, for the result. A signal to a resource
     * (a wait condition handle) brings the next poll forward to about a second later, when Heat will have checked
     * the wait condition. Polls come every {@link Builder#pollInterval pollInterval} (2 s unless said otherwise).
     */
    Stack awaitCompletion(StackRef stack, Duration timeout);

    /** Waits, at most {@code timeout}, until the stack is gone (DELETE_COMPLETE or not found). */
    void awaitDeletion(StackRef stack, Duration timeout);

    @Override
    void close();

    /** A builder: give it Keystone (the endpoint comes from the catalog) or an explicit endpoint. */
    static Builder builder() {
        return new Builder();
    }

    /** Settings of a Heat client. */
    final class Builder {
        Keystone keystone;
        String iface = "public";
        Optional<String> region = Optional.empty();
        URI endpoint;
        TlsConfig tls;
        Duration timeout = Duration.ofSeconds(30);
        RetryPolicy retryPolicy = RetryPolicy.defaults();
        // one poll every 2 s: half of that, 1 s, is the median delay before a stack's end is noticed (HeatWaitBenchmark)
        Duration pollInterval = Duration.ofSeconds(2);
        Duration maxPollInterval = Duration.ofSeconds(2);
        Consumer<ClientExchange> listener = exchange -> { };

        private Builder() {
        }

        /** Called with every request's {@link ClientExchange} (client {@code heat}), for metrics and tests; must not throw. */
        public Builder listener(Consumer<ClientExchange> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Authenticate with this Keystone session and take the orchestration endpoint from its catalog. */
        public Builder keystone(Keystone keystone) {
            this.keystone = Objects.requireNonNull(keystone);
            return this;
        }

        /** The catalog interface to use: {@code public} (default), {@code internal} or {@code admin}. */
        public Builder endpointInterface(String iface) {
            this.iface = iface;
            return this;
        }

        /** The catalog region to use. */
        public Builder region(String region) {
            this.region = Optional.of(region);
            return this;
        }

        /** The orchestration endpoint, e.g. {@code http://heat:8004/v1/<project>}; overrides the catalog. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** TLS towards an https Heat. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * How long one call may take, retries included: 30 s unless said otherwise, more than 0 and at most an hour
         * (waits for a stack take their own deadline). A silent Heat ends the call with a retryable
         * {@link io.corekube.openstack.OpenStackTimeoutException}.
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How failed reads are retried. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /**
         * The first and the longest pause between two polls while waiting (the pause doubles while nothing happens):
         * 2 s and 2 s by default.
         */
        public Builder pollInterval(Duration first, Duration max) {
            this.pollInterval = first;
            this.maxPollInterval = max;
            return this;
        }

        /** The client. */
        public HeatClient build() {
            if (keystone == null && endpoint == null) {
                throw new io.corekube.value.InvalidValueException("endpoint", "Heat endpoint",
                        "give the Heat client a Keystone session or an endpoint");
            }
            return new OkHttpHeatClient(this);
        }
    }
}
