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

    /**
     * Checks what lands in the env file: the key is a shell variable name, and the existing value holds no line
     * break, control character, quote, backslash, {@code $} or backtick (it is written inside double quotes).
     */
    public DockerOptions {
        if (combinedKey == null || !combinedKey.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
            throw FlannelConfigException.sdk("combinedKey must be a shell variable name ([A-Za-z_][A-Za-z0-9_]*)");
        }
        if (existing == null || !existing.matches("[^\\x00-\\x1f\\x7f\"'`$\\\\\\u0085\\u2028\\u2029]{0,4096}")) {
            throw FlannelConfigException.sdk("existing docker options may not hold line breaks, control characters, quotes,"
                    + " backslashes, $ or backticks");
        }
    }

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
        String subnet = env.getOrDefault("FLANNEL_SUBNET", "");
        if (!subnet.isEmpty()) {
            Cidr4.parse(subnet);
        }
        String mtu = env.getOrDefault("FLANNEL_MTU", "");
        if (!mtu.matches("|[1-9][0-9]{0,4}") || !mtu.isEmpty() && Integer.parseInt(mtu) > 65535) {
            throw FlannelConfigException.sdk("FLANNEL_MTU must be a number from 1 to 65535, got " + mtu.length() + " characters");
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
                default -> throw FlannelConfigException.sdk("Invalid value of FLANNEL_IPMASQ: must be true or false");
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
