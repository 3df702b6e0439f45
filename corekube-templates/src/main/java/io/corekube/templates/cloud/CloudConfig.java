package io.corekube.templates.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CoreOS {@code #cloud-config}: etcd (discovery URL, client and peer addresses), fleet (public IP, metadata),
 * update settings, systemd units (with their content as checked {@link UnitFile}s) and files to write. Every
 * value goes through the YAML writer, so no value can add a key; metadata keys and values are checked for
 * fleet's {@code k=v,k2=v2} syntax.
 */
public final class CloudConfig {

    private static final Pattern METADATA = Pattern.compile("[A-Za-z0-9_.-]+");

    /**
     * A unit of the cloud-config.
     *
     * @param name the unit's name
     * @param command {@code start}, {@code restart} or empty (only written)
     * @param content the unit file, absent for units the image has
     */
    public record Unit(String name, Optional<String> command, Optional<UnitFile> content) {
    }

    /**
     * A file to write.
     *
     * @param path absolute path
     * @param permissions octal mode, e.g. {@code 0644}
     * @param content the file's text
     */
    public record File(String path, String permissions, String content) {
    }

    private final Map<String, String> etcd;
    private final Map<String, String> fleetMetadata;
    private final Optional<String> fleetPublicIp;
    private final List<Unit> units;
    private final List<File> files;

    private CloudConfig(Builder b) {
        this.etcd = Map.copyOf(b.etcd);
        this.fleetMetadata = Map.copyOf(b.fleetMetadata);
        this.fleetPublicIp = Optional.ofNullable(b.fleetPublicIp);
        this.units = List.copyOf(b.units);
        this.files = List.copyOf(b.files);
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cloud-config text, starting with {@code #cloud-config}. */
    public String toYaml() {
        ObjectNode root = Yaml.MAPPER.createObjectNode();
        ObjectNode coreos = root.putObject("coreos");
        if (!etcd.isEmpty()) {
            ObjectNode e = coreos.putObject("etcd");
            new java.util.TreeMap<>(etcd).forEach(e::put);
        }
        if (fleetPublicIp.isPresent() || !fleetMetadata.isEmpty()) {
            ObjectNode fleet = coreos.putObject("fleet");
            fleetPublicIp.ifPresent(ip -> fleet.put("public-ip", ip));
            if (!fleetMetadata.isEmpty()) {
                List<String> pairs = new ArrayList<>();
                new java.util.TreeMap<>(fleetMetadata).forEach((k, v) -> pairs.add(k + "=" + v));
                fleet.put("metadata", String.join(",", pairs));
            }
        }
        ObjectNode update = coreos.putObject("update");
        update.put("group", "stable");
        update.put("reboot-strategy", "off");
        ArrayNode unitList = coreos.putArray("units");
        for (Unit u : units) {
            ObjectNode n = unitList.addObject();
            n.put("name", u.name());
            u.command().ifPresent(c -> n.put("command", c));
            u.content().ifPresent(c -> n.put("content", c.serialize()));
        }
        if (!files.isEmpty()) {
            ArrayNode w = root.putArray("write_files");
            for (File f : files) {
                w.addObject().put("path", f.path()).put("permissions", f.permissions()).put("content", f.content());
            }
        }
        return "#cloud-config\n" + Yaml.write(root);
    }

    @Override
    public String toString() {
        return toYaml();
    }

    /** Settings of a cloud-config. */
    public static final class Builder {
        private final Map<String, String> etcd = new LinkedHashMap<>();
        private final Map<String, String> fleetMetadata = new LinkedHashMap<>();
        private String fleetPublicIp;
        private final List<Unit> units = new ArrayList<>();
        private final List<File> files = new ArrayList<>();

        private Builder() {
        }

        /** etcd's discovery URL and its client and peer addresses (e.g. {@code $private_ipv4:4001}). */
        public Builder etcd(String discoveryUrl, String addr, String peerAddr) {
            etcd.put("discovery", discoveryUrl);
            etcd.put("addr", addr);
            etcd.put("peer-addr", peerAddr);
            return this;
        }

        /** fleet's public IP, e.g. {@code $private_ipv4}. */
        public Builder fleetPublicIp(String ip) {
            this.fleetPublicIp = ip;
            return this;
        }

        /** One fleet metadata pair; keys and values use only letters, digits and {@code _.-}. */
        public Builder fleetMetadata(String key, String value) {
            if (!METADATA.matcher(key).matches() || !METADATA.matcher(value).matches()) {
                throw new IllegalArgumentException("fleet metadata " + key + "=" + value
                        + " must use only letters, digits and _.- (',' and '=' would add pairs)");
            }
            fleetMetadata.put(key, value);
            return this;
        }

        /** A unit, started by cloud-init (or only written when {@code command} is empty). */
        public Builder unit(String name, Optional<String> command, Optional<UnitFile> content) {
            UnitName.of(name);
            command.ifPresent(c -> {
                if (!List.of("start", "stop", "restart", "reload", "try-restart", "reload-or-restart").contains(c)) {
                    throw new IllegalArgumentException("unit " + name + ": unknown command '" + c + "'");
                }
            });
            units.add(new Unit(name, command, content));
            return this;
        }

        /** A file to write. */
        public Builder file(String path, String permissions, String content) {
            if (!path.startsWith("/") || path.contains("\n") || !permissions.matches("0[0-7]{3}")) {
                throw new IllegalArgumentException("file " + path + ": absolute path and octal permissions (e.g. 0644) needed");
            }
            files.add(new File(path, permissions, content));
            return this;
        }

        /** The cloud-config. */
        public CloudConfig build() {
            return new CloudConfig(this);
        }
    }
}
