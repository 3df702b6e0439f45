package io.corekube.spi;

import io.corekube.cluster.Machine;
import io.corekube.cluster.MachineEvent;
import java.util.List;
import java.util.function.Consumer;

/** The machines that joined the cluster, as a snapshot and as a stream of changes. */
public interface MachineRegistry extends AutoCloseable {

    /** The machines now, ordered by ID. */
    List<Machine> machines();

    /**
     * Delivers a {@code JOINED} event for every machine present now, then every later change, until the
     * subscription is closed. Events are hints: a consumer re-reads {@link #machines()} when in doubt.
     */
    Subscription watch(Consumer<MachineEvent> listener);

    /** Releases the registry's resources; the default does nothing. */
    @Override
    default void close() {
    }
}
