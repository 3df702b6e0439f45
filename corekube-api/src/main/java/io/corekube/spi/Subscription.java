package io.corekube.spi;

/** A running watch; closing it stops delivery. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops the watch; no callback starts after this returns. */
    @Override
    void close();
}
