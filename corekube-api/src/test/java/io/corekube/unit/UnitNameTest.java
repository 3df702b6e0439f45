package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitNameTest {

    @Test
    void fleetsMessagesForInvalidNames() {
        Map<String, String> cases = Map.of(
                "", "unit name cannot be empty",
                "a".repeat(250) + ".service", "unit name exceeds maximum length (256)",
                "noDot", "unit name must contain \".\"",
                "end.", "unit name cannot end in \".\"",
                "a.exe", "invalid unit type: \"exe\"",
                "a@b.mount", "invalid unit type for template: \"mount\"",
                "a b.service", "invalid character ' ' in unit name",
                "@a.service", "unit name cannot start in \"@\"");
        cases.forEach((name, message) -> assertEquals(Optional.of(message), UnitName.validate(name), name));
        assertTrue(assertThrows(InvalidUnitException.class, () -> UnitName.of("a/b.service")).getMessage()
                .contains("invalid character '/'"));
    }

    @Test
    void templatesAndInstances() {
        UnitName template = UnitName.of("minion-kubelet@.service");
        assertTrue(template.isTemplate());
        assertFalse(template.isInstance());
        UnitName instance = UnitName.instance("minion-kubelet@.service", "0123abcd");
        assertEquals("minion-kubelet@0123abcd.service", instance.toString());
        assertTrue(instance.isInstance());
        assertEquals(Optional.of("0123abcd"), instance.instanceName());
        assertEquals("minion-kubelet", instance.prefix());
        assertEquals("service", instance.type());
        assertThrows(InvalidUnitException.class, () -> UnitName.instance("plain.service", "x"));
        assertThrows(InvalidUnitException.class, () -> UnitName.instance("t@.service", "bad/instance"));
    }

    @Test
    void everythingAfterTheFirstAtIsTheInstanceAsFleetReadsIt() {
        UnitName doubled = UnitName.of("foo@@.service");
        assertFalse(doubled.isTemplate(), "fleet: instance '@' of foo@.service, not a template");
        assertTrue(doubled.isInstance());
        assertEquals(Optional.of("@"), doubled.instanceName());
        assertEquals("foo", doubled.prefix());
        UnitName nested = UnitName.of("a@b@c.service");
        assertEquals(Optional.of("b@c"), nested.instanceName());
        assertFalse(nested.isTemplate());
    }

    @Test
    void fuzzedNamesAreValidOrRefusedWithFleetsMessage() {
        io.corekube.fuzz.Fuzz.seeded(11).forAll(io.corekube.fuzz.Fuzz.RUNS,
                f -> f.mixed(java.util.List.of("a@b.service", "x.socket", "t@.timer", "foo@@.service"), 20), name -> {
                    Optional<String> problem = UnitName.validate(name);
                    if (problem.isPresent()) {
                        InvalidUnitException e = assertThrows(InvalidUnitException.class, () -> UnitName.of(name));
                        assertTrue(e.getMessage().endsWith(problem.get()), e.getMessage());
                    } else {
                        UnitName n = UnitName.of(name);
                        assertFalse(n.isTemplate() && n.isInstance(), name);
                        assertEquals(name, n.toString());
                    }
                });
    }
}
