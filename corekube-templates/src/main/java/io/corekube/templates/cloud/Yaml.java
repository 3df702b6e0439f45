package io.corekube.templates.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * The module's YAML writer: every single-line string double-quoted (so that no YAML 1.1 reader, such as Heat's
 * and cloud-init's PyYAML, reads {@code 0x1F}, {@code 12:30:00}, {@code yes}, {@code null} or {@code <<} as
 * anything but that string), multi-line strings as literal blocks, no document start marker. A document with a
 * multi-line string holding U+0085, U+2028 or U+2029 (line breaks to YAML 1.1, which a literal block cannot
 * escape) is written with every string double-quoted and escaped instead.
 */
final class Yaml {

    static final ObjectMapper MAPPER = mapper(true);
    private static final ObjectMapper QUOTED = mapper(false);

    private Yaml() {
    }

    private static ObjectMapper mapper(boolean literalBlocks) {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .configure(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE, literalBlocks)
                .build();
        return new ObjectMapper(factory);
    }

    static String write(JsonNode tree) {
        try {
            return (hasBlockBreakingText(tree) ? QUOTED : MAPPER).writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    private static boolean hasBlockBreakingText(JsonNode node) {
        if (node.isTextual()) {
            String s = node.textValue();
            return s.indexOf('\n') >= 0 && (s.indexOf('\u0085') >= 0 || s.indexOf('\u2028') >= 0 || s.indexOf('\u2029') >= 0);
        }
        for (JsonNode child : node) {
            if (hasBlockBreakingText(child)) {
                return true;
            }
        }
        return false;
    }
}
