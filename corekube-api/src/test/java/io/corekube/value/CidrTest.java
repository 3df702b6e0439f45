package io.corekube.value;

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

/** CIDRs as Go's net.ParseCIDR reads them: host bits cleared, prefix in range, ASCII digits only. */
class CidrTest {

    private static final List<String> SEEDS = List.of("10.244.0.0/15", "0.0.0.0/0", "10.1.2.3/8", "fc00::/7",
            "fd00:250:77::/64", "::/0", "fc00::1/128", "::ffff:10.0.0.0/104", "192.168.0.0/32");

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8, 10.0.0.0/8, 8", "10.1.2.3/8, 10.0.0.0/8, 8", "10.244.0.0/15, 10.244.0.0/15, 15",
        "10.245.7.9/15, 10.244.0.0/15, 15", "0.0.0.0/0, 0.0.0.0/0, 0", "1.2.3.4/32, 1.2.3.4/32, 32",
        "fc00::/7, fc00::/7, 7", "FD12:3456::1/48, fd12:3456::/48, 48", "fc00::1/128, fc00::1/128, 128",
        "::/0, ::/0, 0", "fd00::ff/121, fd00::80/121, 121"})
    void networksAreMaskedAsGoMasksThem(String text, String canonical, int prefix) {
        Cidr cidr = Cidr.parse("network", text);
        assertEquals(canonical, cidr.toString());
        assertEquals(prefix, cidr.prefixLength());
        assertEquals(cidr, Cidr.parse("network", canonical));
        assertEquals(!text.contains(":"), cidr.isIpv4());
        assertEquals(canonical.substring(0, canonical.indexOf('/')), cidr.address().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/33", "fc00::/129", "1.2.3.4/-1", "1.2.3.4/+8",
        "10.0.0.0/08", "10.0.0.0/008", "10.0.0.0/8/1", "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0 /8", "01.0.0.0/8",
        "10.0.0.0/\u0661\u0666", "\u0661\u0660.0.0.0/8", "\uff11\uff10.0.0.0/8", "fc00::/\uff18", "10.0.0.0/8\n",
        "10.0.0.0/9999999999999999999", "fe80::/10%eth0", "fe80::1%eth0/64", "x/8", "10.0.0.0/0x8"})
    void anythingElseIsRefusedNamingTheField(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Cidr.parse("podNetwork", text));
        assertEquals("podNetwork", e.field());
        assertEquals("CIDR", e.kind());
        assertTrue(e.getMessage().startsWith("podNetwork: not a valid CIDR: "), e.getMessage());
    }

    @Test
    void containsOnlyItsOwnFamilyAndRange() {
        Cidr v4 = Cidr.parse("n", "10.244.0.0/15");
        assertTrue(v4.contains(IpAddress.parse("ip", "10.244.0.0")));
        assertTrue(v4.contains(IpAddress.parse("ip", "10.245.255.255")));
        assertFalse(v4.contains(IpAddress.parse("ip", "10.246.0.0")));
        assertFalse(v4.contains(IpAddress.parse("ip", "10.243.255.255")));
        assertFalse(v4.contains(IpAddress.parse("ip", "::ffff:10.244.0.1")), "no family mixing");
        Cidr v6 = Cidr.parse("n", "fd00:250::/32");
        assertTrue(v6.contains(IpAddress.parse("ip", "fd00:250:ffff::1")));
        assertFalse(v6.contains(IpAddress.parse("ip", "fd00:251::")));
        assertFalse(v6.contains(IpAddress.parse("ip", "10.0.0.1")));
        assertTrue(Cidr.parse("n", "::/0").contains(IpAddress.parse("ip", "ffff::1")));
        assertTrue(Cidr.parse("n", "0.0.0.0/0").contains(IpAddress.parse("ip", "255.255.255.255")));
    }

    @Test
    void nullEmptyAndOverlongAreRefused() {
        for (String text : new String[] {null, "", "1".repeat(50), "x".repeat(70_000)}) {
            assertThrows(InvalidValueException.class, () -> Cidr.parse("n", text));
        }
        Cidr.parse("n", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128");
    }

    @Test
    void tenThousandFuzzedInputsEndInANetworkOrAnInvalidValueException() {
        Fuzz.seeded(4403).forAll(Fuzz.RUNS, f -> f.mixed(SEEDS, 55), text -> Fuzz.onlyTyped(InvalidValueException.class,
                () -> roundTrips(Cidr.parse("n", text), text)));
        for (String text : HostileStrings.strings()) {
            Fuzz.onlyTyped(InvalidValueException.class, () -> roundTrips(Cidr.parse("n", text), text));
        }
    }

    @Test
    void tenThousandRandomNetworksReparseFromTheirCanonicalForm() {
        Fuzz.seeded(4404).forAll(Fuzz.RUNS, f -> {
            boolean v4 = f.random().nextBoolean();
            byte[] b = new byte[v4 ? 4 : 16];
            f.random().nextBytes(b);
            int prefix = f.random().nextInt(v4 ? 33 : 129);
            return Cidr.parse("n", IpAddress.of(b) + "/" + prefix);
        }, cidr -> {
            roundTrips(cidr, cidr.toString());
            assertTrue(cidr.contains(cidr.address()), cidr.toString());
        });
    }

    /** Every accepted CIDR is ASCII, masked, and its canonical form parses back to it. */
    private static void roundTrips(Cidr cidr, String text) {
        assertTrue(text.chars().allMatch(c -> c < 0x80), "accepted non-ASCII: " + text);
        assertEquals(cidr, Cidr.parse("n", cidr.toString()), text);
        assertEquals(cidr.toString(), Cidr.parse("n", cidr.toString()).toString(), text);
        IpAddressTest.roundTrips(cidr.address(), cidr.address().toString());
    }
}
