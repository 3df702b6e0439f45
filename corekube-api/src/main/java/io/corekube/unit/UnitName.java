package io.corekube.unit;

import java.util.Optional;
import java.util.Set;

/**
 * A unit name valid for fleet (its {@code ValidateName}, after systemd's {@code unit_name_is_valid}): at most 256
 * characters, a known type suffix, only letters, digits and {@code :-_.\@} before it, not starting with
 * {@code @}. Templates are {@code name@.service}, instances {@code name@instance.service}.
 */
public final class UnitName {

    /** The longest name fleet accepts. */
    public static final int MAX_LENGTH = 256;

    private static final Set<String> TYPES = Set.of("automount", "busname", "device", "mount", "path", "scope",
            "service", "slice", "snapshot", "socket", "swap", "target", "timer");
    private static final Set<String> TEMPLATE_TYPES = Set.of("path", "service", "socket", "target", "timer");

    private final String name;

    private UnitName(String name) {
        this.name = name;
    }

    /** The name, or {@link InvalidUnitException} with fleet's own message for the first problem found. */
    public static UnitName of(String name) {
        validate(name).ifPresent(problem -> {
            throw new InvalidUnitException("invalid unit name " + quote(name) + ": " + problem);
        });
        return new UnitName(name);
    }

    /** The instance {@code prefix@instance.suffix} of the template {@code prefix@.suffix}. */
    public static UnitName instance(String template, String instance) {
        UnitName t = of(template);
        if (!t.isTemplate()) {
            throw new InvalidUnitException(quote(template) + " is not a template (name@.type)");
        }
        int at = template.indexOf('@');
        return of(template.substring(0, at + 1) + instance + template.substring(at + 1));
    }

    /** fleet's message for the first problem of {@code name}, or empty when it is valid. */
    public static Optional<String> validate(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("unit name cannot be empty");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("unit name exceeds maximum length (" + MAX_LENGTH + ")");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.of("unit name must contain \".\"");
        }
        if (dot == name.length() - 1) {
            return Optional.of("unit name cannot end in \".\"");
        }
        String suffix = name.substring(dot + 1);
        if (!TYPES.contains(suffix)) {
            return Optional.of("invalid unit type: \"" + suffix + "\"");
        }
        if (name.contains("@") && !TEMPLATE_TYPES.contains(suffix)) {
            return Optional.of("invalid unit type for template: \"" + suffix + "\"");
        }
        for (int i = 0; i < dot; i++) {
            char c = name.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || ":-_.\\@".indexOf(c) >= 0;
            if (!ok) {
                return Optional.of("invalid character '" + c + "' in unit name");
            }
        }
        if (name.startsWith("@")) {
            return Optional.of("unit name cannot start in \"@\"");
        }
        return Optional.empty();
    }

    /** True for {@code name@.type}. */
    public boolean isTemplate() {
        int at = base().indexOf('@');
        return at >= 0 && at == base().length() - 1;
    }

    /**
     * True for {@code name@instance.type}: as fleet's {@code UnitNameInfo} reads a name, everything after the first
     * {@code @} is the instance, so {@code foo@@.service} is the instance {@code @} of {@code foo@.service}.
     */
    public boolean isInstance() {
        int at = base().indexOf('@');
        return at >= 0 && at < base().length() - 1;
    }

    /** The part before {@code @}, or the whole name without its type. */
    public String prefix() {
        int at = base().indexOf('@');
        return at < 0 ? base() : base().substring(0, at);
    }

    /** The instance of an instance name. */
    public Optional<String> instanceName() {
        return isInstance() ? Optional.of(base().substring(base().indexOf('@') + 1)) : Optional.empty();
    }

    /** The type suffix, e.g. {@code service}. */
    public String type() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private String base() {
        return name.substring(0, name.lastIndexOf('.'));
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnitName n && n.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\n", "\\n") + "\"";
    }
}
