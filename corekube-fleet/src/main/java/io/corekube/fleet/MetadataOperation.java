package io.corekube.fleet;

import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/** One change of a machine's dynamic metadata, for {@code PATCH /machines}. */
@Value.Immutable
public interface MetadataOperation {

    /** What to do with the key. */
    enum Op { ADD, REPLACE, REMOVE }

    /** The key pattern fleet accepts. */
    Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    /** The operation. */
    @Value.Parameter
    Op op();

    /** The machine's ID. */
    @Value.Parameter
    String machineId();

    /** The metadata key. */
    @Value.Parameter
    String key();

    /** The value, for add and replace. */
    @Value.Parameter
    Optional<String> value();

    /** Sets {@code key} to {@code value} on the machine. */
    static MetadataOperation set(String machineId, String key, String value) {
        return ImmutableMetadataOperation.of(Op.REPLACE, machineId, key, Optional.of(value));
    }

    /** Removes {@code key} from the machine's dynamic metadata. */
    static MetadataOperation remove(String machineId, String key) {
        return ImmutableMetadataOperation.of(Op.REMOVE, machineId, key, Optional.empty());
    }

    /** Rejects what fleet would refuse: bad keys and IDs, and add/replace without a value. */
    @Value.Check
    default void check() {
        if (!KEY.matcher(key()).matches()) {
            throw new IllegalArgumentException("metadata key must match [A-Za-z0-9_.-]+: '" + key() + "'");
        }
        if (machineId().isEmpty() || machineId().contains("/")) {
            throw new IllegalArgumentException("machine ID must be non-empty without '/': '" + machineId() + "'");
        }
        if (op() != Op.REMOVE && value().filter(v -> !v.isEmpty()).isEmpty()) {
            throw new IllegalArgumentException(op() + " of metadata key " + key() + " needs a non-empty value");
        }
    }
}
