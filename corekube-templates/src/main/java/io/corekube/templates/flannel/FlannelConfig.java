package io.corekube.templates.flannel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A flannel network config, as stored at {@code <prefix>/config}. {@link #parse} reads JSON as flanneld's Go
 * code does (field names case-insensitive, the last duplicate wins, unknown fields ignored, Go's type errors);
 * {@link #validate()} applies flannel v0.17.0's rules ({@code subnet.ParseConfig}) with its exact messages and
 * returns the effective network (defaults filled in). {@link #toJson()} writes canonical field names.
 *
 * <p>The SDK refuses, on purpose, configs flanneld v0.17.0 accepts or crashes on ({@link
 * FlannelConfigException#isSdkRule()}): no {@code Network} (flannel leases out of 0.0.0.0/0), an IPv6 network in
 * {@code Network}, an IPv6-only config without a Backend (flannel panics), an unknown backend type (flanneld
 * exits after reading it) and backend options of the wrong type.
 */
public final class FlannelConfig {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("EnableIPv4", "EnableIPv6", "Network", "IPv6Network", "SubnetMin",
            "SubnetMax", "IPv6SubnetMin", "IPv6SubnetMax", "SubnetLen", "IPv6SubnetLen", "Backend");
    static final Set<String> BACKENDS = Set.of("vxlan", "host-gw", "udp", "alloc", "ipip", "wireguard", "ipsec",
            "extension", "aws-vpc", "gce", "ali-vpc", "tencent-vpc");

    private final ObjectNode fields;

    private FlannelConfig(ObjectNode fields) {
        this.fields = fields;
    }

    /** A builder with canonical field names. */
    public static Builder builder() {
        return new Builder();
    }

    /** The config of the original Corekube: {@code 10.244.0.0/15} with vxlan. */
    public static FlannelConfig corekubeDefault() {
        return builder().network("10.244.0.0/15").backend("vxlan", Map.of()).build();
    }

    /**
     * Reads a config as flanneld's Go code does: members in document order, each decoded in turn (a duplicate
     * overwrites, a null leaves a number or flag as it was), keys matched as Go matches them, an address or network
     * refused at its first bad occurrence with flannel's message even when a later duplicate would be good, and
     * otherwise the first type error; malformed JSON fails with Go's messages (never quoting the input).
     */
    public static FlannelConfig parse(String json) {
        ObjectNode canonical = JSON.createObjectNode();
        String typeError = null;
        for (GoJson.Member member : GoJson.members(json)) {
            Optional<String> found = FIELDS.stream().filter(f -> GoJson.matches(f, member.name())).findFirst();
            if (found.isEmpty()) {
                continue;
            }
            String field = found.get();
            JsonNode value = member.value();
            switch (field) {
                case "Network", "IPv6Network", "SubnetMin", "SubnetMax" -> {
                    // value types with an UnmarshalJSON: called for every value, null included
                    checkAddress(field, member);
                    canonical.set(field, value);
                }
                case "IPv6SubnetMin", "IPv6SubnetMax" -> {
                    // *ip.IP6: null sets the pointer to nil, anything else goes to its UnmarshalJSON
                    if (value.isNull()) {
                        canonical.remove(field);
                    } else {
                        checkAddress(field, member);
                        canonical.set(field, value);
                    }
                }
                case "Backend" -> canonical.set(field, value);
                default -> {
                    String problem = GoJson.typeProblem(field, value, member.raw());
                    if (problem != null) {
                        typeError = typeError == null ? problem : typeError;
                    } else if (!value.isNull()) {
                        canonical.set(field, value);
                    }
                }
            }
        }
        if (typeError != null) {
            throw FlannelConfigException.flannel(typeError);
        }
        return new FlannelConfig(canonical);
    }

    /** What flannel's UnmarshalJSON of the field does with the raw text: refuse it in flannel's words (or the SDK's). */
    private static void checkAddress(String field, GoJson.Member member) {
        JsonNode value = member.value();
        String text = value.isContainerNode() ? "<" + GoJson.kind(value) + ">" : GoJson.unquoted(member.raw());
        switch (field) {
            case "Network" -> Cidr4.parse(text);
            case "IPv6Network" -> Cidr6.parse(text);
            case "SubnetMin", "SubnetMax" -> Addresses.ipv4(field, text);
            default -> Addresses.ipv6(field, text);
        }
    }

    /** Applies flannel v0.17.0's rules and the SDK's own; the effective network with defaults filled in. */
    public FlannelNetwork validate() {
        boolean v4 = bool("EnableIPv4", true);
        boolean v6 = bool("EnableIPv6", false);
        if (!v4 && !v6) {
            // ParseConfig decodes the Backend's type first; flanneld's ipmatch.GetIPFamily runs after it
            FlannelBackend.checkDecodable(fields.get("Backend"));
            throw FlannelConfigException.flannel("none defined stack");
        }
        FlannelNetwork.Builder result = new FlannelNetwork.Builder();
        if (v4) {
            if (!fields.has("Network")) {
                throw FlannelConfigException.sdk("no Network given: flanneld v0.17 would lease subnets out of 0.0.0.0/0");
            }
            Cidr4 network = Cidr4.parse(text("Network"));
            long subnetLen = unsigned("SubnetLen");
            if (subnetLen > 0) {
                if (subnetLen > 30) {
                    throw FlannelConfigException.flannel("SubnetLen must be less than /31");
                }
                if (subnetLen < network.prefix() + 2) {
                    throw FlannelConfigException.flannel("Network must be able to accommodate at least four subnets");
                }
            } else if (network.prefix() > 28) {
                throw FlannelConfigException.flannel("Network is too small. Minimum useful network prefix is /28");
            } else {
                subnetLen = network.prefix() <= 22 ? 24 : network.prefix() + 2;
            }
            long size = 1L << (32 - subnetLen);
            long min = address("SubnetMin");
            if (min == 0) {
                min = network.ip() + size;
            } else if (!network.contains(min)) {
                throw FlannelConfigException.flannel("SubnetMin is not in the range of the Network");
            }
            long max = address("SubnetMax");
            if (max == 0) {
                max = network.next() - size;
            } else if (!network.contains(max)) {
                throw FlannelConfigException.flannel("SubnetMax is not in the range of the Network");
            }
            long mask = 0xFFFFFFFFL << (32 - subnetLen) & 0xFFFFFFFFL;
            if (min != (min & mask)) {
                throw FlannelConfigException.flannel("SubnetMin is not on a SubnetLen boundary: " + Addresses.ipv4Text(min));
            }
            if (max != (max & mask)) {
                throw FlannelConfigException.flannel("SubnetMax is not on a SubnetLen boundary: " + Addresses.ipv4Text(max));
            }
            result.ipv4(network, (int) subnetLen, min, max);
        }
        if (v6) {
            if (!fields.has("IPv6Network")) {
                throw FlannelConfigException.sdk("EnableIPv6 needs an IPv6Network: flanneld v0.17 panics without one");
            }
            Cidr6 network = Cidr6.parse(text("IPv6Network"));
            long subnetLen = unsigned("IPv6SubnetLen");
            if (subnetLen > 0) {
                if (subnetLen > 126) {
                    throw FlannelConfigException.flannel("SubnetLen must be less than /127");
                }
                if (subnetLen < network.prefix() + 2) {
                    throw FlannelConfigException.flannel("Network must be able to accommodate at least four subnets");
                }
            } else if (network.prefix() > 124) {
                throw FlannelConfigException.flannel("IPv6Network is too small. Minimum useful network prefix is /124");
            } else {
                subnetLen = network.prefix() <= 62 ? 64 : network.prefix() + 2;
            }
            BigInteger size = BigInteger.ONE.shiftLeft(128 - (int) subnetLen);
            BigInteger min = fields.has("IPv6SubnetMin") ? Addresses.ipv6("IPv6SubnetMin", text("IPv6SubnetMin")) : BigInteger.ZERO;
            if (min.signum() == 0) {
                min = network.ip().add(size);
            } else if (!network.contains(min)) {
                throw FlannelConfigException.flannel("IPv6SubnetMin is not in the range of the IPv6Network");
            }
            BigInteger max = fields.has("IPv6SubnetMax") ? Addresses.ipv6("IPv6SubnetMax", text("IPv6SubnetMax")) : BigInteger.ZERO;
            if (max.signum() == 0) {
                max = network.next().subtract(size);
            } else if (!network.contains(max)) {
                throw FlannelConfigException.flannel("IPv6SubnetMax is not in the range of the IPv6Network");
            }
            if (!min.mod(size).equals(BigInteger.ZERO)) {
                throw FlannelConfigException.flannel("IPv6SubnetMin is not on a SubnetLen boundary: " + Addresses.ipv6Text(min));
            }
            if (!max.mod(size).equals(BigInteger.ZERO)) {
                throw FlannelConfigException.flannel("IPv6SubnetMax is not on a SubnetLen boundary: " + Addresses.ipv6Text(max));
            }
            result.ipv6(network, (int) subnetLen, min, max);
        }
        result.backend(FlannelBackend.of(fields.get("Backend"), v4, v6));
        return result.build();
    }

    /** The config as JSON with canonical field names, as it would be published. */
    public String toJson() {
        return fields.toString();
    }

    /** The JSON with every pre-shared key shown as {@code ****}: the config's PSK never reaches a log or a message. */
    @Override
    public String toString() {
        return redacted(toJson());
    }

    /**
     * {@code json} with the value of every {@code PSK} field (any case, any depth) replaced by {@code ****}; text that
     * is not JSON is not shown at all. For messages and logs that mention a config.
     */
    public static String redacted(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            redactIn(tree);
            return tree.toString();
        } catch (JsonProcessingException | RuntimeException e) {
            return "<" + (json == null ? 0 : json.length()) + " characters that are not JSON>";
        }
    }

    private static void redactIn(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.equalsIgnoreCase("PSK")) {
                    object.put(name, "****");
                } else {
                    redactIn(object.get(name));
                }
            }
        } else if (node != null && node.isArray()) {
            node.forEach(FlannelConfig::redactIn);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlannelConfig c && c.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /**
     * A Go {@code uint} field (its type was checked by {@link #parse}); a value past a Java long (up to 2^64 - 1 in
     * Go) is read as {@link Long#MAX_VALUE}, so that it fails the range checks as it does in flannel instead of
     * wrapping round to a default.
     */
    private long unsigned(String field) {
        JsonNode n = fields.get(field);
        if (n == null) {
            return 0;
        }
        return n.isBigInteger() && n.bigIntegerValue().bitLength() > 63 ? Long.MAX_VALUE : n.asLong();
    }

    private boolean bool(String field, boolean dflt) {
        return fields.has(field) ? fields.get(field).asBoolean() : dflt;
    }

    private String text(String field) {
        return fields.get(field).asText();
    }

    private long address(String field) {
        return fields.has(field) ? Addresses.ipv4(field, text(field)) : 0;
    }

    /** Builds a config with canonical names; {@link #build()} does not validate (see {@link #validate()}). */
    public static final class Builder {
        private final ObjectNode fields = JSON.createObjectNode();

        private Builder() {
        }

        /** {@code Network}: the IPv4 overlay, e.g. {@code 10.244.0.0/16}. */
        public Builder network(String cidr) {
            fields.put("Network", cidr);
            return this;
        }

        /** {@code SubnetLen}: each host's subnet prefix. */
        public Builder subnetLen(int len) {
            fields.put("SubnetLen", len);
            return this;
        }

        /** {@code SubnetMin}: the first host subnet. */
        public Builder subnetMin(String ip) {
            fields.put("SubnetMin", ip);
            return this;
        }

        /** {@code SubnetMax}: the last host subnet. */
        public Builder subnetMax(String ip) {
            fields.put("SubnetMax", ip);
            return this;
        }

        /** {@code EnableIPv4} (true by default in flannel). */
        public Builder enableIpv4(boolean on) {
            fields.put("EnableIPv4", on);
            return this;
        }

        /** {@code EnableIPv6} and {@code IPv6Network}. */
        public Builder ipv6Network(String cidr) {
            fields.put("EnableIPv6", true);
            fields.put("IPv6Network", cidr);
            return this;
        }

        /** {@code IPv6SubnetLen}. */
        public Builder ipv6SubnetLen(int len) {
            fields.put("IPv6SubnetLen", len);
            return this;
        }

        /** {@code Backend}: the type and its options (e.g. {@code VNI}, {@code Port}, {@code DirectRouting}). */
        public Builder backend(String type, Map<String, Object> options) {
            ObjectNode backend = fields.putObject("Backend");
            backend.put("Type", type);
            options.forEach((k, v) -> backend.set(k, JSON.valueToTree(v)));
            return this;
        }

        /** The config. */
        public FlannelConfig build() {
            try {
                return parse(JSON.writeValueAsString(fields));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
