package io.corekube.spi;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Leadership won by one candidate. It lasts until {@link #close()} resigns it or the store stops renewing it
 * (a crashed process, an expired lease); {@link #lost()} completes then, and only the new leader acts.
 */
public interface Leadership extends AutoCloseable {

    /** The candidate that leads. */
    String candidateId();

    /**
     * True while this leadership is held: not resigned, not reported lost, and (for a store with leases) its
     * lease's deadline not yet passed by this process's monotonic clock.
     */
    boolean isHeld();

    /**
     * How long this process can still count on leading, by its own monotonic clock: for a lease, the time to its
     * deadline counted from when the last renewal the store confirmed was sent (the server can only expire it
     * later). Zero once lost. The default, for a store without leases, is forever while held.
     */
    default Duration remaining() {
        return isHeld() ? ChronoUnit.FOREVER.getDuration() : Duration.ZERO;
    }

    /**
     * A number that grows with each leadership the store grants, which a guarded write compares (etcd: the
     * create revision of the leader's key). The default, for a store that fences no write, is 0.
     */
    default long fencingToken() {
        return 0;
    }

    /** Completes when this leadership ends, for whatever reason. */
    CompletableFuture<Void> lost();

    /** Resigns, so that another candidate can lead at once. */
    @Override
    void close();
}
