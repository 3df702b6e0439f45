package io.corekube.templates.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import io.corekube.value.InvalidValueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each server's user data as Heat will give it to Nova, measured before anything is created: the template's
 * {@code str_replace} with the stack's parameters filled in and the longest values Heat itself substitutes (an
 * address, a random key, a wait condition's signal URL and token). Nova refuses user data longer than 65,535
 * base64 characters, 49,149 bytes (measured on a real Nova 26): {@link #check} refuses it first, with a
 * {@link UserDataTooLargeException} naming the server, instead of a stack that fails half created.
 */
public final class UserDataBudget {

    /** Nova's limit on a server's user data, in bytes before base64. */
    public static final int NOVA_USER_DATA_BYTES = 49_149;

    private static final int LONGEST_SIGNAL_URL = 512;
    private static final int LONGEST_TOKEN = 256;

    private UserDataBudget() {
    }

    /** The largest user data each server of {@code template} can get with {@code parameters}, in bytes, by resource name. */
    public static Map<String, Integer> sizes(String template, Map<String, String> parameters) {
        Map<String, Integer> out = new LinkedHashMap<>();
        userData(template, parameters).forEach((server, text) -> out.put(server, text.getBytes(StandardCharsets.UTF_8).length));
        return out;
    }

    /**
     * Each server's user data, by resource name, as Heat will fill it in: the parameters' values, and the longest
     * values of what Heat substitutes itself.
     */
    public static Map<String, String> userData(String template, Map<String, String> parameters) {
        JsonNode resources;
        try {
            resources = Yaml.MAPPER.readTree(template).path("resources");
        } catch (IOException e) {
            throw new InvalidValueException("template", "HOT template", "not YAML: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        resources.fields().forEachRemaining(r -> {
            JsonNode props = r.getValue().path("properties");
            JsonNode userData = r.getValue().path("type").asText().equals("OS::Heat::ResourceGroup")
                    ? props.path("resource_def").path("properties").path("user_data") : props.path("user_data");
            if (!userData.isMissingNode()) {
                out.put(r.getKey(), fill(userData, parameters));
            }
        });
        return out;
    }

    /** Refuses a stack whose servers' user data would exceed Nova's limit. */
    public static void check(String template, Map<String, String> parameters) {
        sizes(template, parameters).forEach((server, bytes) -> {
            if (bytes > NOVA_USER_DATA_BYTES) {
                throw new UserDataTooLargeException(server, bytes);
            }
        });
    }

    private static String fill(JsonNode userData, Map<String, String> parameters) {
        if (userData.isTextual()) {
            return userData.asText();
        }
        JsonNode replace = userData.path("str_replace");
        String text = replace.path("template").asText();
        Iterator<Map.Entry<String, JsonNode>> params = replace.path("params").fields();
        while (params.hasNext()) {
            Map.Entry<String, JsonNode> p = params.next();
            text = text.replace(p.getKey(), value(p.getKey(), p.getValue(), parameters));
        }
        return text;
    }

    private static String value(String placeholder, JsonNode source, Map<String, String> parameters) {
        if (source.has("get_param")) {
            String name = source.path("get_param").asText();
            return parameters.getOrDefault(name, "");
        }
        if (placeholder.equals(ClusterTemplate.WC_ENDPOINT)) {
            return "x".repeat(LONGEST_SIGNAL_URL);
        }
        if (placeholder.equals(ClusterTemplate.WC_TOKEN)) {
            return "x".repeat(LONGEST_TOKEN);
        }
        if (placeholder.equals(ClusterTemplate.CLUSTER_UUID)) {
            return "x".repeat(32);
        }
        return "255.255.255.255";
    }

    /** A server's user data would be longer than Nova accepts. */
    public static final class UserDataTooLargeException extends InvalidValueException {
        private static final long serialVersionUID = 1L;

        UserDataTooLargeException(String server, int bytes) {
            super(server + " user_data", "user data within Nova's limit", String.format("%,d bytes once Heat fills it in; Nova accepts %,d"
                    + " (65,535 base64 characters): smaller credentials or files, or fewer of them", bytes, NOVA_USER_DATA_BYTES));
        }
    }
}
