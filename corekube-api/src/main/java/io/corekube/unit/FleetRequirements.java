package io.corekube.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The placement requirements of a unit's {@code [X-Fleet]} section, read as fleet reads them (the deprecated
 * {@code X-Condition*} and {@code X-Conflicts} spellings included): {@code MachineID}, {@code MachineOf},
 * {@code MachineMetadata} (quoted multi-values, several values of one key match any), {@code Conflicts}
 * (globs), {@code Global} and {@code Replaces}.
 */
public record FleetRequirements(Optional<String> machineId, List<String> machineOf,
                                Map<String, Set<String>> machineMetadata, List<String> conflicts, boolean global,
                                List<String> replaces) {

    /** The requirements as fleet reads them from {@code unit}, with no specifier expansion. */
    public static FleetRequirements of(UnitFile unit) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (UnitOption o : unit.options()) {
            if (o.section().equals("X-Fleet")) {
                values.computeIfAbsent(o.name(), k -> new ArrayList<>()).addAll(multiValue(o.value()));
            }
        }
        Optional<String> machineId = first(values, "MachineID").or(() -> first(values, "X-ConditionMachineID"))
                .or(() -> first(values, "X-ConditionMachineBootID"));
        List<String> peers = new ArrayList<>(values.getOrDefault("X-ConditionMachineOf", List.of()));
        peers.addAll(values.getOrDefault("MachineOf", List.of()));
        Map<String, Set<String>> metadata = new LinkedHashMap<>();
        for (String key : List.of("X-ConditionMachineMetadata", "MachineMetadata")) {
            for (String pair : values.getOrDefault(key, List.of())) {
                String[] kv = pair.split("=", -1);
                if (kv.length == 2 && !kv[0].isEmpty() && !kv[1].isEmpty()) {
                    metadata.computeIfAbsent(kv[0], k -> new LinkedHashSet<>()).add(kv[1]);
                }
            }
        }
        List<String> conflicts = new ArrayList<>();
        for (String key : List.of("X-Conflicts", "Conflicts")) {
            values.getOrDefault(key, List.of()).forEach(v -> conflicts.addAll(fields(v)));
        }
        List<String> globals = values.getOrDefault("Global", List.of());
        boolean global = !globals.isEmpty() && isTruthy(globals.get(globals.size() - 1));
        return new FleetRequirements(machineId, List.copyOf(peers), metadata, List.copyOf(conflicts), global,
                List.copyOf(values.getOrDefault("Replaces", List.of())));
    }

    /** fleet's refusal of these requirements (its {@code ValidateOptions} message), or empty when fleet accepts them. */
    public Optional<String> problem() {
        for (String peer : new LinkedHashSet<>(machineOf)) {
            for (String conflict : new LinkedHashSet<>(conflicts)) {
                if (globMatches(conflict, peer)) {
                    return Optional.of("unresolvable requirements: peer \"" + peer + "\" matches conflict \"" + conflict + "\"");
                }
            }
            for (String replace : new LinkedHashSet<>(replaces)) {
                if (globMatches(replace, peer)) {
                    return Optional.of("unresolvable requirements: peer \"" + peer + "\" matches replace \"" + replace + "\"");
                }
            }
        }
        boolean peers = !machineOf.isEmpty();
        boolean conflicting = !conflicts.isEmpty();
        boolean replacing = !replaces.isEmpty();
        boolean target = machineId.isPresent();
        if (target && peers) {
            return Optional.of("MachineID cannot be used with Peers");
        } else if (target && conflicting) {
            return Optional.of("MachineID cannot be used with Conflicts");
        } else if (target && global) {
            return Optional.of("MachineID cannot be used with Global");
        } else if (target && replacing) {
            return Optional.of("MachineID cannot be used with Replaces");
        } else if (global && peers) {
            return Optional.of("Global cannot be used with Peers");
        } else if (global && replacing) {
            return Optional.of("Global cannot be used with Replaces");
        } else if (conflicting && replacing) {
            return Optional.of("Conflicts cannot be used with Replaces");
        }
        return Optional.empty();
    }

    /** True when {@code metadata} satisfies every required key (any of its values). */
    public boolean metadataMatches(Map<String, String> metadata) {
        return machineMetadata.entrySet().stream()
                .allMatch(e -> metadata.containsKey(e.getKey()) && e.getValue().contains(metadata.get(e.getKey())));
    }

    /**
     * Go's {@code path.Match} as fleet uses it ({@code * ? [..] \\}, {@code *} never matching {@code /}; a malformed
     * pattern matches nothing); never backtracks: at most about |pattern| x |name| steps, whatever the pattern.
     */
    public static boolean globMatches(String glob, String name) {
        return GoPathMatch.matches(glob, name);
    }

    private static Optional<String> first(Map<String, List<String>> values, String key) {
        List<String> list = values.getOrDefault(key, List.of());
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    /** fleet's parseMultivalueLine: {@code "a=b" "c=d"} is two values; anything else is one. */
    static List<String> multiValue(String line) {
        if (line.length() < 1 || !line.startsWith("\"") || !line.endsWith("\"")) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    /** Go's {@code strings.Fields}, as fleet's splitCombine uses it: words between runs of Go white space. */
    private static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean space = i == s.length() || GoText.isSpace(s.charAt(i));
            if (space && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        return out;
    }

    private static boolean isTruthy(String s) {
        return Set.of("true", "yes", "1", "on", "t").contains(s.toLowerCase(java.util.Locale.ROOT));
    }
}
