package io.corekube.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.fuzz.Fuzz;
import io.corekube.fuzz.HostileStrings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP addresses as Go 1.19's net.ParseIP reads them (verdicts and canonical forms taken from Go), ASCII only. */
class IpAddressTest {

    static final List<String> SEEDS = List.of("10.244.0.1", "0.0.0.0", "255.255.255.255", "::", "::1", "fd00::1",
            "2001:db8:0:0:1:0:0:1", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "FC00::AB");

    @ParameterizedTest
    @CsvSource({"1.2.3.4, 1.2.3.4", "0.0.0.0, 0.0.0.0", "255.255.255.255, 255.255.255.255", "::, ::", "::1, ::1",
        "1::, 1::", "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8", "::1.2.3.4, ::102:304", "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "FC00::AB, fc00::ab", "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "0001::, 1::", "::ffff:1.2.3.4, ::ffff:1.2.3.4", "fd00:0:0:0:0:0:0:0, fd00::", "1:0:2:0:3:0:4:0, 1:0:2:0:3:0:4:0"})
    void addressesGoAcceptsAreReadAndShownCanonically(String text, String canonical) {
        IpAddress ip = IpAddress.parse("ip", text);
        assertEquals(canonical, ip.toString());
        assertEquals(ip, IpAddress.parse("ip", canonical));
        assertEquals(!text.contains(":"), ip.isIpv4());
        assertEquals(text.contains(":"), ip.isIpv6());
    }

    @ParameterizedTest
    @ValueSource(strings = {"01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1:2:3:4:5:6:7::8",
        "1:2:3:4:5:6:7:8::", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:01.2.3.4", "fe80::1%eth0", ":1::", "1:::2", " 1.2.3.4",
        "1.2.3.4 ", "1.2.3.4\n", "00001::", "1:2", "1:", ":", "::g", "0x7f.0.0.1", "-1.2.3.4", "1.2.3.4/8", "[::1]",
        "\u0661.2.3.4", "1.2.3.\u0664", "\uff11.2.3.4", "\u0661::1", "fd00::\uff11", "fd00::\uff21", "1.2.3.4\u0000"})
    void anythingElseIsRefusedNamingTheField(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> IpAddress.parse("publicIp", text));
        assertEquals("publicIp", e.field());
        assertEquals("IP address", e.kind());
        assertTrue(e.getMessage().startsWith("publicIp: not a valid IP address: "), e.getMessage());
    }

    @Test
    void nullEmptyAndOverlongAreRefused() {
        for (String text : new String[] {null, "", "1".repeat(46), "x".repeat(70_000)}) {
            assertThrows(InvalidValueException.class, () -> IpAddress.parse("ip", text));
        }
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255".length(), IpAddress.MAX_LENGTH);
        IpAddress.parse("ip", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
    }

    @Test
    void bytesInAndOut() {
        IpAddress ip = IpAddress.of(new byte[] {10, (byte) 244, 0, 1});
        assertEquals("10.244.0.1", ip.toString());
        byte[] bytes = ip.toBytes();
        bytes[0] = 99;
        assertArrayEquals(new byte[] {10, (byte) 244, 0, 1}, ip.toBytes(), "a copy");
        assertThrows(IllegalArgumentException.class, () -> IpAddress.of(new byte[5]));
        assertEquals(16, IpAddress.parse("ip", "::1").toBytes().length);
    }

    @Test
    void tenThousandFuzzedInputsEndInAnAddressOrAnInvalidValueException() {
        Fuzz.seeded(4401).forAll(Fuzz.RUNS, f -> f.mixed(SEEDS, 50), text -> Fuzz.onlyTyped(InvalidValueException.class,
                () -> roundTrips(IpAddress.parse("ip", text), text)));
        for (String text : HostileStrings.strings()) {
            Fuzz.onlyTyped(InvalidValueException.class, () -> roundTrips(IpAddress.parse("ip", text), text));
        }
    }

    @Test
    void tenThousandRandomAddressesReparseFromTheirCanonicalForm() {
        Fuzz.seeded(4402).forAll(Fuzz.RUNS, f -> {
            byte[] b = new byte[f.random().nextBoolean() ? 4 : 16];
            f.random().nextBytes(b);
            for (int i = 0; i < b.length; i++) {
                b[i] = f.random().nextInt(3) == 0 ? 0 : b[i];
            }
            return IpAddress.of(b);
        }, ip -> roundTrips(ip, ip.toString()));
    }

    /** Every accepted address is ASCII, and its canonical form parses back to it and is a fixed point. */
    static void roundTrips(IpAddress ip, String text) {
        assertTrue(text.chars().allMatch(c -> c < 0x80), "accepted non-ASCII: " + text);
        String canonical = ip.toString();
        assertEquals(ip, IpAddress.parse("ip", canonical), text);
        assertEquals(canonical, IpAddress.parse("ip", canonical).toString(), text);
        assertFalse(canonical.isEmpty());
    }
}
