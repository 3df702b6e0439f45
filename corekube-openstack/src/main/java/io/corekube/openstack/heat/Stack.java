package io.corekube.openstack.heat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** A stack as Heat shows it. */
@Value.Immutable
public interface Stack {

    /** Name and ID. */
    StackRef ref();

    /** Action and status, e.g. {@code CREATE_COMPLETE}. */
    String status();

    /** Heat's reason for the status. */
    String statusReason();

    /** When it was created (ISO 8601, as Heat writes it). */
    Optional<String> creationTime();

    /** When it was last updated. */
    Optional<String> updatedTime();

    /** Outputs, when Heat shows them. */
    List<StackOutput> outputs();

    /** Parameters, with Heat's own ({@code OS::stack_name}, ...). */
    Map<String, String> parameters();

    /** Tags. */
    List<String> tags();

    /** True when the status ends in {@code _COMPLETE}. */
    default boolean isComplete() {
        return status().endsWith("_COMPLETE");
    }

    /** True when the status ends in {@code _FAILED}. */
    default boolean isFailed() {
        return status().endsWith("_FAILED");
    }

    /** A builder for a stack. */
    static ImmutableStack.Builder builder() {
        return ImmutableStack.builder();
    }
}
