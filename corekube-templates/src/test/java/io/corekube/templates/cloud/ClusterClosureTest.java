package io.corekube.templates.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.templates.TestRoles;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.templates.kubernetes.KubernetesRoles.Profile;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The closure of a rendered cluster of one master and three minions, in each profile: every file, socket and binary
 * that a unit or a config file reads has a producer that runs before it on the same machine: the cloud-config's
 * {@code write_files}, an earlier step of the same unit, a unit it is ordered after ({@code After=}, transitively), or
 * the image's documented contents ({@code reference/images/*.tsv}). What programs read or write by themselves comes
 * from {@code reference/programs.tsv}, each line with its source. A failure names the machine, the consumer and the path.
 */
class ClusterClosureTest {

    private static final Pattern ABSOLUTE = Pattern.compile("(?<![A-Za-z0-9_.:=/-])(/(?:[A-Za-z0-9_.@-]+/?)+)");
    /** Flags naming what the program writes (its output), not what it reads. */
    private static final Set<String> OUTPUT_FLAGS = Set.of("--data-dir", "--cert-dir", "--output", "--directory");

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everythingAUnitReadsHasAProducerThatRunsBeforeIt(Profile profile) throws Exception {
        KubernetesRoles roles = TestRoles.of(profile);
        StackSpec spec = StackSpec.defaults("image", "key", "public").withMinions(3);
        Map<String, String> configs = ClusterTemplate.cloudConfigs(spec, roles);
        Machine master = machine("m0", "10.10.10.4", "master");
        List<Machine> machines = List.of(master, machine("n1", "10.10.10.5", "minion"), machine("n2", "10.10.10.6", "minion"),
                machine("n3", "10.10.10.7", "minion"));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Machine m : machines) {
            String kind = m.role().orElseThrow();
            Node node = new Node(m.id() + " (" + kind + ")", profile);
            node.cloudConfig(Yaml.MAPPER.readTree(configs.get(kind)));
            for (RoleStage stage : roles.render(kind, m, Optional.of(master))) {
                stage.units().forEach(u -> node.unit(u.submission().name(), u.submission().unit()));
            }
            checked += node.check(missing);
        }
        assertEquals(List.of(), missing, "unproduced reads in " + profile);
        assertTrue(checked > 40, "reads checked: " + checked);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void theCheckNamesWhatIsMissing(Profile profile) throws Exception {
        KubernetesRoles roles = TestRoles.of(profile);
        Map<String, String> configs = ClusterTemplate.cloudConfigs(StackSpec.defaults("image", "key", "public"), roles);
        Machine master = machine("m0", "10.10.10.4", "master");
        Node node = new Node("m0", profile);
        JsonNode config = Yaml.MAPPER.readTree(configs.get("master"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).remove("write_files");
        node.cloudConfig(config);
        for (RoleStage stage : roles.render("master", master, Optional.of(master))) {
            stage.units().forEach(u -> node.unit(u.submission().name(), u.submission().unit()));
        }
        List<String> missing = new ArrayList<>();
        node.check(missing);
        String expected = profile == Profile.CURRENT ? "reads /etc/kubernetes/kube-etcd.env: nothing produces it"
                : "reads /run/discovery_ip_port: nothing produces it";
        assertTrue(missing.stream().anyMatch(l -> l.contains(expected)), String.join("\n", missing));
    }

    private static Machine machine(String id, String ip, String role) {
        return Machine.builder().id(id.repeat(16).substring(0, 32).replaceAll("[^0-9a-f]", "a")).primaryIp(ip)
                .putMetadata("kubernetes_role", role).build();
    }

    /** One machine: its files, its units (cloud-config, drop-ins and fleet's), its image and its programs' habits. */
    private static final class Node {
        private final String name;
        private final Profile profile;
        private final Map<String, String> files = new LinkedHashMap<>();
        private final Map<String, List<UnitOption>> units = new LinkedHashMap<>();
        private final Set<String> imagePaths = new HashSet<>();
        private final Set<String> imageUnits = new HashSet<>();
        private final List<String[]> programs = new ArrayList<>();

        Node(String name, Profile profile) throws IOException {
            this.name = name;
            this.profile = profile;
            for (String[] row : table("reference/images/" + (profile == Profile.CURRENT ? "flatcar" : "coreos-2016") + ".tsv")) {
                (row[0].equals("unit") ? imageUnits : imagePaths).add(row[1]);
            }
            for (String[] row : table("reference/programs.tsv")) {
                if (row[0].equals("*") || row[0].equals(profile.name().toLowerCase(Locale.ROOT))) {
                    programs.add(row);
                }
            }
        }

        void cloudConfig(JsonNode config) {
            for (JsonNode f : config.path("write_files")) {
                files.put(f.path("path").asText(), f.path("encoding").asText().isEmpty() ? f.path("content").asText() : "");
            }
            for (JsonNode u : config.path("coreos").path("units")) {
                String unit = u.path("name").asText();
                units.computeIfAbsent(unit, n -> new ArrayList<>());
                if (u.has("content")) {
                    units.get(unit).addAll(UnitFile.parse(u.path("content").asText()).options());
                }
            }
            files.forEach((path, content) -> {
                Matcher dropIn = Pattern.compile("/etc/systemd/system/([^/]+)\\.d/[^/]+\\.conf").matcher(path);
                if (dropIn.matches()) {
                    units.computeIfAbsent(dropIn.group(1), n -> new ArrayList<>()).addAll(UnitFile.parse(content).options());
                }
            });
        }

        void unit(String unitName, UnitFile unit) {
            units.computeIfAbsent(unitName, n -> new ArrayList<>()).addAll(unit.options());
        }

        /** Checks every read of every unit; adds a line per unproduced or unordered read; returns the reads checked. */
        int check(List<String> missing) {
            Map<String, String> producers = new LinkedHashMap<>();
            files.keySet().forEach(p -> producers.put(p, "write_files"));
            imagePaths.forEach(p -> producers.put(p, "image"));
            Map<String, List<String>> reads = new LinkedHashMap<>();
            for (Map.Entry<String, List<UnitOption>> u : units.entrySet()) {
                List<String> unitReads = new ArrayList<>();
                for (UnitOption o : u.getValue()) {
                    if (o.section().equals("Service") && o.name().equals("EnvironmentFile") && !o.value().startsWith("-")) {
                        unitReads.add(o.value());
                    }
                    if (o.section().equals("Service") && o.name().startsWith("Exec") && !o.value().isEmpty()) {
                        command(o.value(), u.getKey(), unitReads, producers);
                    }
                }
                reads.put(u.getKey(), unitReads);
            }
            int checked = 0;
            for (Map.Entry<String, List<String>> u : reads.entrySet()) {
                Deque<String> pending = new ArrayDeque<>(u.getValue());
                Set<String> seen = new HashSet<>();
                while (!pending.isEmpty()) {
                    String path = pending.pop();
                    if (!seen.add(path)) {
                        continue;
                    }
                    checked++;
                    String verdict = produced(path, u.getKey(), producers);
                    if (verdict != null) {
                        missing.add(name + ": " + u.getKey() + " reads " + path + ": " + verdict);
                        continue;
                    }
                    pending.addAll(implied(path));
                }
            }
            return checked;
        }

        /** Null when {@code path} is produced before {@code consumer}, else why not. */
        private String produced(String path, String consumer, Map<String, String> producers) {
            List<String> candidates = new ArrayList<>();
            producers.forEach((p, who) -> {
                if (p.equals(path) || p.startsWith(path.endsWith("/") ? path : path + "/")) {
                    candidates.add(who);
                }
            });
            if (candidates.isEmpty()) {
                return "nothing produces it";
            }
            for (String who : candidates) {
                if (who.equals("write_files") || who.equals("image") || who.equals(consumer) || after(consumer).contains(who)) {
                    return null;
                }
            }
            return "produced by " + candidates + ", which " + consumer + " is not ordered after";
        }

        private Set<String> after(String unit) {
            Set<String> out = new TreeSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(unit));
            while (!pending.isEmpty()) {
                for (UnitOption o : units.getOrDefault(pending.pop(), List.of())) {
                    if (o.section().equals("Unit") && o.name().equals("After")) {
                        for (String a : o.value().trim().split("\\s+")) {
                            if (out.add(a)) {
                                pending.add(a);
                            }
                        }
                    }
                }
            }
            return out;
        }

        /** What reading {@code path} implies: the paths a config file names, and what a program reads by itself. */
        private List<String> implied(String path) {
            List<String> out = new ArrayList<>();
            for (String[] p : programs) {
                if (p[1].equals(path) && p[2].equals("reads")) {
                    out.add(p[3]);
                }
            }
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (f.getKey().equals(path) || f.getKey().startsWith(path + "/")) {
                    out.addAll(pathsIn(f.getKey(), f.getValue()));
                }
            }
            return out;
        }

