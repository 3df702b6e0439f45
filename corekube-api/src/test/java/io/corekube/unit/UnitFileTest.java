package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnitFileTest {

    @Test
    void hashesAsFleetDoes() {
        UnitFile unit = UnitFile.builder().service("ExecStart", "/bin/sleep 100").build();
        assertEquals("[Service]\nExecStart=/bin/sleep 100\n", unit.serialize());
        assertEquals("1c6fb6f3684bafb0c173d8b8b957ceff031180c1", unit.hash());
    }

    @Test
    void serializeGroupsInterleavedSectionsInOrderOfFirstAppearance() {
        UnitFile unit = UnitFile.builder().unit("Description", "d").service("ExecStart", "/a").unit("After", "x.service")
                .service("ExecStart", "/b").fleet("MachineID", "abc").build();
        assertEquals("[Unit]\nDescription=d\nAfter=x.service\n\n[Service]\nExecStart=/a\nExecStart=/b\n\n"
                + "[X-Fleet]\nMachineID=abc\n", unit.serialize());
        assertEquals("", UnitFile.of(List.of()).serialize());
    }

    @Test
    void parseFollowsGoSystemd() {
        String text = "junk before any section\n# comment\n[Unit]\n  Description = hello world  \n; another\n"
                + "[Service]\nExecStart=/bin/sh -c \\\n  'echo hi'\nEnvironment=\nExecStartPost=/bin/true\n";
        UnitFile unit = UnitFile.parse(text);
        assertEquals(List.of(UnitOption.of("Unit", "Description", "hello world"),
                UnitOption.of("Service", "ExecStart", "/bin/sh -c \\\n  'echo hi'"),
                UnitOption.of("Service", "Environment", ""),
                UnitOption.of("Service", "ExecStartPost", "/bin/true")), unit.options());
    }

    @Test
    void aContinuedCommentSwallowsItsNextLine() {
        UnitFile unit = UnitFile.parse("[Service]\n# note \\\nExecStart=/hidden\nExecStart=/shown\n");
        assertEquals(List.of("/shown"), unit.values("Service", "ExecStart"));
    }

    @Test
    void parseErrorsCarryTheLine() {
        UnitParseException garbage = assertThrows(UnitParseException.class, () -> UnitFile.parse("[Unit]\n[Service] x\nA=b\n"));
        assertEquals(2, garbage.line());
        assertTrue(garbage.getMessage().contains("found garbage after section name"), garbage.getMessage());
        UnitParseException newline = assertThrows(UnitParseException.class, () -> UnitFile.parse("[Unit]\nA=b\nnoequals\nC=d\n"));
        assertEquals(3, newline.line());
        assertTrue(newline.getMessage().contains("unexpected newline encountered while parsing option name"));
        UnitParseException open = assertThrows(UnitParseException.class, () -> UnitFile.parse("[Unit]\nA=b\n[Serv"));
        assertTrue(open.getMessage().contains("unable to find end of section"));
        UnitParseException tooLong = assertThrows(UnitParseException.class,
                () -> UnitFile.parse("[Service]\nA=b\nExecStart=" + "x".repeat(2040) + "\n"));
        assertEquals(3, tooLong.line());
        assertTrue(tooLong.getMessage().contains("line too long (max 2048 bytes)"));
    }

    @Test
    void injectionThroughAValueIsRefusedNamingTheOption() {
        for (String evil : List.of("/bin/app\nExecStartPre=/bin/evil", "/bin/app\r\nX=y", "/bin/app \\",
                "a\\\n\nb", " leading", "trailing ", "/bin/app\\\n")) {
            InvalidUnitException e = assertThrows(InvalidUnitException.class,
                    () -> UnitFile.builder().service("ExecStart", evil).build(), evil);
            assertTrue(e.getMessage().contains("[Service] 'ExecStart'"), e.getMessage());
        }
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().add("Serv]ice", "A", "b").build());
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().add("Service\n[Unit", "A", "b").build());
        for (String name : List.of("", "A=B", "[Unit]", "#A", ";A", " A", "A\nB")) {
            assertThrows(InvalidUnitException.class, () -> UnitFile.builder().service(name, "v").build(), name);
        }
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().service("A", "x".repeat(2046)).build());
    }

    @Test
    void continuationLinesAreValuesNotDirectives() {
        UnitFile unit = UnitFile.builder().service("ExecStart", "/bin/sh -c \\\n  'echo a' \\\n  && true").build();
        assertEquals(unit, UnitFile.parse(unit.serialize()));
        assertEquals(1, UnitFile.parse(unit.serialize()).options().size());
    }

    @Test
    void withAppendsAnOption() {
        UnitFile unit = UnitFile.builder().service("ExecStart", "/a").build().with("X-Fleet", "Global", "true");
        assertTrue(unit.fleetRequirements().global());
    }
}
