package io.corekube.fleet;

import io.corekube.RetryPolicy;
import io.corekube.TlsConfig;
import io.corekube.cluster.Machine;
import io.corekube.unit.UnitDesiredState;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fleet v1 API. Lists follow every page; names and desired states are checked before anything is sent;
 * 400, 404 and 409 answers are {@link FleetBadRequestException}, {@link FleetNotFoundException} and
 * {@link FleetConflictException} with fleet's message; connection failures and 5xx are retried with the
 * configured policy. Thread-safe; close when done.
 *
 * <pre>{@code
 * try (FleetClient fleet = FleetClient.builder().endpoint(URI.create("http://10.0.0.3:10001")).build()) {
 *     fleet.putUnit("hello.service", UnitFile.builder().service("ExecStart", "/bin/sleep 1000").build(),
 *             UnitDesiredState.LAUNCHED);
 * }
 * }</pre>
 */
public interface FleetClient extends AutoCloseable {

    /** Every unit, all pages. */
    List<FleetUnit> units();

    /** One unit, or empty on 404. */
    Optional<FleetUnit> unit(String name);

    /**
     * Creates the unit, or, when it exists, replaces it if the content differs (fleet 0.13+) or sets only its
     * desired state if not. fleet answers 201 ({@link PutOutcome#CREATED}) or 204 ({@link PutOutcome#UPDATED}).
     * A unit the SDK would not build ({@link UnitFile#checkSendable()}) is refused before anything is sent.
     */
    PutOutcome putUnit(String name, UnitFile unit, UnitDesiredState desiredState);

    /** Changes only the desired state of an existing unit; {@link FleetConflictException} when it does not exist. */
    void setDesiredState(String name, UnitDesiredState desiredState);

    /** Destroys the unit; false when it did not exist. */
    boolean destroyUnit(String name);

    /** Every machine with its metadata, all pages. */
    List<Machine> machines();

    /** Applies metadata changes to machines, all or none validated first. */
    void patchMachines(List<MetadataOperation> operations);

    /** Every unit state, all pages. */
    default List<UnitStatus> unitStates() {
        return unitStates(StateFilter.none());
    }

    /** The unit states matching the filter, all pages (the filter is sent again with every page). */
    List<UnitStatus> unitStates(StateFilter filter);

    /**
     * A view of this client, sharing its connections and settings, that calls {@code guard} with the request line
     * (e.g. {@code PUT /fleet/v1/units/a.service}) right before each attempt of each request that writes (PUT,
     * PATCH, DELETE), retries included. A guard that throws stops the request unsent and its exception reaches the
     * caller. The engine guards its writes with its leadership's {@link io.corekube.spi.WriteFence}. Closing the view
     * leaves this client open.
     */
    FleetClient withWriteGuard(java.util.function.Consumer<String> guard);

    @Override
    void close();

    /** A builder; give it an {@link Builder#endpoint} or a {@link Builder#unixSocket}. */
    static Builder builder() {
        return new Builder();
    }

    /** Filters of {@code GET /state}: one exact machine ID and/or one exact unit name. */
    record StateFilter(Optional<String> machineId, Optional<String> unitName) {

        /** No filter. */
        public static StateFilter none() {
            return new StateFilter(Optional.empty(), Optional.empty());
        }

        /** The states of one machine (its full ID: fleet matches no prefix). */
        public static StateFilter machine(String machineId) {
            return new StateFilter(Optional.of(machineId), Optional.empty());
        }

        /** The states of one unit (one per machine for a global unit). */
        public static StateFilter unit(String unitName) {
            return new StateFilter(Optional.empty(), Optional.of(unitName));
        }
    }

    /** The most pages a listing may have (100,000 units at fleet's 100 a page); more is a misbehaving server. */
    int MAX_PAGES = 1000;

    /** Settings of a fleet client. */
    final class Builder {
        URI endpoint;
        Path unixSocket;
        String basePath = "/fleet/v1";
        TlsConfig tls;
        Duration connectTimeout = Duration.ofSeconds(5);
        Duration requestTimeout = Duration.ofSeconds(30);
        RetryPolicy retryPolicy = RetryPolicy.defaults();
        java.util.function.Consumer<io.corekube.ClientExchange> listener = exchange -> { };

        private Builder() {
        }

        /** Called with every attempt's {@link io.corekube.ClientExchange} (retries included), on the calling thread; it must not throw. */
        public Builder listener(java.util.function.Consumer<io.corekube.ClientExchange> listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** fleet over TCP, e.g. {@code http://10.0.0.3:10001} (https needs {@link #tls}). */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint);
            return this;
        }

        /** fleet over its Unix socket, e.g. {@code /var/run/fleet.sock}. */
        public Builder unixSocket(Path socket) {
            this.unixSocket = Objects.requireNonNull(socket);
            return this;
        }

        /** The API's path prefix: {@code /fleet/v1} (default) or the older {@code /v1-alpha}. */
        public Builder basePath(String basePath) {
            this.basePath = basePath;
            return this;
        }

        /** TLS towards an https endpoint. */
        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /** How long a connection may take to open (TCP); 5 s unless said otherwise. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /**
         * How long one call may take in all, retries included (30 s unless said otherwise; more than 0 and at most an
         * hour): a silent fleet ends the call with a {@link FleetTimeoutException} by then.
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** How connection failures and 5xx answers are retried. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /**
         * The client; {@link io.corekube.value.InvalidValueException} (naming the setting) when the settings do not
         * make one: an endpoint that is not http(s) with a host or that holds user information, a timeout out of range.
         */
        public FleetClient build() {
            return new OkHttpFleetClient(this);
        }
    }
}
