package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetRequirementsTest {

    private static FleetRequirements of(String... keyValues) {
        UnitFile.Builder b = UnitFile.builder().service("ExecStart", "/bin/true");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.fleet(keyValues[i], keyValues[i + 1]);
        }
        return b.build().fleetRequirements();
    }

    @Test
    void readsEveryOptionAsFleetDoes() {
        FleetRequirements r = of("MachineMetadata", "\"role=master\" \"zone=a\"", "MachineMetadata", "role=minion",
                "Conflicts", "etcd*.service other.service", "Global", "false", "Global", "yes");
        assertEquals(Map.of("role", Set.of("master", "minion"), "zone", Set.of("a")), r.machineMetadata());
        assertEquals(List.of("etcd*.service", "other.service"), r.conflicts());
        assertTrue(r.global());
        assertTrue(r.metadataMatches(Map.of("role", "minion", "zone", "a")));
        assertFalse(r.metadataMatches(Map.of("role", "minion")));
        assertEquals(Optional.of("abc"), of("X-ConditionMachineID", "abc").machineId());
    }

    @Test
    void placementRulesWithFleetsMessages() {
        assertEquals(Optional.of("MachineID cannot be used with Peers"), of("MachineID", "a", "MachineOf", "b.service").problem());
        assertEquals(Optional.of("MachineID cannot be used with Conflicts"), of("MachineID", "a", "Conflicts", "b*").problem());
        assertEquals(Optional.of("MachineID cannot be used with Global"), of("MachineID", "a", "Global", "true").problem());
        assertEquals(Optional.of("Global cannot be used with Peers"), of("Global", "true", "MachineOf", "b.service").problem());
        assertEquals(Optional.of("Conflicts cannot be used with Replaces"), of("Conflicts", "a*", "Replaces", "b.service").problem());
        assertEquals(Optional.of("unresolvable requirements: peer \"web.service\" matches conflict \"w*\""),
                of("MachineOf", "web.service", "Conflicts", "w*").problem());
        assertEquals(Optional.empty(), of("MachineID", "a", "MachineMetadata", "role=master").problem());
    }

    @Test
    void conflictsAreSplitAtGosWhiteSpaceAsStringsFieldsSplitsThem() {
        // fleet's splitCombine uses strings.Fields: every unicode.IsSpace character separates, not only ASCII ones
        FleetRequirements r = of("Conflicts", "a.service\u00a0b*\u3000c.service\u2003\td.service", "MachineOf", "b1.service");
        assertEquals(List.of("a.service", "b*", "c.service", "d.service"), r.conflicts());
        assertEquals(Optional.of("unresolvable requirements: peer \"b1.service\" matches conflict \"b*\""), r.problem());
        assertEquals(List.of("x\u200by"), of("Conflicts", "x\u200by").conflicts());  // U+200B is no space to Go
    }

    @Test
    void globsMatchLikeGoPathMatch() {
        assertTrue(FleetRequirements.globMatches("etcd*.service", "etcd@1.service"));
        assertTrue(FleetRequirements.globMatches("a?.service", "ab.service"));
        assertTrue(FleetRequirements.globMatches("[a-c]x.service", "bx.service"));
        assertFalse(FleetRequirements.globMatches("*", "a/b"));
        assertFalse(FleetRequirements.globMatches("a.*", "b.service"));
    }
}
