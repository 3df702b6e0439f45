package io.corekube.templates.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The config is decoded as Go's encoding/json decodes it for flanneld v0.17.0 (members in document order, Go's key
 * folding, the raw text handed to flannel's UnmarshalJSON). Every expected verdict and message below was printed by
 * flannel's own subnet.ParseConfig, built from /work/shared/peers/flannel.
 */
class FlannelGoDecodingTest {

    private static String refusal(String json) {
        return assertThrows(FlannelConfigException.class, () -> FlannelConfig.parse(json).validate(), json).getMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // a bad address is refused at its first occurrence, even when a later duplicate is good
        "{\"Network\":10,\"Network\":\"10.0.0.0/22\"}                  | invalid CIDR address: 10",
        "{\"Network\":\"10.0.0.0/+8\",\"Network\":\"10.0.0.0/8\"}      | invalid CIDR address: 10.0.0.0/+8",
        // an IPv6 field is decoded even when IPv6 is off; a null reaches the UnmarshalJSON of a value field
        "{\"Network\":\"10.0.0.0/8\",\"IPv6SubnetMax\":1}              | Invalid IP address format",
        "{\"Network\":\"10.0.0.0/8\",\"SubnetMin\":null}               | Invalid IP address format",
        "{\"Network\":\"10.0.0.0/8\",\"IPv6Network\":null}             | invalid CIDR address: null",
        // flannel trims quotes off the raw text: escapes are not decoded
        "{\"Network\":\"10.0.0.0\\u002f8\"}                            | invalid CIDR address: 10.0.0.0\\u002f8",
        "{\"Network\":\"\\\"10.0.0.0/8\\\"\"}                          | invalid CIDR address: \\\"10.0.0.0/8\\",
        // strconv.ParseUint on the literal as written
        "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":-0}                 | json: cannot unmarshal number -0 into Go struct field Config.SubnetLen of type uint",
        "{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":1e2}                | json: cannot unmarshal number 1e2 into Go struct field Config.SubnetLen of type uint",
        "{\"SubnetLen\":-1,\"Network\":\"10.0.0.0/8\",\"SubnetLen\":24} | json: cannot unmarshal number -1 into Go struct field Config.SubnetLen of type uint",
        // an UnmarshalJSON error ends decoding at once and wins over an earlier type error
        "{\"EnableIPv4\":\"true\",\"IPv6SubnetMin\":\"x\"}             | Invalid IP address format",
        // the Backend's type is decoded before the stack is checked
        "{\"EnableIPv4\":false,\"Backend\":[]}                         | error decoding Backend property of config: json: cannot unmarshal array into Go value of type struct { Type string }",
        "{\"Network\":\"10.0.0.0/8\",\"Backend\":{\"Type\":1}}         | error decoding Backend property of config: json: cannot unmarshal number into Go struct field .Type of type string",
    })
    void refusedAsFlannelDecodesIt(String json, String message) {
        assertEquals(message, refusal(json));
    }

    @Test
    void keysFoldAsGoFoldsThem() {
        // Go folds ASCII case, the Kelvin sign to k and the long s to s; a dotless i is not an i
        FlannelNetwork kelvin = FlannelConfig.parse("{\"Networ\u212a\":\"10.0.0.0/8\",\"\u017fubnetLen\":28}").validate();
        assertEquals(Optional.of("10.0.0.0/8"), kelvin.network());
        assertEquals(28, kelvin.subnetLen());
        FlannelNetwork dotless = FlannelConfig.parse("{\"Network\":\"10.0.0.0/8\",\"SubnetM\u0131n\":\"10.255.255.0\","
                + "\"Enable\u0131Pv4\":false}").validate();
        assertEquals(Optional.of("10.0.1.0"), dotless.subnetMin(), "SubnetM\u0131n is not SubnetMin in Go");
        assertTrue(dotless.network().isPresent(), "Enable\u0131Pv4 is not EnableIPv4 in Go");
        assertTrue(GoJson.matches("PSK", "p\u017fk") && GoJson.matches("Backend", "BAC\u212aEND"));
        assertFalse(GoJson.matches("Type", "T\u00ffpe") || GoJson.matches("EnableIPv4", "ENABLE\u0130PV4"));
    }

    @Test
    void aNullPointerFieldIsCleared() {
        FlannelNetwork n = FlannelConfig.parse("{\"Network\":\"10.0.0.0/8\",\"EnableIPv6\":true,\"IPv6Network\":\"fc00::/48\","
                + "\"IPv6SubnetMin\":\"fc00:0:0:10::\",\"IPv6SubnetMin\":null}").validate();
        assertEquals(Optional.of("fc00:0:0:1::"), n.ipv6SubnetMin());
    }

    @Test
    void aNullBackendIsAnEmptyTypeThatFlanneldCannotRun() {
        FlannelConfigException e = assertThrows(FlannelConfigException.class,
                () -> FlannelConfig.parse("{\"Network\":\"10.0.0.0/8\",\"Backend\":null}").validate());
        assertTrue(e.isSdkRule());
        assertEquals("unknown backend type: ", e.getMessage());
    }

    @Test
    void theLastPskGoDecodesIsTheOneChecked() {
        String ok = "k".repeat(96);
        String config = "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",%s}}";
        // Go sets the field once per matching key, in document order: the last one wins, whatever its case
        assertEquals("config error, password should be at least 96 characters long",
                refusal(String.format(config, "\"PSK\":\"" + ok + "\",\"psk\":\"short\"")));
        assertEquals("ipsec", FlannelConfig.parse(String.format(config, "\"psk\":\"short\",\"PSK\":\"" + ok + "\""))
                .validate().backend().type());
        assertEquals("ipsec", FlannelConfig.parse(String.format(config, "\"PSK\":\"" + ok + "\",\"psk\":\"short\",\"PSK\":\""
                + ok + "\"")).validate().backend().type());
        assertEquals("config error, password should be at least 96 characters long",
                refusal(String.format(config, "\"PSK\":\"short\",\"psk\":\"" + ok + "\",\"PSK\":\"short\"")));
    }
}
