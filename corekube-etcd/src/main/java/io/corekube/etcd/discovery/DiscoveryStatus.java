package io.corekube.etcd.discovery;

import java.util.List;
import org.immutables.value.Value;

/** A token's state: its size, every registration in creation order, who is admitted and who is surplus. */
@Value.Immutable
public interface DiscoveryStatus {

    /** The token. */
    DiscoveryToken token();

    /** How many members the cluster is to have. */
    int size();

    /** Every registration, in creation order. */
    List<DiscoveryMember> members();

    /** The cluster: the first {@link #size()} registrations. */
    default List<DiscoveryMember> admitted() {
        return members().subList(0, Math.min(size(), members().size()));
    }

    /** Registrations beyond the size, which etcd refuses as "cluster is full". */
    default List<DiscoveryMember> surplus() {
        return members().size() <= size() ? List.of() : members().subList(size(), members().size());
    }

    /** True when {@link #size()} members have registered. */
    default boolean isFull() {
        return members().size() >= size();
    }

    /** A builder for a status. */
    static ImmutableDiscoveryStatus.Builder builder() {
        return ImmutableDiscoveryStatus.builder();
    }
}
