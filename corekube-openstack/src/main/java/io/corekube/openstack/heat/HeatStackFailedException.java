package io.corekube.openstack.heat;

import io.corekube.openstack.OpenStackException;
import java.util.List;

/** A stack operation ended {@code *_FAILED}: names the stack, its status and the failed resources with their reasons. */
public class HeatStackFailedException extends OpenStackException {

    private final StackRef stack;
    private final String status;
    private final List<StackEvent> failures;

    /** The operation on {@code stack} ended in {@code status}; {@code failures} are the resources' failure events. */
    public HeatStackFailedException(StackRef stack, String status, String reason, List<StackEvent> failures) {
        super("stack " + stack + " ended " + status + ": " + reason + (failures.isEmpty() ? "" : "; failed resources: "
                + String.join("; ", failures.stream().map(e -> e.resourceName() + " " + e.status() + ": " + e.reason()).toList())), 0);
        this.stack = stack;
        this.status = status;
        this.failures = List.copyOf(failures);
    }

    /** The stack. */
    public StackRef stack() {
        return stack;
    }

    /** The final status, e.g. {@code CREATE_FAILED}. */
    public String finalStatus() {
        return status;
    }

    /** The failure events of the stack's resources, oldest first. */
    public List<StackEvent> failures() {
        return failures;
    }
}
