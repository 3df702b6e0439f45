package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.fuzz.HostileStrings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML writer against PyYAML, the YAML 1.1 reader Heat and cloud-init use: every hostile string, written as a
 * value, reads back as the same string (never a number, boolean, null, date or a second key).
 */
class YamlRoundTripTest {

    @Test
    void everyHostileStringReadsBackUnchangedInPyYaml(@TempDir Path dir) throws Exception {
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
        Path yaml = dir.resolve("doc.yaml");
        Files.writeString(yaml, Yaml.write(doc), StandardCharsets.UTF_8);
        JsonNode back = pyYamlToJson(yaml);
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

    static JsonNode pyYamlToJson(Path yaml) throws Exception {
        Process p = new ProcessBuilder("python3", "-c",
                "import sys, json, yaml\n"
                        + "doc = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
                        + "sys.stdout.write(json.dumps(doc, default=str))", yaml.toString())
                .redirectError(yaml.resolveSibling("pyyaml.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> "PyYAML could not read the document: " + read(yaml.resolveSibling("pyyaml.err")));
        return new ObjectMapper().readTree(out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static String show(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().limit(40).forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
