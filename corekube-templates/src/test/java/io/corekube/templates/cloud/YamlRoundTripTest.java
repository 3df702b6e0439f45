package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.fuzz.HostileStrings;
import io.corekube.templates.PyYaml;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The YAML writer against PyYAML, the YAML 1.1 reader Heat and cloud-init use: every hostile string, written as a
 * value, reads back as the same string (never a number, boolean, null, date or a second key).
 */
class YamlRoundTripTest {

    @Test
    void everyHostileStringReadsBackUnchangedInPyYaml() throws Exception {
        List<String> values = new ArrayList<>();
        for (HostileStrings.Case c : HostileStrings.all()) {
            if (c.value().chars().noneMatch(ch -> Character.isSurrogate((char) ch))) {
                values.add(c.value());
                values.add("multi\nline\n" + c.value() + "\n");
            }
        }
        ObjectNode doc = Yaml.MAPPER.createObjectNode();
        for (int i = 0; i < values.size(); i++) {
            doc.put("v" + i, values.get(i));
        }
        JsonNode back = PyYaml.load(List.of(Yaml.write(doc))).get(0);
        int checked = 0;
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = back.get("v" + i);
            assertTrue(v != null && v.isTextual(), "v" + i + " " + show(values.get(i)) + " read back as " + v);
            assertEquals(values.get(i), v.textValue(), "v" + i);
            checked++;
        }
        assertEquals(values.size(), back.size(), "no key added or lost");
        assertTrue(checked > 200, "checked " + checked);
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(40).forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
