package io.corekube.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PyYAML, the YAML 1.1 reader of Heat and cloud-init, run on many documents at once (tests only). */
public final class PyYaml {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRAM = "import sys, json, yaml\n"
            + "docs = json.load(open(sys.argv[1], encoding='utf-8'))\n"
            + "json.dump([yaml.safe_load(d) for d in docs], open(sys.argv[2], 'w', encoding='utf-8'), default=str)\n";

    private PyYaml() {
    }

    /** Each document as PyYAML reads it, as JSON. */
    public static List<JsonNode> load(List<String> documents) throws Exception {
        Path dir = Files.createTempDirectory("pyyaml");
        try {
            Path in = dir.resolve("in.json");
            Path out = dir.resolve("out.json");
            Path err = dir.resolve("err.txt");
            Files.writeString(in, JSON.writeValueAsString(documents), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("python3", "-c", PROGRAM, in.toString(), out.toString())
                    .redirectErrorStream(false).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "PyYAML took over 2 minutes");
            assertEquals(0, p.exitValue(), () -> "PyYAML could not read a document: " + read(err));
            List<JsonNode> parsed = new ArrayList<>();
            JSON.readTree(out.toFile()).forEach(parsed::add);
            assertEquals(documents.size(), parsed.size());
            return parsed;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Parses every pending document of {@code readbacks}, round after round, until every value is known. */
    static void resolve(List<Readback> readbacks) throws Exception {
        for (int round = 0; round < 4; round++) {
            List<Readback> pending = readbacks.stream().filter(r -> !r.isDone()).toList();
            if (pending.isEmpty()) {
                return;
            }
            List<JsonNode> parsed = load(pending.stream().map(Readback::pendingYaml).toList());
            for (int i = 0; i < pending.size(); i++) {
                pending.get(i).parsed(parsed.get(i));
            }
        }
        assertTrue(readbacks.stream().allMatch(Readback::isDone), "documents nested deeper than 4 levels");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
