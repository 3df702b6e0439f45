package io.corekube.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a built unit may hold, judged as go-systemd (vendored in fleet v1.0.0) judges it, and the characters the SDK
 * refuses on top of that. Each verdict about go-systemd here was checked against its own deserializer.
 */
class UnitFileLimitsTest {

    /** Every character the SDK refuses in a section, a name or a value, with why a reader on the way misreads it. */
    private static final List<String> CONTROLS = List.of("\u0000", "\u0001", "\u0008", "\u000b", "\u000c", "\r", "\u001b",
            "\u007f", "\u0085", "\u009b", "\u2028", "\u2029", "\ufeff", "\ud800", "\udc00");

    @Test
    void controlCharactersAreRefusedNamingTheSectionOrOption() {
        for (String c : CONTROLS) {
            String shown = String.format("U+%04X", (int) c.charAt(0));
            InvalidUnitException value = assertThrows(InvalidUnitException.class,
                    () -> UnitFile.builder().service("ExecStart", "/bin/app" + c + "x").build(), shown);
            assertTrue(value.getMessage().startsWith("option [Service] 'ExecStart': value contains a control character"),
                    value.getMessage());
            InvalidUnitException name = assertThrows(InvalidUnitException.class,
                    () -> UnitFile.of(List.of(UnitOption.of("Service", "Exec" + c + "Start", "/a"))), shown);
            assertTrue(name.getMessage().startsWith("option [Service] 'Exec"), name.getMessage());
            assertTrue(name.getMessage().contains("option name must be"), name.getMessage());
            InvalidUnitException section = assertThrows(InvalidUnitException.class,
                    () -> UnitFile.builder().add("Serv" + c + "ice", "A", "b").build(), shown);
            assertTrue(section.getMessage().startsWith("option [Serv") && section.getMessage().contains("section name must"),
                    section.getMessage());
            assertThrows(InvalidUnitException.class, () -> UnitFile.builder().service("A", "b").build().with("Unit", "D", c), shown);
        }
    }

    @Test
    void controlsGoSystemdKeepsAreStillRefusedBecauseOtherReadersBreakOnThem() {
        // go-systemd trims only the ends of a value, so fleet would store these mid-value unchanged...
        for (String c : List.of("\u0000", "\u0085", "\u2028", "\u2029", "\u001b")) {
            assertEquals(List.of("a" + c + "b"), UnitFile.parse("[Service]\nA=a" + c + "b\n").values("Service", "A"));
        }
        // ...but YAML (cloud-config) reads U+0085/U+2028/U+2029 as line breaks, C strings end at NUL, terminals obey ESC:
        // the SDK never writes them (see controlCharactersAreRefusedNamingTheSectionOrOption).
    }

