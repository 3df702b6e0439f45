package io.corekube.templates.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import io.corekube.value.DnsName;
import io.corekube.value.FilePath;
import io.corekube.value.HttpUrl;
import io.corekube.value.InvalidValueException;
import io.corekube.value.Ipv4Address;
import io.corekube.value.PlainText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CoreOS {@code #cloud-config}: etcd (discovery URL, client and peer addresses), fleet (public IP, metadata),
 * update settings, systemd units (with their content as checked {@link UnitFile}s) and files to write. Every
 * value is checked by its kind when it is set (an {@link InvalidValueException} naming the field) and goes through
 * the YAML writer, so no value can add a key; metadata keys and values are checked for fleet's
 * {@code k=v,k2=v2} syntax.
 */
public final class CloudConfig {

    private static final Pattern METADATA = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
    private static final List<String> COMMANDS = List.of("start", "stop", "restart", "reload", "try-restart", "reload-or-restart");
    /** The substitution variables CoreOS's cloud-init fills with the machine's addresses. */
    private static final List<String> COREOS_ADDRESSES = List.of("$private_ipv4", "$public_ipv4");

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
    public record File(String path, String permissions, String content, boolean base64) {
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
                ObjectNode n = w.addObject().put("path", f.path()).put("permissions", f.permissions());
                if (f.base64()) {
                    n.put("encoding", "b64");
                }
                n.put("content", f.content());
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

        /**
         * etcd's discovery URL (an {@link HttpUrl}) and its client and peer addresses ({@code host:port}, the host
         * an IPv4 address, a DNS name or one of CoreOS's {@code $private_ipv4} and {@code $public_ipv4}).
         */
        public Builder etcd(String discoveryUrl, String addr, String peerAddr) {
            etcd.put("discovery", HttpUrl.parse("etcd discovery", discoveryUrl).toString());
            etcd.put("addr", hostPort("etcd addr", addr));
            etcd.put("peer-addr", hostPort("etcd peer-addr", peerAddr));
            return this;
        }

        /** fleet's public IP: an IPv4 address or one of {@code $private_ipv4} and {@code $public_ipv4}. */
        public Builder fleetPublicIp(String ip) {
            this.fleetPublicIp = COREOS_ADDRESSES.contains(ip) ? ip : Ipv4Address.parse("fleet public-ip", ip).toString();
            return this;
        }

        /** One fleet metadata pair; keys and values use only letters, digits and {@code _.-}. */
        public Builder fleetMetadata(String key, String value) {
            for (String part : new String[] {key, value}) {
                if (part == null || !METADATA.matcher(part).matches()) {
                    throw new InvalidValueException("fleet metadata", "metadata key or value",
                            "only letters, digits and _.-, 1 to 255 of them (',' and '=' would add pairs)");
                }
            }
            fleetMetadata.put(key, value);
            return this;
        }

        /** A unit, started by cloud-init (or only written when {@code command} is empty). */
        public Builder unit(String name, Optional<String> command, Optional<UnitFile> content) {
            UnitName.of(name);
            command.ifPresent(c -> {
                if (!COMMANDS.contains(c)) {
                    throw new InvalidValueException("unit " + name + " command", "systemctl command", "one of " + COMMANDS);
                }
            });
            units.add(new Unit(name, command, content));
            return this;
        }

        /**
         * A file to write: an absolute {@link FilePath}, octal permissions such as {@code 0644} or {@code 0600},
         * and text ({@link PlainText#multiline}: no control characters but newline and tab).
         */
        public Builder file(String path, String permissions, String content) {
            FilePath checked = FilePath.parse("write_files path", path);
            files.add(new File(checked.toString(), mode(checked, permissions), PlainText.multiline("write_files " + checked + " content", content).toString(), false));
            return this;
        }

        /**
         * A file whose content is base64 ({@code encoding: b64}): here a Heat placeholder that the stack replaces with a
         * hidden parameter's value, so that credentials are in the user data and never in the template.
         */
        public Builder encodedFile(String path, String permissions, String base64OrPlaceholder) {
            FilePath checked = FilePath.parse("write_files path", path);
            if (base64OrPlaceholder == null || !base64OrPlaceholder.matches("[A-Za-z0-9+/=-]{1,1000000}")) {
                throw new InvalidValueException("write_files " + checked + " content", "base64 text", "only base64 characters (or a placeholder)");
            }
            files.add(new File(checked.toString(), mode(checked, permissions), base64OrPlaceholder, true));
            return this;
        }

        private static String mode(FilePath path, String permissions) {
            if (permissions == null || !permissions.matches("0[0-7]{3}")) {
                throw new InvalidValueException("write_files " + path + " permissions", "octal mode", "four octal digits starting with 0, e.g. 0644");
            }
            return permissions;
        }

        private static String hostPort(String field, String value) {
            int colon = value == null ? -1 : value.lastIndexOf(':');
            if (colon < 1 || !value.substring(colon + 1).matches("[1-9][0-9]{0,4}") || Integer.parseInt(value.substring(colon + 1)) > 65535) {
                throw new InvalidValueException(field, "host:port", "a host and a port 1-65535, e.g. $private_ipv4:2379");
            }
            String host = value.substring(0, colon);
            if (!COREOS_ADDRESSES.contains(host)) {
                try {
                    Ipv4Address.parse(field, host);
                } catch (InvalidValueException notAnAddress) {
                    DnsName.parse(field, host);
                }
            }
            return value;
        }

        /** The cloud-config. */
        public CloudConfig build() {
            return new CloudConfig(this);
        }
    }
}
