package io.corekube.templates.flannel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** How Go's encoding/json reads flannel's config: syntax errors and type errors in Go's words. */
final class GoJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).disable(JsonParser.Feature.ALLOW_COMMENTS).build();
    private static final JsonFactory FACTORY = STRICT.getFactory();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoJson() {
    }

    /** One member of the top-level object, in document order, with its raw JSON text (what an UnmarshalJSON sees). */
    record Member(String name, JsonNode value, String raw) {
    }

    /**
     * The config as Go decodes it: syntax errors in Go's words, then every member of the top-level object in document
     * order, duplicates included (Go decodes each one in turn); nested objects keep the last of duplicate keys, placed
     * where that last one stood, so that the last case-insensitive match is the one Go keeps.
     */
    static List<Member> members(String json) {
        JsonNode tree = read(json);
        if (!tree.isObject()) {
            throw FlannelConfigException.flannel("json: cannot unmarshal " + kind(tree) + " into Go value of type subnet.Config");
        }
        List<Member> members = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                long start = p.currentTokenLocation().getCharOffset();
                JsonNode value = tree(p);
                long end = p.currentLocation().getCharOffset();
                members.add(new Member(name, value, json.substring((int) start, (int) end)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the config was read once already", e);
        }
        return members;
    }

    /** A value as Go sees it: of duplicate keys the last one wins and stands where it was written last. */
    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    JsonNode value = tree(p);
                    object.remove(name);
                    object.set(name, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(tree(p));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return nodes.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                p.getText();
                return nodes.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(p.getBooleanValue());
            }
            default -> {
                return nodes.nullNode();
            }
        }
    }

    /**
     * True when Go's encoding/json (1.19) matches JSON key {@code key} to struct field {@code field}: exactly, or
     * ignoring ASCII case, where the Kelvin sign matches k and the long s matches s; no other non-ASCII letter folds.
     */
    static boolean matches(String field, String key) {
        if (field.equals(key)) {
            return true;
        }
        String folded = key.replace('\u212A', 'k').replace('\u017F', 's');
        if (folded.length() != field.length() || !folded.chars().allMatch(c -> c < 0x80)) {
            return false;
        }
        return folded.equalsIgnoreCase(field);
    }

    /** The member of a decoded object Go assigns to {@code field}: the last key that matches it. */
    static JsonNode field(JsonNode object, String field) {
        JsonNode found = null;
        for (var it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            if (matches(field, e.getKey())) {
                found = e.getValue();
            }
        }
        return found;
    }

    static JsonNode read(String json) {
        String s = json == null ? "" : json;
        String trimmed = s.strip();
        if (trimmed.isEmpty()) {
            throw FlannelConfigException.flannel("unexpected end of JSON input");
        }
        char first = trimmed.charAt(0);
        if ("{[\"-0123456789tfn".indexOf(first) < 0) {
            throw FlannelConfigException.flannel("invalid character '" + first + "' looking for beginning of value");
        }
        try {
            return STRICT.readTree(s);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("end-of-input") || message.contains("Unexpected end")) {
                throw FlannelConfigException.flannel("unexpected end of JSON input");
            }
            if (message.contains("Trailing token")) {
                throw FlannelConfigException.flannel("invalid character after top-level value");
            }
            // never the parser's own words: they quote the offending token, which may be a pre-shared key
            throw FlannelConfigException.flannel("invalid JSON" + where(e));
        }
    }

    private static String where(IOException e) {
        return e instanceof JsonProcessingException p && p.getLocation() != null
                ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() : "";
    }

    static String kind(JsonNode n) {
        return n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "bool"
                : n.isArray() ? "array" : n.isObject() ? "object" : "null";
    }

    /** Go's UnmarshalTypeError for the field, or null when the value fits it. */
    static String typeProblem(String field, JsonNode value, String raw) {
        if (value.isNull()) {
            return null;
        }
        String where = " into Go struct field Config." + field + " of type ";
        switch (field) {
            case "EnableIPv4", "EnableIPv6" -> {
                return value.isBoolean() ? null : "json: cannot unmarshal " + kind(value) + where + "bool";
            }
            case "SubnetLen", "IPv6SubnetLen" -> {
                if (!value.isNumber()) {
                    return "json: cannot unmarshal " + kind(value) + where + "uint";
                }
                // strconv.ParseUint: ASCII digits only (no sign, fraction or exponent), at most 2^64 - 1
                boolean fits = raw.matches("[0-9]{1,20}") && new BigInteger(raw).compareTo(UINT64_MAX) <= 0;
                return fits ? null : "json: cannot unmarshal number " + raw + where + "uint";
            }
            default -> {
                return null;
            }
        }
    }

    /** What flannel's custom unmarshalers parse: the raw JSON text (escapes as written) with quotes trimmed. */
    static String unquoted(String raw) {
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) == '"') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) == '"') {
            end--;
        }
        return raw.substring(start, end);
    }
}