    @Test
    void aTabInsideAValueRoundTripsAndIsKept() {
        UnitFile unit = UnitFile.builder().service("Environment", "A=1\tB=2").service("ExecStart", "/bin/sh -c \\\n\t'x'").build();
        assertEquals(unit, UnitFile.parse(unit.serialize()));
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().service("A\tB", "v").build());
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().add("Ser\tvice", "A", "v").build());
        assertThrows(InvalidUnitException.class, () -> UnitFile.builder().service("A", "\tv").build());
    }

    @Test
    void nullsAreTypedErrors() {
        for (Supplier<?> bad : List.<Supplier<?>>of(() -> UnitFile.builder().service("A", null).build(),
                () -> UnitFile.builder().service(null, "v").build(), () -> UnitFile.builder().add(null, "A", "v").build(),
                () -> UnitFile.of(null), () -> UnitFile.of(java.util.Arrays.asList((UnitOption) null)),
                () -> UnitOption.of("S", "A", null), () -> UnitFile.escapeSpecifiers(null))) {
            assertThrows(InvalidUnitException.class, bad::get);
        }
    }

    @Test
    void sectionHeadersUpTo2048BytesPassAsInFleet() {
        UnitFile header = UnitFile.builder().add("S".repeat(2046), "A", "b").build();    // "[" + 2,046 + "]": 2,048 bytes
        assertEquals(2048, header.serialize().indexOf('\n'));
        InvalidUnitException longer = assertThrows(InvalidUnitException.class,
                () -> UnitFile.builder().add("S".repeat(2047), "A", "b").build());
        assertTrue(longer.getMessage().startsWith("section [SSS") && longer.getMessage().endsWith(
                "header: fleet would refuse the unit: line 1: line too long (max 2048 bytes)"), longer.getMessage());
    }

    @Test
    void optionLinesUpTo2047BytesPassWhenTheFileFitsGoSystemdsBuffer() {
        UnitFile unit = UnitFile.builder().service("A", "x".repeat(2045)).build();         // "A=" + 2,045: 2,047 bytes
        assertEquals(2047, unit.serialize().split("\n")[1].length());
        InvalidUnitException longer = assertThrows(InvalidUnitException.class,
                () -> UnitFile.builder().unit("Description", "d").service("A", "x".repeat(2046)).build());
        assertEquals("option [Service] 'A': fleet would refuse the unit: line 5: line too long (max 2048 bytes)",
                longer.getMessage());
    }

    @Test
    void aLongLinePassesWhereGoSystemdSeesLessThan2048BytesBufferedBeforeIt() {
        // go-systemd checks a line only when 2,048 bytes are buffered at a step of its lexer; after 4,012 bytes of earlier
        // lines only 84 of its 4,096-byte buffer are left, so fleet v1.0.0 accepts this 3,002-byte line (and so does the SDK)
        String execStart = "/x" + "y".repeat(2990);
        UnitFile unit = UnitFile.builder().service("Environment", "A=" + "v".repeat(2000))
                .service("Environment", "B=" + "v".repeat(1000)).service("ExecStart", execStart).build();
        assertEquals(List.of(execStart), UnitFile.parse(unit.serialize()).values("Service", "ExecStart"));
        InvalidUnitException alone = assertThrows(InvalidUnitException.class,
                () -> UnitFile.builder().service("ExecStart", execStart).build());
        assertTrue(alone.getMessage().endsWith("line 2: line too long (max 2048 bytes)"), alone.getMessage());
    }

    @Test
    void manyShortStepsAreJudgedInLinearTime() {
        String blanks = "[S]\n" + (" ".repeat(2000) + "\n").repeat(2000) + "A=b\n";            // 4 MB, one lexer step a blank
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertEquals(List.of("b"), UnitFile.parse(blanks).values("S", "A")));
    }

    @Test
    void escapeSpecifiersDoublesEveryPercentSoSystemdPassesTheValueOn() {
        assertEquals("https://h/a%%2Fb?q=%%20%%%%n", UnitFile.escapeSpecifiers("https://h/a%2Fb?q=%20%%n"));
        assertEquals("/bin/true", UnitFile.escapeSpecifiers("/bin/true"));
        UnitFile unit = UnitFile.builder().service("ExecStart", "/usr/bin/curl " + UnitFile.escapeSpecifiers("http://h/%41%n")).build();
        assertEquals(List.of("/usr/bin/curl http://h/%%41%%n"), UnitFile.parse(unit.serialize()).values("Service", "ExecStart"));
    }

    @Test
    void aParsedOrStoredUnitIsCheckedBeforeItCanBeSubmitted() {
        UnitFile stored = UnitFile.parse("[Service]\nExecStart=/bin/app\u0000--evil\n");
        InvalidUnitException e = assertThrows(InvalidUnitException.class,
                () -> UnitSubmission.builder().name("a.service").unit(stored).build());
        assertTrue(e.getMessage().startsWith("option [Service] 'ExecStart': value contains a control character"), e.getMessage());
        assertThrows(InvalidUnitException.class, stored::checkSendable);
        UnitFile longLine = UnitFile.ofStored(List.of(UnitOption.of("Service", "A", "x".repeat(2100))));
        assertThrows(InvalidUnitException.class, () -> UnitSubmission.builder().name("a.service").unit(longLine).build());
        UnitFile clean = UnitFile.parse("[Service]\nExecStart=/bin/app\n");
        assertEquals(clean, UnitSubmission.builder().name("a.service").unit(clean).build().unit());
    }
}
