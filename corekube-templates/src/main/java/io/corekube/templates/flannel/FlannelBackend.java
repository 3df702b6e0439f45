package io.corekube.templates.flannel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A flannel backend: its type (udp when the config has no Backend, as flannel's code does) and its options,
 * checked for the types flannel decodes them into; and the MTU it leaves on a host interface.
 *
 * @param type the backend type, lower case
 * @param options the raw options as JSON text
 */
public record FlannelBackend(String type, String options) {

    private static final Map<String, Map<String, String>> OPTION_TYPES = Map.of(
            "vxlan", Map.of("VNI", "int", "Port", "int", "GBP", "bool", "DirectRouting", "bool", "MacPrefix", "string",
                    "Learning", "bool"),
            "udp", Map.of("Port", "int"),
            "ipip", Map.of("DirectRouting", "bool"),
            "wireguard", Map.of("PSK", "string", "ListenPort", "int", "ListenPortV6", "int", "Mode", "string",
                    "PersistentKeepaliveInterval", "int"),
            "ipsec", Map.of("PSK", "string", "UDPEncap", "bool", "ESPProposal", "string"));
    /** flannel's minimum ipsec PSK length (its {@code minPasswordLength}), in bytes. */
    static final int IPSEC_MIN_PSK = 96;
    private static final Set<String> WIREGUARD_MODES = Set.of("separate", "auto", "ipv4", "ipv6");

    static FlannelBackend of(JsonNode backend, boolean v4, boolean v6) {
        if (backend == null) {
            if (v6 && !v4) {
                throw FlannelConfigException.sdk("an IPv6-only config needs a Backend: flanneld v0.17 panics on the "
                        + "default udp backend without IPv4");
            }
            return new FlannelBackend("udp", "{}");
        }
        if (!backend.isObject()) {
            throw FlannelConfigException.flannel("error decoding Backend property of config: json: cannot unmarshal "
                    + GoJson.kind(backend) + " into Go value of type struct { Type string }");
        }
        JsonNode typeNode = field(backend, "Type");
        String type = typeNode == null || typeNode.isNull() ? "" : typeNode.asText().toLowerCase(Locale.ROOT);
        if (!FlannelConfig.BACKENDS.contains(type)) {
            throw FlannelConfigException.sdk("unknown backend type: " + (typeNode == null ? "" : typeNode.asText()));
        }
        Map<String, String> expected = OPTION_TYPES.getOrDefault(type, Map.of());
        backend.fields().forEachRemaining(e -> {
            String wanted = expected.entrySet().stream().filter(x -> x.getKey().equalsIgnoreCase(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            JsonNode v = e.getValue();
            boolean ok = wanted == null || v.isNull()
                    || wanted.equals("int") && v.isIntegralNumber()
                    || wanted.equals("bool") && v.isBoolean()
                    || wanted.equals("string") && v.isTextual();
            if (!ok) {
                throw FlannelConfigException.sdk("Backend option " + e.getKey() + " of " + type + " must be a " + wanted
                        + ", got " + GoJson.kind(v));
            }
        });
        JsonNode psk = field(backend, "PSK");
        int pskBytes = psk == null || psk.isNull() ? 0 : psk.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (type.equals("ipsec") && pskBytes < IPSEC_MIN_PSK) {
            // flannel v0.17.0 backend/ipsec: len(cfg.PSK) < minPasswordLength, in bytes
            throw FlannelConfigException.flannel("config error, password should be at least " + IPSEC_MIN_PSK + " characters long");
        }
        JsonNode mode = field(backend, "Mode");
        if (type.equals("wireguard") && mode != null && !mode.isNull() && !WIREGUARD_MODES.contains(mode.asText())) {
            throw FlannelConfigException.sdk("wireguard Mode must be one of " + WIREGUARD_MODES + ": " + mode.asText());
        }
        return new FlannelBackend(type, backend.toString());
    }

    /** A field as Go's encoding/json finds it: the exact name, else the last case-insensitive match. */
    private static JsonNode field(JsonNode object, String name) {
        if (object.has(name)) {
            return object.get(name);
        }
        JsonNode found = null;
        for (var it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                found = e.getValue();
            }
        }
        return found;
    }

    /** The MTU flannel writes to subnet.env for a host interface of {@code interfaceMtu}. */
    public int mtu(int interfaceMtu) {
        return switch (type) {
            case "vxlan" -> interfaceMtu - 50;
            case "udp" -> interfaceMtu - 28;
            case "ipip" -> interfaceMtu - 20;
            case "wireguard" -> interfaceMtu - 80;
            case "ipsec" -> interfaceMtu - 77;
            default -> interfaceMtu;
        };
    }
}
