package io.corekube.openstack.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.corekube.openstack.OpenStackMalformedReplyException;
import java.io.IOException;

/** The JSON mapper of the module and the reading of OpenStack's two error shapes. */
public final class OpenStackJson {

    /** Unknown fields ignored. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private OpenStackJson() {
    }

    /** A tree, or an empty object for a body that is not JSON (an HTML page from a proxy). */
    public static JsonNode tree(String body) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            return n == null || n.isMissingNode() ? JSON.createObjectNode() : n;
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    /** A success body as JSON; a body that is not a JSON object is an {@link OpenStackMalformedReplyException}. */
    public static JsonNode strict(String body) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            if (n == null || !n.isObject()) {
                throw new OpenStackMalformedReplyException("answer", "not a JSON object: " + abbreviate(body), null);
            }
            return n;
        } catch (IOException e) {
            throw new OpenStackMalformedReplyException("answer", "not JSON: " + abbreviate(body), e);
        }
    }

    /** A required text field; missing, empty or not text is an {@link OpenStackMalformedReplyException}. */
    public static String required(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new OpenStackMalformedReplyException("answer", "no text field '" + field + "' in " + abbreviate(n.toString()), null);
        }
        return v.asText();
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "...";
    }

    /**
     * What an error body says: Heat's {@code {"explanation", "error": {"message", "type"}, "title"}} or the
     * middleware's {@code {"error": {"code", "title", "message"}}}, or the start of a non-JSON body.
     */
    public static ErrorBody error(String body) {
        JsonNode n = tree(body);
        JsonNode error = n.path("error");
        String message = text(error, "message");
        String type = text(error, "type");
        String explanation = text(n, "explanation");
        String title = text(n, "title").isEmpty() ? text(error, "title") : text(n, "title");
        if (message.isEmpty() && explanation.isEmpty() && title.isEmpty() && n.isEmpty()) {
            String plain = body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
            message = plain.length() > 200 ? plain.substring(0, 200) + "..." : plain;
        }
        return new ErrorBody(title, explanation, message, type);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? v.asText() : "";
    }

    /** The parts of an error body; absent parts are empty. */
    public record ErrorBody(String title, String explanation, String message, String type) {
        /** A one-line description: type, message, explanation. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            if (!type.isEmpty()) {
                b.append(type).append(": ");
            }
            b.append(message.isEmpty() ? explanation : message);
            if (!explanation.isEmpty() && !message.isEmpty() && !message.equals(explanation)) {
                b.append(" (").append(explanation).append(')');
            }
            return b.length() == 0 ? title : b.toString();
        }
    }
}
