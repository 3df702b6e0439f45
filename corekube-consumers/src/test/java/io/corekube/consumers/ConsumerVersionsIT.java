package io.corekube.consumers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The consumer builds (run by the invoker just before this test) resolved exactly the third-party versions this
 * build compiled and tested Corekube with, though they import nothing of Corekube's but {@code corekube-bom}.
 */
class ConsumerVersionsIT {

    private static final Path TARGET = Path.of("target");
    private static final Pattern LINE = Pattern.compile("^\\s*([^:\\s]+):([^:]+):[^:]+:(?:[^:]+:)?([^:]+):(compile|runtime|test|provided)");

    @Test
    void everyConsumerResolvesTheTestedVersions() throws IOException {
        Map<String, String> tested = read(TARGET.resolve("tested-dependencies.txt"));
        assertTrue(tested.containsKey("io.netty:netty-common"), "the tested list has netty: " + tested.keySet());
        for (String consumer : new String[] {"junit-simulator", "classpath-main", "module-path"}) {
            Map<String, String> resolved = read(TARGET.resolve("it").resolve(consumer).resolve("target/runtime-dependencies.txt"));
            assertFalse(resolved.isEmpty(), consumer);
            Map<String, String> differing = new TreeMap<>();
            resolved.forEach((artifact, version) -> {
                if (tested.containsKey(artifact) && !tested.get(artifact).equals(version)) {
                    differing.put(artifact, version + " (tested: " + tested.get(artifact) + ")");
                }
            });
            assertEquals(Map.of(), differing, consumer + " resolved versions this build did not test");
            System.out.println(consumer + ": " + summary(resolved));
        }
    }

    @Test
    void theClassPathConsumerResolvesOneVersionOfEachFamily() throws IOException {
        Map<String, String> resolved = read(TARGET.resolve("it/classpath-main/target/runtime-dependencies.txt"));
        for (String family : new String[] {"io.netty:", "io.grpc:", "com.fasterxml.jackson.core:jackson-databind", "com.squareup.okhttp3:"}) {
            long versions = resolved.entrySet().stream().filter(e -> e.getKey().startsWith(family))
                    .map(Map.Entry::getValue).distinct().count();
            assertEquals(1, versions, family + " in " + resolved);
        }
    }

    @Test
    void consumersGetNeitherMicrometerUnaskedNorGrpcWithoutEtcd() throws IOException {
        for (String consumer : new String[] {"junit-simulator", "classpath-main", "module-path"}) {
            Map<String, String> resolved = read(TARGET.resolve("it").resolve(consumer).resolve("target/runtime-dependencies.txt"));
            assertTrue(resolved.keySet().stream().noneMatch(a -> a.startsWith("io.micrometer:")), consumer + ": " + resolved.keySet());
        }
        Map<String, String> lean = read(TARGET.resolve("it/module-path/target/runtime-dependencies.txt"));
        assertTrue(lean.keySet().stream().noneMatch(a -> a.startsWith("io.grpc:") || a.startsWith("io.netty:")),
                "api, templates and fleet bring no gRPC or netty: " + lean.keySet());
    }

    /** groupId:artifactId to version, from a {@code dependency:list} output file. */
    static Map<String, String> read(Path list) throws IOException {
        Map<String, String> versions = new TreeMap<>();
        try (Stream<String> lines = Files.lines(list)) {
            lines.map(LINE::matcher).filter(Matcher::find).forEach(m -> versions.put(m.group(1) + ":" + m.group(2), m.group(3)));
        }
        return versions;
    }

    private static String summary(Map<String, String> resolved) {
        StringBuilder out = new StringBuilder();
        for (String family : new String[] {"io.netty:netty-common", "io.grpc:grpc-core", "com.fasterxml.jackson.core:jackson-databind",
                "com.squareup.okhttp3:okhttp-jvm"}) {
            out.append(family).append('=').append(resolved.getOrDefault(family, "absent")).append(' ');
        }
        return out.toString().trim();
    }
}
