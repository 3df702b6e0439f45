package io.corekube.templates.flannel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The docker options flannel's {@code mk-docker-opts.sh} (v0.17.0) writes for a subnet.env: {@code --bip},
 * {@code --ip-masq} (the inverse of FLANNEL_IPMASQ) and {@code --mtu}, as individual {@code DOCKER_OPT_*} lines in
 * alphabetical order and/or one combined line.
 *
 * @param individual write {@code DOCKER_OPT_*} lines ({@code -i})
 * @param combined write the combined line ({@code -c})
 * @param ipMasq write {@code --ip-masq} (no {@code -m})
 * @param combinedKey the combined line's key ({@code -k}, default {@code DOCKER_OPTS})
 * @param existing the value the combined key already had in the environment
 */
public record DockerOptions(boolean individual, boolean combined, boolean ipMasq, String combinedKey, String existing) {

    /** The script's defaults: both kinds of lines, with --ip-masq, key DOCKER_OPTS, nothing existing. */
    public static DockerOptions defaults() {
        return new DockerOptions(true, true, true, "DOCKER_OPTS", "");
    }

    /** The docker env file the script writes for this subnet.env. */
    public String render(String subnetEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : subnetEnv.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Map<String, String> opts = new TreeMap<>();
        if (!env.getOrDefault("FLANNEL_SUBNET", "").isEmpty()) {
            opts.put("DOCKER_OPT_BIP", "--bip=" + env.get("FLANNEL_SUBNET"));
        }
        if (!env.getOrDefault("FLANNEL_MTU", "").isEmpty()) {
            opts.put("DOCKER_OPT_MTU", "--mtu=" + env.get("FLANNEL_MTU"));
        }
        String masq = env.getOrDefault("FLANNEL_IPMASQ", "");
        if (!masq.isEmpty() && ipMasq) {
            switch (masq) {
                case "true" -> opts.put("DOCKER_OPT_IPMASQ", "--ip-masq=false");
                case "false" -> opts.put("DOCKER_OPT_IPMASQ", "--ip-masq=true");
                default -> throw new IllegalArgumentException("Invalid value of FLANNEL_IPMASQ: " + masq);
            }
        }
        boolean both = !individual && !combined;
        StringBuilder out = new StringBuilder();
        StringBuilder joined = new StringBuilder(existing.isEmpty() ? "" : existing + " ");
        opts.forEach((name, value) -> {
            if (individual || both) {
                out.append(name).append("=\"").append(value).append("\"\n");
            }
            joined.append(' ').append(value);
        });
        if (combined || both) {
            out.append(combinedKey).append("=\"").append(joined).append("\"\n");
        }
        return out.toString();
    }
}
