package io.corekube.templates.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.fuzz.Fuzz;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Numbers out of range are refused (never clamped), only ASCII digits, flanneld's PSK and stack rules, no PSK shown. */
class FlannelHardeningTest {

    private static final String PSK_96 = "k".repeat(96);

    private static String message(String json) {
        return assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json).validate()).getMessage();
    }

    @Test
    void aSubnetLenBeyondALongIsRefusedNotReadAsTheDefault() {
        assertEquals("SubnetLen must be less than /31", message("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":9223372036854775808}"));
        assertEquals("SubnetLen must be less than /31", message("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":18446744073709551615}"));
        assertEquals("SubnetLen must be less than /127", message("{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/16\","
                + "\"IPv6SubnetLen\":9223372036854775808,\"Backend\":{\"Type\":\"vxlan\"}}"));
    }

    @Test
    void onlyAsciiDigitsMakeAddressesAndCidrs() {
        for (String network : List.of("\u0661\u0660.0.0.0/8", "10.0.0.0/\u0661\u0666", "\uff11\uff10.0.0.0/8")) {
            assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse("{\"Network\":\"" + network + "\"}").validate(), network);
        }
        assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(
                "{\"Network\":\"10.0.0.0/8\",\"SubnetMin\":\"10.\u0661.0.0\"}").validate());
        assertEquals(-1, Ipv4.parse("1\u0662.0.0.1"));
    }

    @Test
    void anIpsecPskShorterThanFlannelsMinimumIsRefusedInFlannelsWords() {
        String config = "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"%s\"}}";
        assertEquals("config error, password should be at least 96 characters long", message(String.format(config, "k".repeat(95))));
        assertEquals("config error, password should be at least 96 characters long", message("{\"Network\":\"10.0.0.0/16\","
                + "\"Backend\":{\"Type\":\"ipsec\"}}"));
        assertEquals("ipsec", FlannelConfig.parse(String.format(config, PSK_96)).validate().backend().type());
        // Go counts bytes: 48 two-byte characters are 96 bytes
        assertEquals("ipsec", FlannelConfig.parse(String.format(config, "\u00e9".repeat(48))).validate().backend().type());
    }

    @Test
    void thePskNeverShows() {
        String secret = "CANARY-" + PSK_96;
        FlannelConfig config = FlannelConfig.parse("{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"psk\":\"" + secret + "\"}}");
        assertFalse(config.toString().contains("CANARY"), config.toString());
        assertTrue(config.toString().contains("\"****\""), config.toString());
        assertTrue(config.toJson().contains(secret), "toJson is what is published, with the key");
        assertEquals("<9 characters that are not JSON>", FlannelConfig.redacted("{not json"));
        String shortKey = assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(
                "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARY-short\"}}").validate()).getMessage();
        assertFalse(shortKey.contains("CANARY"), shortKey);
    }

    @Test
    void noStackAtAllIsRefusedAsFlanneldRefusesIt() {
        assertEquals("none defined stack", message("{\"EnableIPv4\":false,\"Network\":\"10.0.0.0/16\"}"));
        FlannelNetwork v6Only = FlannelConfig.parse("{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\","
                + "\"Backend\":{\"Type\":\"vxlan\"}}").validate();
        assertEquals(65535, v6Only.capacity(), "no NullPointerException for an IPv6-only network");
    }

    @Test
    void subnetEnvRefusesAnImpossibleMtuAndALeaseOutsideTheNetwork() {
        FlannelNetwork n = FlannelConfig.corekubeDefault().validate();
        for (int mtu : new int[] {-1, 0, 147, 65536}) {
            assertThrows(FlannelConfigException.class, () -> n.subnetEnv("10.244.94.0/24", Optional.empty(), mtu, false), "mtu " + mtu);
        }
        for (String lease : List.of("10.9.0.0/24", "10.244.94.0/25", "10.244.0.0/24", "10.244.94.0/24\nX=1", "")) {
            assertThrows(FlannelConfigException.class, () -> n.subnetEnv(lease, Optional.empty(), 1500, false), lease);
        }
        assertTrue(n.subnetEnv("10.244.94.0/24", Optional.empty(), 1500, false).contains("FLANNEL_MTU=1450"));
    }

    @Test
    void dockerOptionsRefuseWhatWouldBreakTheEnvFile() {
        for (String existing : List.of("a\nb", "a\"b", "$(reboot)", "`id`", "a\\b", "a\u0085b")) {
            assertThrows(FlannelConfigException.class, () -> new DockerOptions(true, true, true, "DOCKER_OPTS", existing), existing);
        }
        assertThrows(FlannelConfigException.class, () -> new DockerOptions(true, true, true, "A B", ""));
        DockerOptions ok = new DockerOptions(false, true, false, "DOCKER_OPTS", "--log-level=warn");
        assertEquals("DOCKER_OPTS=\"--log-level=warn  --bip=10.1.2.1/24 --mtu=1450\"\n",
                ok.render("FLANNEL_SUBNET=10.1.2.1/24\nFLANNEL_MTU=1450\n"));
        assertThrows(FlannelConfigException.class, () -> ok.render("FLANNEL_SUBNET=10.1.2.1/24\"; reboot; \"\n"));
        assertThrows(FlannelConfigException.class, () -> ok.render("FLANNEL_MTU=1450\"x\n"));
    }

    @Test
    void tenThousandFuzzedConfigsEndInANetworkOrAFlannelConfigException() {
        List<String> seeds = List.of(FlannelConfig.corekubeDefault().toJson(),
                "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":28,\"SubnetMin\":\"10.0.1.0\",\"SubnetMax\":\"10.0.20.0\","
                        + "\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"" + PSK_96 + "\",\"UDPEncap\":true}}",
                "{\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\",\"IPv6SubnetLen\":64,\"Backend\":{\"Type\":\"wireguard\",\"Mode\":\"auto\"}}",
                "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":4096}}");
        Fuzz.seeded(1700).forAll(Fuzz.RUNS, f -> f.mixed(seeds, 80), json -> Fuzz.onlyTyped(FlannelConfigException.class, () -> {
            FlannelConfig config = FlannelConfig.parse(json);
            config.toString();
            FlannelNetwork network = config.validate();
            network.capacity();
        }));
    }
}
