package io.corekube.openstack.heat;

import io.corekube.value.InvalidValueException;
import java.util.regex.Pattern;

/**
 * A stack by name and ID: how every stack URL is addressed, so no redirect is ever needed. The name follows Heat's
 * rule (a letter, then letters, digits, {@code _ . -}, at most 255); the ID is one URL path segment of letters,
 * digits, {@code _ . -} (a UUID in practice), never {@code .} or {@code ..}, so no reference can address another
 * URL than its own stack's.
 */
public record StackRef(String name, String id) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]{0,254}");
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_.-]{1,255}");

    /** Checks name and ID; {@link InvalidValueException} names the one at fault. */
    public StackRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidValueException("stack name", "Heat stack name", "a letter, then letters, digits and _.-, at most 255");
        }
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new InvalidValueException("stack id", "Heat stack ID", "one path segment of letters, digits and _.-, not '.' or '..'");
        }
    }

    @Override
    public String toString() {
        return name + "/" + id;
    }
}
