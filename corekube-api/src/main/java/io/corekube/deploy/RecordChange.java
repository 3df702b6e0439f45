package io.corekube.deploy;

import java.util.Optional;
import org.immutables.value.Value;

/** A change to one machine's record, as a store watch delivers it. */
@Value.Immutable
public interface RecordChange {

    /** The store revision of the change. */
    long revision();

    /** The machine whose record changed. */
    String machineId();

    /** The record after the change; empty when it was deleted. */
    Optional<DeploymentRecord> record();

    /** True when the record was deleted. */
    default boolean isDelete() {
        return record().isEmpty();
    }

    /** A builder for a change. */
    static ImmutableRecordChange.Builder builder() {
        return ImmutableRecordChange.builder();
    }
}
