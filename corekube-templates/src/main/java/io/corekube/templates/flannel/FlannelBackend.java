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

    private static final Option BOOL = new Option("bool", 0, 0);
    private static final Option STRING = new Option("string", 0, 0);
    /** 1-65535; 0 would make flanneld listen on a random port its peers do not know. */
    private static final Option PORT = new Option("int", 1, 65535);
    private static final Map<String, Map<String, Option>> OPTIONS = Map.of(
            // the kernel refuses VNIs of 2^24 and more; flannel converts with uint32(VNI), so others wrap round
            "vxlan", Map.of("VNI", new Option("int", 0, (1 << 24) - 1), "Port", new Option("int", 0, 65535), "GBP", BOOL,
                    "DirectRouting", BOOL, "MacPrefix", STRING, "Learning", BOOL),
            "udp", Map.of("Port", PORT),
            "ipip", Map.of("DirectRouting", BOOL),
            // WireGuard's persistent keepalive is 16 bits of seconds
            "wireguard", Map.of("PSK", STRING, "ListenPort", PORT, "ListenPortV6", PORT, "Mode", STRING,
                    "PersistentKeepaliveInterval", new Option("int", 0, 65535)),
            "ipsec", Map.of("PSK", STRING, "UDPEncap", BOOL, "ESPProposal", STRING));
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
        checkDecodable(backend);
        JsonNode typeNode = backend.isNull() ? null : field(backend, "Type");
        String type = typeNode == null || typeNode.isNull() ? "" : typeNode.asText().toLowerCase(Locale.ROOT);
        if (!FlannelConfig.BACKENDS.contains(type)) {
            // flanneld accepts the config, then exits: "unknown backend type: <type>"
            throw FlannelConfigException.sdk("unknown backend type: " + (typeNode == null ? "" : typeNode.asText()));
        }
        Map<String, Option> expected = OPTIONS.getOrDefault(type, Map.of());
        backend.fields().forEachRemaining(e -> {
            expected.entrySet().stream().filter(x -> GoJson.matches(x.getKey(), e.getKey())).findFirst()
                    .ifPresent(x -> x.getValue().check(type, e.getKey(), e.getValue()));
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

    /**
     * flannel's parseBackendType: the Backend must decode into {@code struct { Type string }} (a JSON null decodes to
     * an empty type); otherwise the config is refused in flannel's words.
     */
    static void checkDecodable(JsonNode backend) {
        if (backend == null || backend.isNull()) {
            return;
        }
        String prefix = "error decoding Backend property of config: json: cannot unmarshal ";
        if (!backend.isObject()) {
            throw FlannelConfigException.flannel(prefix + GoJson.kind(backend) + " into Go value of type struct { Type string }");
        }
        for (var it = backend.fields(); it.hasNext(); ) {
            var e = it.next();
            if (GoJson.matches("Type", e.getKey()) && !e.getValue().isTextual() && !e.getValue().isNull()) {
                throw FlannelConfigException.flannel(prefix + GoJson.kind(e.getValue()) + " into Go struct field .Type of type string");
            }
        }
    }

    /** A field as Go's encoding/json finds it: the last key that matches it as Go matches keys. */
    private static JsonNode field(JsonNode object, String name) {
        return GoJson.field(object, name);
    }

    /**
     * The MTU flannel writes to subnet.env for a host interface of {@code interfaceMtu}, which must be
     * {@value #MIN_INTERFACE_MTU} to {@value #MAX_INTERFACE_MTU}.
     */
    public int mtu(int interfaceMtu) {
        if (interfaceMtu < MIN_INTERFACE_MTU || interfaceMtu > MAX_INTERFACE_MTU) {
            throw FlannelConfigException.sdk("interface MTU must be " + MIN_INTERFACE_MTU + " to " + MAX_INTERFACE_MTU
                    + ", got " + interfaceMtu);
        }
        return switch (type) {
            case "vxlan" -> interfaceMtu - 50;
            case "udp" -> interfaceMtu - 28;
            case "ipip" -> interfaceMtu - 20;
            case "wireguard" -> interfaceMtu - 80;
            case "ipsec" -> interfaceMtu - 77;
            default -> interfaceMtu;
        };
    }

    /** The smallest interface MTU accepted: IPv4's minimum (RFC 791) plus the largest backend overhead (80). */
    public static final int MIN_INTERFACE_MTU = 68 + 80;
    /** The largest interface MTU accepted (jumbo frames up to the IP packet limit). */
    public static final int MAX_INTERFACE_MTU = 65535;

    /** A backend option's JSON kind and, for numbers, its range; null is always allowed (the option's default). */
    private record Option(String kind, long min, long max) {
        void check(String type, String name, JsonNode v) {
            boolean fits = v.isNull() || kind.equals("bool") && v.isBoolean() || kind.equals("string") && v.isTextual()
                    || kind.equals("int") && v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= min && v.asLong() <= max;
            if (!fits) {
                String wanted = kind.equals("int") ? "an int from " + min + " to " + max : "a " + kind;
                throw FlannelConfigException.sdk("Backend option " + name + " of " + type + " must be " + wanted + ", got "
                        + (v.isIntegralNumber() ? v.asText() : GoJson.kind(v)));
            }
        }
    }
}
