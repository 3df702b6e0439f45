package io.corekube.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Leadership won by one candidate. It lasts until {@link #close()} resigns it or the store stops renewing it
 * (a crashed process, an expired lease); {@link #lost()} completes then, and only the new leader acts.
 */
public interface Leadership extends AutoCloseable {

    /** The candidate that leads. */
    String candidateId();

    /** True while this leadership is held. */
    boolean isHeld();

    /** Completes when this leadership ends, for whatever reason. */
    CompletableFuture<Void> lost();

    /** Resigns, so that another candidate can lead at once. */
    @Override
    void close();
}
