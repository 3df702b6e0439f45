package io.corekube.etcd.internal.flannel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.corekube.etcd.EtcdArgumentException;
import io.corekube.etcd.flannel.FlannelLease;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** flannel's JSON in etcd: the config's sanity checks and the lease keys and values. */
public final class FlannelWire {

    /** flannel's lease key pattern: {@code <ip>-<len>} and, for dual stack, {@code &<ipv6>-<len>}. */
    static final Pattern LEASE_KEY = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)-(\\d+)(?:&([a-f\\d:]+)-(\\d+))?$");

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private FlannelWire() {
    }

    /**
     * Checks that the config is a JSON object flanneld can use and returns it compact. Full validation of the
     * network (sizes, ranges, backends) belongs to the config generator; this refuses what is never a config:
     * malformed JSON, duplicate keys, non-objects, and objects without a {@code Network} or {@code IPv6Network}
     * string (flanneld would lease out of 0.0.0.0/0 or panic).
     */
    public static String canonicalConfig(String json) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            // not the parser's words: they quote the offending token, which may be a pre-shared key
            throw new EtcdArgumentException("config", "malformed JSON" + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (tree == null || !tree.isObject()) {
            throw new EtcdArgumentException("config", "must be a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
        }
        boolean hasNetwork = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            if (name.equalsIgnoreCase("Network") || name.equalsIgnoreCase("IPv6Network")) {
                if (!field.getValue().isTextual()) {
                    throw new EtcdArgumentException("config", name + " must be a string, got " + field.getValue().getNodeType());
                }
                hasNetwork = true;
            }
        }
        if (!hasNetwork) {
            throw new EtcdArgumentException("config", "no Network (or IPv6Network) given: flanneld would lease "
                    + "subnets out of 0.0.0.0/0");
        }
        return tree.toString();
    }

    /** True when both are the same JSON value, whatever the formatting. */
    public static boolean sameJson(String a, String b) {
        try {
            return STRICT.readTree(a).equals(STRICT.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** A lease from its key and JSON value; empty when the key is not a lease key. */
    static Optional<FlannelLease> lease(String key, String json, Optional<Instant> expiration) {
        Matcher m = LEASE_KEY.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (!m.find()) {
            return Optional.empty();
        }
        JsonNode attrs;
        try {
            attrs = STRICT.readTree(json);
        } catch (JsonProcessingException e) {
            attrs = STRICT.createObjectNode();
        }
        var b = FlannelLease.builder().key(key).subnet(m.group(1) + "/" + m.group(2))
                .publicIp(text(attrs, "PublicIP").orElse(""))
                .publicIpv6(text(attrs, "PublicIPv6"))
                .backendType(text(attrs, "BackendType"))
                .expiration(expiration);
        if (m.group(3) != null) {
            b.ipv6Subnet(m.group(3) + "/" + m.group(4));
        }
        JsonNode data = attrs.get("BackendData");
        if (data != null && !data.isNull()) {
            b.backendData(data.toString());
        }
        return Optional.of(b.build());
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
