package io.corekube.unit;

import org.immutables.value.Value;

/**
 * One {@code Name=Value} line of a unit file, in its section; a key given twice is two options. An option is a
 * plain value, as a server may hold it: whether it can be written safely is checked when a {@link UnitFile} is
 * built from it ({@link UnitFile#of}, {@link UnitFile#builder()}).
 */
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

    /** An option; {@link InvalidUnitException} when a part is null. */
    static UnitOption of(String section, String name, String value) {
        if (section == null || name == null || value == null) {
            throw new InvalidUnitException("option [" + section + "] " + name + ": section, name and value are required"
                    + " (null given)");
        }
        return ImmutableUnitOption.of(section, name, value);
    }
}
