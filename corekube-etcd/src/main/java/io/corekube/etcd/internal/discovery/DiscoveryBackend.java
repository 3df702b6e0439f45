package io.corekube.etcd.internal.discovery;

import io.corekube.etcd.discovery.DiscoveryToken;
import io.corekube.spi.Subscription;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The storage side of discovery (v2 keys or v3 KV); the protocol itself is {@link DefaultEtcdDiscovery}. */
public interface DiscoveryBackend extends AutoCloseable {

    /** A registration as stored: member ID (key segment), raw value, creation order. */
    record Registration(String id, String value, long createdIndex) {
    }

    /** How current a read must be. */
    enum Consistency {
        /** Whatever the member asked has applied: cheap, possibly behind the leader. */
        SERIALIZABLE,
        /** Everything committed before the read started: a consensus round, like a write. */
        LINEARIZABLE
    }

    /** Registrations in creation order, with the store index/revision they were read at. */
    record Listing(List<Registration> registrations, long index) {
    }

    /** A token object for a bare token or URL. */
    DiscoveryToken token(String tokenOrUrl);

    /** Writes the size if the token does not exist; false if it does. */
    boolean createSize(DiscoveryToken token, String size);

    /** The raw size value, empty when there is none. */
    Optional<String> readSize(DiscoveryToken token);

    /** Every registration, sorted by creation order, read with the given consistency. */
    Listing list(DiscoveryToken token, Consistency consistency);

    /** Writes a registration if none with this ID exists; its creation order, or empty if one existed. */
    Optional<Long> createRegistration(DiscoveryToken token, String id, String value);

    /** Delivers registrations written after {@code afterIndex} (and on a resync, the current ones again). */
    Subscription watch(DiscoveryToken token, long afterIndex, Consumer<Registration> onRegistration);

    /** Deletes everything of the token; false when there was nothing. */
    boolean delete(DiscoveryToken token);

    @Override
    void close();
}
