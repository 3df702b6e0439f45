package io.corekube.deploy;

import java.util.List;
import org.immutables.value.Value;

/** Every record at one store revision; watch from {@link #revision()} to see every later change. */
@Value.Immutable
public interface StoreSnapshot {

    /** The records, ordered by machine ID. */
    List<Versioned<DeploymentRecord>> records();

    /** The store's revision when the snapshot was taken. */
    long revision();

    /** A builder for a snapshot. */
    static ImmutableStoreSnapshot.Builder builder() {
        return ImmutableStoreSnapshot.builder();
    }
}
