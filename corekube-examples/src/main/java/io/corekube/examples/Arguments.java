package io.corekube.examples;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The examples' command lines: {@code --name value} options and {@code --flag}s, checked against what a main knows. */
final class Arguments {

    private final Map<String, String> values = new HashMap<>();

    private Arguments() {
    }

    /** Parses {@code args}; {@code options} take a value, {@code flags} do not; anything else is refused. */
    static Arguments parse(String[] args, List<String> options, List<String> flags, String usage) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                parsed.values.put(name, "true");
            } else if (options.contains(name) && i + 1 < args.length) {
                parsed.values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException((options.contains(name) ? "missing value of " : "unknown argument ")
                        + name + "\nusage: " + usage);
            }
        }
        return parsed;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String require(String name, String usage) {
        return get(name).orElseThrow(() -> new IllegalArgumentException(name + " is required\nusage: " + usage));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int integer(String name, int otherwise) {
        return get(name).map(Integer::parseInt).orElse(otherwise);
    }
}
