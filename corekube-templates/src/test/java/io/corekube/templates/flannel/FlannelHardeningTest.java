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
        assertEquals("Invalid IP address format", assertThrows(FlannelConfigException.class,
                () -> Addresses.ipv4("SubnetMin", "1\u0662.0.0.1")).getMessage());
        assertThrows(FlannelConfigException.class, () -> Addresses.ipv6("IPv6SubnetMin", "fd00::\uff11"));
    }

    private static FlannelConfigException refusal(String json) {
        return assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json).validate(), json);
    }

    @Test
    void backendNumbersOutOfRangeAreRefusedNeverWrappedOrClamped() {
        String v4 = "{\"Network\":\"10.0.0.0/16\",\"Backend\":";
        for (String backend : List.of("{\"Type\":\"vxlan\",\"VNI\":9223372036854775808}", "{\"Type\":\"vxlan\",\"VNI\":4294967297}",
                "{\"Type\":\"vxlan\",\"VNI\":16777216}", "{\"Type\":\"vxlan\",\"VNI\":-1}", "{\"Type\":\"vxlan\",\"vni\":1.5}",
                "{\"Type\":\"vxlan\",\"Port\":65536}", "{\"Type\":\"vxlan\",\"Port\":-8472}", "{\"Type\":\"udp\",\"Port\":0}",
                "{\"Type\":\"udp\",\"Port\":1e3}", "{\"Type\":\"wireguard\",\"ListenPort\":70000}",
                "{\"Type\":\"wireguard\",\"ListenPortV6\":0}", "{\"Type\":\"wireguard\",\"PersistentKeepaliveInterval\":9223372036854775807}",
                "{\"Type\":\"wireguard\",\"PersistentKeepaliveInterval\":-1}")) {
            FlannelConfigException e = refusal(v4 + backend + "}");
            assertTrue(e.isSdkRule() && e.getMessage().startsWith("Backend option "), e.getMessage());
        }
        assertEquals("Backend option VNI of vxlan must be an int from 0 to 16777215, got 16777216",
                refusal(v4 + "{\"Type\":\"vxlan\",\"VNI\":16777216}}").getMessage());
        for (String backend : List.of("{\"Type\":\"vxlan\",\"VNI\":16777215,\"Port\":0}", "{\"Type\":\"vxlan\",\"VNI\":null}",
                "{\"Type\":\"udp\",\"Port\":65535}", "{\"Type\":\"wireguard\",\"ListenPort\":1,\"PersistentKeepaliveInterval\":25}")) {
            FlannelConfig.parse(v4 + backend + "}").validate();
        }
    }

    @Test
    void anInterfaceMtuOutOfRangeIsRefusedByEveryBackend() {
        for (String type : FlannelConfig.BACKENDS) {
            FlannelBackend backend = new FlannelBackend(type, "{}");
            for (int mtu : new int[] {Integer.MIN_VALUE, -1, 0, FlannelBackend.MIN_INTERFACE_MTU - 1, FlannelBackend.MAX_INTERFACE_MTU + 1}) {
                assertThrows(FlannelConfigException.class, () -> backend.mtu(mtu), type + " " + mtu);
            }
            assertTrue(backend.mtu(FlannelBackend.MIN_INTERFACE_MTU) >= 68, type);
        }
    }

    @Test
    void eachFamilyInItsOwnFieldsAndIpv6OnlyWithItsNetwork() {
        FlannelConfigException noNetwork = refusal("{\"EnableIPv4\":false,\"EnableIPv6\":true,\"Backend\":{\"Type\":\"vxlan\"}}");
        assertTrue(noNetwork.isSdkRule() && noNetwork.getMessage().startsWith("EnableIPv6 needs an IPv6Network"), noNetwork.getMessage());
        assertTrue(refusal("{\"Network\":\"10.0.0.0/16\",\"EnableIPv6\":true,\"Backend\":{\"Type\":\"vxlan\"}}").isSdkRule());
        for (String json : List.of("{\"Network\":\"10.0.0.0/16\",\"SubnetMin\":\"fc00::1\"}",
                "{\"Network\":\"10.0.0.0/16\",\"SubnetMax\":\"::ffff:10.0.200.0\"}",
                "{\"Network\":\"::ffff:10.0.0.0/112\"}",
                "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"10.0.0.0/8\",\"Backend\":{\"Type\":\"vxlan\"}}",
                "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"::ffff:0:0/96\",\"Backend\":{\"Type\":\"vxlan\"}}",
                "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\",\"IPv6SubnetMin\":\"10.0.0.1\",\"Backend\":{\"Type\":\"vxlan\"}}",
                "{\"Network\":\"10.0.0.0/016\"}", "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"0fc00::/48\",\"Backend\":{\"Type\":\"vxlan\"}}")) {
            assertTrue(refusal(json).isSdkRule(), json + ": " + refusal(json).getMessage());
        }
        assertEquals("invalid CIDR address: 10.0.0.0/0x10", refusal("{\"Network\":\"10.0.0.0/0x10\"}").getMessage());
        assertEquals("Invalid IP address format", refusal("{\"Network\":\"10.0.0.0/16\",\"SubnetMin\":\"010.0.1.0\"}").getMessage());
        FlannelNetwork v6 = FlannelConfig.parse("{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"FC00:0::/48\","
                + "\"IPv6SubnetMin\":\"fc00:0:0:10::\",\"Backend\":{\"Type\":\"vxlan\"}}").validate();
        assertEquals(Optional.of("fc00::/48"), v6.ipv6Network());
        assertEquals(Optional.of("fc00:0:0:10::"), v6.ipv6SubnetMin());
        assertEquals(Optional.empty(), v6.network());
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
    void malformedJsonNeverEchoesAKeyInItsMessage() {
        for (String json : List.of("{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":CANARYsecret}}",
                "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARY\u0001secret\"}}",
                "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARYsecret\"}} CANARYtrailing",
                "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARYsecret\\q\"}}",
                "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARYsecret")) {
            String message = assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json)).getMessage();
            assertFalse(message.contains("CANARY"), message);
        }
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
        for (String lease : List.of("10.9.0.0/24", "10.244.94.0/25", "10.244.0.0/24", "10.244.94.0/24\nX=1", "",
                "10.244.94.5/24", "10.244.94.5-24", "10.244.94.0/024", "::ffff:10.244.94.0/120", "10.246.0.0/24")) {
            assertThrows(FlannelConfigException.class, () -> n.subnetEnv(lease, Optional.empty(), 1500, false), lease);
        }
        assertThrows(FlannelConfigException.class, () -> n.subnetEnv(null, Optional.empty(), 1500, false));
        assertThrows(FlannelConfigException.class, () -> n.subnetEnv("10.244.94.0/24", null, 1500, false));
        assertThrows(FlannelConfigException.class, () -> n.subnetEnv("10.244.94.0/24", Optional.of("fc00::/64"), 1500, false),
                "an IPv6 lease for a network without IPv6");
        FlannelNetwork dual = FlannelConfig.parse("{\"Network\":\"10.5.0.0/16\",\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\","
                + "\"Backend\":{\"Type\":\"vxlan\"}}").validate();
        for (Optional<String> v6 : List.of(Optional.<String>empty(), Optional.of("fc00:0:0:4d::5/64"), Optional.of("fc00:0:0:4d::/63"),
                Optional.of("fc00::/64"), Optional.of("fc01::/64"), Optional.of("10.5.72.0/24"))) {
            assertThrows(FlannelConfigException.class, () -> dual.subnetEnv("10.5.72.0/24", v6, 1500, false), v6.toString());
        }
        assertEquals("FLANNEL_IPV6_NETWORK=fc00::/48\nFLANNEL_IPV6_SUBNET=fc00:0:0:4d::1/64\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
                FlannelConfig.parse("{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\",\"Backend\":{\"Type\":\"vxlan\"}}")
                        .validate().subnetEnv("0.0.0.0/0", Optional.of("fc00:0:0:4d::-64"), 1500, false));
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
        for (String mtu : List.of("0", "-1", "65536", "99999", "1450 ", "\u0661\u0664\u0665\u0660")) {
            assertThrows(FlannelConfigException.class, () -> ok.render("FLANNEL_MTU=" + mtu + "\n"), mtu);
        }
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

    @Test
    void tenThousandStructuredConfigsEndInAWorkingNetworkOrAFlannelConfigException() {
        Fuzz.seeded(1701).forAll(Fuzz.RUNS, FlannelHardeningTest::structuredConfig, json -> {
            try {
                FlannelConfig config = FlannelConfig.parse(json);
                assertFalse(config.toString().contains("CANARY"), config.toString());
                FlannelNetwork n = config.validate();
                if (n.capacity() > 0) {
                    String env = n.subnetEnv(n.subnetMin().map(min -> min + "/" + n.subnetLen()).orElse(null),
                            n.ipv6SubnetMin().map(min -> min + "/" + n.ipv6SubnetLen()), 1500, false);
                    assertTrue(env.chars().allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7F), env);
                }
            } catch (FlannelConfigException e) {
                assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
            }
        });
    }

    /** A config whose fields take edge values: numbers at and past every bound, addresses of both families, junk. */
    private static String structuredConfig(Fuzz f) {
        String[] numbers = {"0", "1", "-1", "2", "24", "28", "30", "31", "64", "124", "126", "127", "255", "65535", "65536",
            "16777215", "16777216", "2147483648", "4294967297", "9223372036854775807", "9223372036854775808",
            "18446744073709551616", "1.5", "1e3", "\"24\"", "null", "true"};
        String[] cidrs = {"\"10.244.0.0/15\"", "\"10.0.0.0/8\"", "\"10.1.2.3/28\"", "\"10.0.0.0/29\"", "\"0.0.0.0/0\"",
            "\"fc00::/48\"", "\"fc00::/124\"", "\"::/0\"", "\"10.0.0.0/016\"", "\"\u0661\u0660.0.0.0/8\"", "\"::ffff:10.0.0.0/104\"",
            "10", "null", "\"10.0.0.0/8\\n\"", "\"" + f.hostileString(12).replace("\\", "").replace("\"", "") + "\""};
        String[] ips = {"\"10.244.1.0\"", "\"10.0.16.0\"", "\"10.245.255.0\"", "\"fc00:0:0:1::\"", "\"fc00::\"", "\"0.0.0.0\"",
            "\"010.0.0.1\"", "\"1\u0662.0.0.1\"", "\"::ffff:10.244.1.0\"", "null", "1"};
        String[] types = {"vxlan", "udp", "host-gw", "ipip", "wireguard", "ipsec", "alloc", "VXLAN", "magic", ""};
        String[] options = {"VNI", "Port", "ListenPort", "ListenPortV6", "PersistentKeepaliveInterval", "DirectRouting", "PSK", "Mode"};
        StringBuilder json = new StringBuilder("{");
        String[][] fields = {{"Network", "c"}, {"SubnetLen", "n"}, {"SubnetMin", "i"}, {"SubnetMax", "i"}, {"EnableIPv4", "b"},
            {"EnableIPv6", "b"}, {"IPv6Network", "c"}, {"IPv6SubnetLen", "n"}, {"IPv6SubnetMin", "i"}, {"IPv6SubnetMax", "i"}};
        for (String[] field : fields) {
            if (f.random().nextInt(3) > 0) {
                String value = switch (field[1]) {
                    case "c" -> f.pick(cidrs);
                    case "n" -> f.pick(numbers);
                    case "i" -> f.pick(ips);
                    default -> f.pick("true", "false", "null", "1");
                };
                json.append('"').append(f.random().nextInt(8) == 0 ? field[0].toLowerCase() : field[0]).append("\":").append(value).append(',');
            }
        }
        json.append("\"Backend\":{\"Type\":\"").append(f.pick(types)).append('"');
        for (int i = f.random().nextInt(4); i > 0; i--) {
            String option = f.pick(options);
            String value = option.equals("PSK") ? "\"CANARY" + "k".repeat(f.random().nextInt(120)) + "\""
                    : option.equals("Mode") ? f.pick("\"auto\"", "\"both\"", "1") : f.pick(numbers);
            json.append(",\"").append(option).append("\":").append(value);
        }
        return json.append("}}").toString();
    }
}
