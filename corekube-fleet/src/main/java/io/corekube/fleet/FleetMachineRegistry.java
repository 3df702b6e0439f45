package io.corekube.fleet;

import io.corekube.TlsConfig;
import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import io.corekube.fleet.internal.FleetEtcdMachines;
import io.corekube.spi.MachineRegistry;
import io.corekube.spi.Subscription;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link MachineRegistry} on fleet: machines from fleet's API ({@link #fromApi}) or straight from
 * fleet's etcd keys {@code /_coreos.com/fleet/machines/<id>/object} with the dynamic metadata overrides under
 * {@code metadata/<key>}, as the original Overlord read them ({@link #fromEtcd}). fleet has no watch API, so
 * {@link #watch} compares a fresh listing with the last one every poll interval and reports the difference.
 */
public final class FleetMachineRegistry implements MachineRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(FleetMachineRegistry.class);

    private final Supplier<List<Machine>> source;
    private final Runnable closer;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "corekube-fleet-machines");
        t.setDaemon(true);
        return t;
    });

    private FleetMachineRegistry(Supplier<List<Machine>> source, Runnable closer, Duration pollInterval) {
        this.source = source;
        this.closer = closer;
        this.pollInterval = pollInterval;
    }

    /** Machines from fleet's API, polled every {@code pollInterval}; the client is not closed with the registry. */
    public static FleetMachineRegistry fromApi(FleetClient fleet, Duration pollInterval) {
        return new FleetMachineRegistry(fleet::machines, () -> { }, pollInterval);
    }

    /** Machines from fleet's keys in etcd's v2 API at {@code etcdEndpoint} (TLS when given), polled every interval. */
    public static FleetMachineRegistry fromEtcd(URI etcdEndpoint, Optional<TlsConfig> tls, Duration pollInterval) {
        FleetEtcdMachines etcd = new FleetEtcdMachines(etcdEndpoint, tls);
        return new FleetMachineRegistry(etcd::machines, etcd::close, pollInterval);
    }

    @Override
    public List<Machine> machines() {
        return source.get();
    }

    @Override
    public Subscription watch(Consumer<MachineEvent> listener) {
        Map<String, Machine> known = new LinkedHashMap<>();
        AtomicBoolean failing = new AtomicBoolean();
        ScheduledFuture<?> task = poller.scheduleWithFixedDelay(() -> {
            try {
                diff(known, source.get(), listener);
                failing.set(false);
            } catch (RuntimeException e) {
                if (!failing.getAndSet(true)) {
                    LOG.warn("cannot list fleet machines, will retry: {}", e.toString());
                }
            }
        }, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    private static void diff(Map<String, Machine> known, List<Machine> now, Consumer<MachineEvent> listener) {
        Map<String, Machine> current = new LinkedHashMap<>();
        now.forEach(m -> current.put(m.id(), m));
        for (Machine m : current.values()) {
            Machine before = known.get(m.id());
            if (before == null) {
                listener.accept(MachineEvent.of(MachineEvent.Type.JOINED, m));
            } else if (!before.equals(m)) {
                listener.accept(MachineEvent.of(MachineEvent.Type.CHANGED, m));
            }
        }
        for (Machine m : known.values()) {
            if (!current.containsKey(m.id())) {
                listener.accept(MachineEvent.of(MachineEvent.Type.LEFT, m));
            }
        }
        known.clear();
        known.putAll(current);
    }

    @Override
    public void close() {
        poller.shutdownNow();
        closer.run();
    }
}
