package io.corekube.templates.flannel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;

/** How Go's encoding/json reads flannel's config: syntax errors and type errors in Go's words. */
final class GoJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).disable(JsonParser.Feature.ALLOW_COMMENTS).build();
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private GoJson() {
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
    static String typeProblem(String field, JsonNode value) {
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
                boolean fits = value.isIntegralNumber() && value.bigIntegerValue().signum() >= 0
                        && value.bigIntegerValue().compareTo(UINT64_MAX) <= 0;
                return fits ? null : "json: cannot unmarshal number " + value.asText() + where + "uint";
            }
            default -> {
                return null;
            }
        }
    }

    /** What flannel's custom unmarshalers see: the raw JSON text with quotes trimmed. */
    static String unquoted(JsonNode n) {
        String raw = n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
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
