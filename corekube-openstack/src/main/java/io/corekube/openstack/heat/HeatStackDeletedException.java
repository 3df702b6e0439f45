package io.corekube.openstack.heat;

import java.util.List;

/**
 * The stack was deleted (by someone else) while the caller waited for another of its operations to end: the wait
 * ends at once with this, whatever engine Heat runs, instead of an unexplained failure or a wait to the deadline.
 */
public final class HeatStackDeletedException extends HeatStackFailedException {

    private static final long serialVersionUID = 1L;

    /** {@code stack} was deleted while the caller waited for {@code action}; {@code status} is what Heat last said. */
    public HeatStackDeletedException(StackRef stack, String action, String status) {
        super(stack, status, "deleted while waiting for " + action + " to end", List.of());
    }
}
