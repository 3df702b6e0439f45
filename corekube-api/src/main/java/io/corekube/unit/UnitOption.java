package io.corekube.unit;

import org.immutables.value.Value;

/** One {@code Name=Value} line of a unit file, in its section; a key given twice is two options. */
@Value.Immutable
public interface UnitOption {

    /** The section, e.g. {@code Service} or {@code X-Fleet}. */
    @Value.Parameter
    String section();

    /** The option's name, e.g. {@code ExecStart}. */
    @Value.Parameter
    String name();

    /** The option's value, possibly empty. */
    @Value.Parameter
    String value();

    /** An option. */
    static UnitOption of(String section, String name, String value) {
        return ImmutableUnitOption.of(section, name, value);
    }
}