        private List<String> pathsIn(String file, String content) {
            List<String> out = new ArrayList<>();
            // add-on manifests describe pods (their paths are inside containers); env files hold URLs; drop-ins are units
            if (content.isBlank() || file.endsWith(".env") || file.startsWith("/etc/systemd/") || file.startsWith("/srv/kubernetes/addons/")) {
                return out;
            }
            try {
                JsonNode json = new ObjectMapper().readTree(content);
                collect(json, out);
                if (file.startsWith("/etc/cni/net.d/")) {
                    json.path("plugins").forEach(p -> out.add("/opt/cni/bin/" + p.path("type").asText()));
                }
            } catch (IOException notJson) {
                Matcher m = Pattern.compile("\"(/[^\"]+)\"").matcher(content);
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
            return out;
        }

        private static void collect(JsonNode node, List<String> out) {
            if (node.isTextual()) {
                String text = node.asText();
                if (text.startsWith("unix://")) {
                    out.add(text.substring("unix://".length()));
                } else if (text.startsWith("/") && !text.contains(" ") && !text.contains("\n")) {
                    out.add(text);
                }
            }
            node.forEach(child -> collect(child, out));
        }

        /** The reads of one command line; its products (curl's output, mv's target, tar's members, mkdir's directories) go to {@code producers}. */
        private void command(String line, String unit, List<String> reads, Map<String, String> producers) {
            List<String> argv = io.corekube.templates.CommandLines.words(line.replaceFirst("^[-@+!:]+", ""));
            String program = argv.get(0);
            reads.add(program);
            for (String[] p : programs) {
                if (p[1].equals(program) && p[2].equals("writes")) {
                    producers.putIfAbsent(p[3], unit);
                }
            }
            String base = program.substring(program.lastIndexOf('/') + 1);
            switch (base) {
                case "mkdir" -> argv.stream().skip(1).filter(a -> a.startsWith("/")).forEach(a -> producers.putIfAbsent(a, unit));
                case "curl" -> producers.putIfAbsent(argv.get(argv.indexOf("--output") + 1), unit);
                case "mv" -> {
                    reads.add(argv.get(argv.size() - 2));
                    producers.putIfAbsent(argv.get(argv.size() - 1), unit);
                }
                case "tar" -> tar(argv, unit, reads, producers);
                case "rm" -> { }
                default -> arguments(argv, reads);
            }
        }

        private static void tar(List<String> argv, String unit, List<String> reads, Map<String, String> producers) {
            reads.add(argv.get(argv.indexOf("--file") + 1));
            String dir = argv.get(argv.indexOf("--directory") + 1);
            int strip = argv.stream().filter(a -> a.startsWith("--strip-components=")).findFirst()
                    .map(a -> Integer.parseInt(a.substring(a.indexOf('=') + 1))).orElse(0);
            for (String a : argv) {
                if (!a.startsWith("-") && !a.startsWith("/") && !a.equals(argv.get(0)) && a.contains("/")) {
                    String[] parts = a.replaceFirst("^\\./", "./").split("/");
                    producers.putIfAbsent(dir + "/" + String.join("/", List.of(parts).subList(Math.min(strip, parts.length - 1), parts.length)), unit);
                }
            }
        }

        private static void arguments(List<String> argv, List<String> reads) {
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : "";
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : a;
                if (OUTPUT_FLAGS.contains(flag)) {
                    continue;
                }
                if (value.startsWith("unix://")) {
                    reads.add(value.substring("unix://".length()));
                } else if (value.startsWith("/")) {
                    reads.add(value);
                } else if (i == 2 && argv.get(1).equals("-c")) {
                    Matcher m = ABSOLUTE.matcher(a);
                    while (m.find()) {
                        reads.add(m.group(1));
                    }
                }
            }
        }

        private static List<String[]> table(String resource) throws IOException {
            try (InputStream in = ClusterClosureTest.class.getClassLoader().getResourceAsStream(resource)) {
                List<String[]> rows = new ArrayList<>();
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        rows.add(line.split("\t"));
                    }
                }
                return rows;
            }
        }
    }
}
