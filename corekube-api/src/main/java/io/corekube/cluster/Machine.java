package io.corekube.cluster;

import io.corekube.value.InvalidValueException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A machine that joined the cluster: its fleet machine ID, its primary IP and its metadata, such as
 * {@code kubernetes_role=master}.
 */
@Value.Immutable
public interface Machine {

    /** The metadata key whose value names a machine's Kubernetes role, as in the original Corekube. */
    String ROLE_KEY = "kubernetes_role";

    /** What a machine ID may be made of, so that it can be a key segment in every store. */
    Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9_.:-]+");

    /** True when {@code id} is a valid machine ID. */
    static boolean isValidId(String id) {
        return id != null && id.length() <= 255 && ID_PATTERN.matcher(id).matches();
    }

    /** The machine ID (fleet's, a systemd machine-id of 32 hex characters on a real host). */
    String id();

    /** The IP address the machine is reached at. */
    String primaryIp();

    /** Free-form metadata, in key order. */
    Map<String, String> metadata();

    /** The machine's role from {@link #ROLE_KEY}, when it has one. */
    default Optional<String> role() {
        return Optional.ofNullable(metadata().get(ROLE_KEY));
    }

    /** A builder for a machine. */
    static ImmutableMachine.Builder builder() {
        return ImmutableMachine.builder();
    }

    /** Rejects blank IDs and IDs with whitespace or slashes, which no registry accepts as a key. */
    @Value.Check
    default void check() {
        if (!isValidId(id())) {
            throw new InvalidValueException("machine id", "machine ID", "must be 1 to 255 of [A-Za-z0-9_.:-]");
        }
    }
}
