package io.corekube.unit;

import java.util.Locale;

/** The states fleet lets a client ask for; nothing else is ever sent (fleet stores other values unchecked). */
public enum UnitDesiredState {
    /** Known to the cluster, not scheduled. */
    INACTIVE,
    /** Scheduled and loaded on a machine, not started. */
    LOADED,
    /** Scheduled and started. */
    LAUNCHED;

    /** The wire form: {@code inactive}, {@code loaded} or {@code launched}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form, rejecting anything but the three values with a message naming the value. */
    public static UnitDesiredState fromWire(String value) {
        for (UnitDesiredState s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("desired state must be one of inactive, loaded, launched: '" + value + "'");
    }
}
