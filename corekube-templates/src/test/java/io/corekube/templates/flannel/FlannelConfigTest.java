package io.corekube.templates.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FlannelConfigTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // config                                                          | subnetLen | min          | max            | capacity
        "{\"Network\":\"10.0.0.0/8\"}                                        | 24 | 10.0.1.0     | 10.255.255.0   | 65535",
        "{\"Network\":\"10.244.0.0/15\",\"Backend\":{\"Type\":\"vxlan\"}}    | 24 | 10.244.1.0   | 10.245.255.0   | 511",
        "{\"Network\":\"10.1.0.0/16\"}                                       | 24 | 10.1.1.0     | 10.1.255.0     | 255",
        "{\"Network\":\"10.3.1.0/16\"}                                       | 24 | 10.3.1.0     | 10.3.255.0     | 255",
        "{\"Network\":\"10.0.0.0/22\"}                                       | 24 | 10.0.1.0     | 10.0.3.0       | 3",
        "{\"Network\":\"10.0.0.0/23\"}                                       | 25 | 10.0.0.128   | 10.0.1.128     | 3",
        "{\"Network\":\"10.0.0.0/24\"}                                       | 26 | 10.0.0.64    | 10.0.0.192     | 3",
        "{\"Network\":\"10.0.0.0/26\"}                                       | 28 | 10.0.0.16    | 10.0.0.48      | 3",
        "{\"Network\":\"10.0.0.0/28\"}                                       | 30 | 10.0.0.4     | 10.0.0.12      | 3",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":18}                      | 18 | 10.0.64.0    | 10.0.192.0     | 3",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":20}                      | 20 | 10.0.16.0    | 10.0.240.0     | 15",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":0}                       | 24 | 10.0.1.0     | 10.0.255.0     | 255",
        "{\"Network\":\"10.0.0.0/28\",\"SubnetLen\":30}                      | 30 | 10.0.0.4     | 10.0.0.12      | 3",
        "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":20,\"SubnetMin\":\"10.10.0.0\",\"SubnetMax\":\"10.99.0.0\"} | 20 | 10.10.0.0 | 10.99.0.0 | 1425",
        "{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.1.10.0\",\"SubnetMax\":\"10.1.20.0\"} | 24 | 10.1.10.0 | 10.1.20.0 | 11",
        "{\"Network\":\"10.1.0.0/16\",\"SubnetMin\":\"10.1.20.0\",\"SubnetMax\":\"10.1.10.0\"} | 24 | 10.1.20.0 | 10.1.10.0 | 0",
        "{\"network\":\"10.5.0.0/16\",\"subnetlen\":25}                      | 25 | 10.5.0.128   | 10.5.255.128   | 511",
    })
    void defaultsFollowFlannel(String json, int subnetLen, String min, String max, long capacity) {
        FlannelNetwork n = FlannelConfig.parse(json).validate();
        assertEquals(subnetLen, n.subnetLen());
        assertEquals(Optional.of(min), n.subnetMin());
        assertEquals(Optional.of(max), n.subnetMax());
        assertEquals(capacity, n.capacity());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"Network\":\"10.0.0.0/29\"}                                       | Network is too small. Minimum useful network prefix is /28",
        "{\"Network\":\"10.0.0.0/30\"}                                       | Network is too small. Minimum useful network prefix is /28",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":31}                      | SubnetLen must be less than /31",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":17}                      | Network must be able to accommodate at least four subnets",
        "{\"Network\":\"10.0.0.0/29\",\"SubnetLen\":30}                      | Network must be able to accommodate at least four subnets",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetMin\":\"10.2.0.0\"}            | SubnetMin is not in the range of the Network",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetMax\":\"10.1.0.0\"}            | SubnetMax is not in the range of the Network",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetMin\":\"10.0.5.128\"}          | SubnetMin is not on a SubnetLen boundary: 10.0.5.128",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetMax\":\"10.0.200.7\"}          | SubnetMax is not on a SubnetLen boundary: 10.0.200.7",
        "{\"Network\":\"10.0.0.0/33\"}                                       | invalid CIDR address: 10.0.0.0/33",
        "{\"Network\":\"10.0.0/16\"}                                         | invalid CIDR address: 10.0.0/16",
        "{\"Network\":\"010.0.0.0/16\"}                                      | invalid CIDR address: 010.0.0.0/16",
        "{\"Network\":10}                                                    | invalid CIDR address: 10",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetMin\":\"x\"}                   | Invalid IP address format",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":\"24\"}                  | json: cannot unmarshal string into Go struct field Config.SubnetLen of type uint",
        "{\"Network\":\"10.0.0.0/16\",\"SubnetLen\":-1}                      | json: cannot unmarshal number -1 into Go struct field Config.SubnetLen of type uint",
        "{\"Network\":\"10.0.0.0/16\",\"EnableIPv4\":\"yes\"}                | json: cannot unmarshal string into Go struct field Config.EnableIPv4 of type bool",
        "[]                                                                  | json: cannot unmarshal array into Go value of type subnet.Config",
        "{\"Network\":                                                       | unexpected end of JSON input",
        "x                                                                   | invalid character 'x' looking for beginning of value",
        "{\"Network\":\"10.0.0.0/16\",\"Backend\":\"vxlan\"}                 | error decoding Backend property of config: json: cannot unmarshal string into Go value of type struct { Type string }",
        "{\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/125\",\"EnableIPv4\":false,\"Backend\":{\"Type\":\"vxlan\"}} | IPv6Network is too small. Minimum useful network prefix is /124",
        "{\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/64\",\"IPv6SubnetLen\":127,\"EnableIPv4\":false,\"Backend\":{\"Type\":\"vxlan\"}} | SubnetLen must be less than /127",
    })
    void refusalsUseFlannelsMessages(String json, String message) {
        FlannelConfigException e = assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json).validate());
        assertEquals(message, e.getMessage());
        assertFalse(e.isSdkRule());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                                                                  | no Network given",
        "{\"Network\":\"fc00::/48\"}                                         | Network must be an IPv4 CIDR",
        "{\"EnableIPv4\":false,\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\"} | an IPv6-only config needs a Backend",
        "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"magic\"}}      | unknown backend type: magic",
        "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":\"1\"}} | Backend option VNI of vxlan must be an int",
        "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"wireguard\",\"Mode\":\"both\"}} | wireguard Mode must be one of",
    })
    void theSdkRefusesMoreThanFlannelWhereDocumented(String json, String start) {
        FlannelConfigException e = assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json).validate());
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertTrue(e.isSdkRule());
    }

    @Test
    void ipv6DefaultsAndDualStack() {
        FlannelNetwork n = FlannelConfig.builder().network("10.5.0.0/16").ipv6Network("fc00::/48")
                .backend("vxlan", Map.of()).build().validate();
        assertEquals(Optional.of("fc00::/48"), n.ipv6Network());
        assertEquals(64, n.ipv6SubnetLen());
        assertEquals(Optional.of("fc00:0:0:1::"), n.ipv6SubnetMin());
        assertEquals(Optional.of("fc00:0:0:ffff::"), n.ipv6SubnetMax());
        assertEquals("FLANNEL_NETWORK=10.5.0.0/16\nFLANNEL_SUBNET=10.5.72.1/24\nFLANNEL_IPV6_NETWORK=fc00::/48\n"
                + "FLANNEL_IPV6_SUBNET=fc00:0:0:4d::1/64\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
                n.subnetEnv("10.5.72.0-24", Optional.of("fc00:0:0:4d::-64"), 1500, false));
    }

    @Test
    void backendsDefaultToUdpAndGiveTheirMtu() {
        assertEquals("udp", FlannelConfig.parse("{\"Network\":\"10.0.0.0/16\"}").validate().backend().type());
        assertEquals("vxlan", FlannelConfig.parse("{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"VXLAN\"}}").validate().backend().type());
        assertEquals("vxlan", FlannelConfig.parse("{\"network\":\"10.0.0.0/16\",\"backend\":{\"type\":\"vxlan\",\"vni\":2}}").validate().backend().type(),
                "Go matches the backend's fields case-insensitively too (found by the real flanneld)");
        Map<String, Integer> mtus = Map.of("vxlan", 1450, "host-gw", 1500, "udp", 1472, "ipip", 1480, "wireguard", 1420, "alloc", 1500);
        mtus.forEach((type, mtu) -> assertEquals(mtu, FlannelConfig.builder().network("10.0.0.0/16").backend(type, Map.of())
                .build().validate().backend().mtu(1500), type));
        assertEquals(8951, FlannelConfig.corekubeDefault().validate().backend().mtu(9001));
    }

    @Test
    void theSubnetEnvOfALeaseIsFlannelsFile() {
        assertEquals("FLANNEL_NETWORK=10.244.0.0/15\nFLANNEL_SUBNET=10.244.94.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=false\n",
                FlannelConfig.corekubeDefault().validate().subnetEnv("10.244.94.0/24", Optional.empty(), 1500, false));
    }

    @Test
    void dockerOptionsAsMkDockerOptsWritesThem() {
        String env = "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.74.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=false\n";
        assertEquals("DOCKER_OPT_BIP=\"--bip=10.1.74.1/24\"\nDOCKER_OPT_IPMASQ=\"--ip-masq=true\"\n"
                + "DOCKER_OPT_MTU=\"--mtu=1472\"\nDOCKER_OPTS=\" --bip=10.1.74.1/24 --ip-masq=true --mtu=1472\"\n",
                DockerOptions.defaults().render(env));
        assertEquals("OPTS=\"-H x  --bip=10.1.74.1/24 --mtu=1472\"\n",
                new DockerOptions(false, true, false, "OPTS", "-H x").render(env));
        assertThrows(IllegalArgumentException.class, () -> DockerOptions.defaults().render(env.replace("false", "maybe")));
    }

    @Test
    void builtConfigsUseCanonicalNamesAndRoundTrip() {
        FlannelConfig c = FlannelConfig.builder().network("10.244.0.0/15").subnetLen(24).backend("vxlan", Map.of("VNI", 1)).build();
        assertEquals("{\"Network\":\"10.244.0.0/15\",\"SubnetLen\":24,\"Backend\":{\"Type\":\"vxlan\",\"VNI\":1}}", c.toJson());
        assertEquals(c, FlannelConfig.parse(c.toJson()));
        assertEquals(FlannelConfig.parse("{\"network\":\"10.244.0.0/15\",\"subnetLEN\":24,\"backend\":{\"Type\":\"vxlan\",\"VNI\":1}}"), c);
    }
}
