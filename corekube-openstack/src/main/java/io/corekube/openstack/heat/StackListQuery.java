package io.corekube.openstack.heat;

import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** Filters, sorting and paging of a stack listing. */
@Value.Immutable
public interface StackListQuery {

    /** At most this many stacks per page. */
    Optional<Integer> limit();

    /** The ID of the last stack of the previous page. */
    Optional<String> marker();

    /** Sort keys, e.g. {@code stack_name}, {@code created_at}. */
    List<String> sortKeys();

    /** {@code asc} or {@code desc}. */
    Optional<String> sortDir();

    /** Only stacks of this name. */
    Optional<String> name();

    /** Only stacks in this status, e.g. {@code CREATE_COMPLETE}. */
    Optional<String> status();

    /** Only stacks with all these tags. */
    List<String> tags();

    /** Every stack. */
    static StackListQuery all() {
        return builder().build();
    }

    /** A builder for a query. */
    static ImmutableStackListQuery.Builder builder() {
        return ImmutableStackListQuery.builder();
    }
}
