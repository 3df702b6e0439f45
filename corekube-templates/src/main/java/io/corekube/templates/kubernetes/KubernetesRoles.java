package io.corekube.templates.kubernetes;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog;
import io.corekube.templates.render.Template;
import io.corekube.unit.UnitFile;
import io.corekube.unit.UnitName;
import io.corekube.unit.UnitSubmission;
import io.corekube.value.DnsName;
import io.corekube.value.FilePath;
import io.corekube.value.HexDigest;
import io.corekube.value.HttpUrl;
import io.corekube.value.InvalidValueException;
import io.corekube.value.Ipv4Address;
import io.corekube.value.Ipv4Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The master and minion roles of the original Corekube as fleet units, one instance per machine
 * ({@code <unit>@<machineID>.service}, pinned with {@code MachineID}): master = download, then API server,
 * controller manager and scheduler, then cluster DNS; minion = download, then kubelet and proxy. Downloads run
 * curl with arguments (no user value is ever read by a shell) and check a SHA-256 per binary when one is given.
 * Every value is checked by its kind when it is set (a typed {@link io.corekube.value.InvalidValueException}
 * naming the builder field) and again when it is rendered. Two {@link Profile}s: the original's flags, and flags valid for current
 * Kubernetes (v1.31). Users add roles or replace units with {@link Builder#unit}.
 */
public final class KubernetesRoles implements RoleCatalog {

    /** Which Kubernetes the unit flags are written for. */
    public enum Profile {
        /** The flags of Corekube's last release (Kubernetes v1.4.0, insecure port 8080). */
        ORIGINAL("original", "v1.4.0", "https://storage.googleapis.com/kubernetes-release/release/v1.4.0/bin/linux/amd64"),
        /** Flags valid for Kubernetes v1.31 (secure port 6443, kubeconfigs under /srv/kubernetes). */
        CURRENT("current", "v1.31.0", "https://dl.k8s.io/v1.31.0/bin/linux/amd64");

        private final String directory;
        private final String version;
        private final String binaries;

        Profile(String directory, String version, String binaries) {
            this.directory = directory;
            this.version = version;
            this.binaries = binaries;
        }

        /** The Kubernetes release the flags are written for. */
        public String kubernetesVersion() {
            return version;
        }
    }

    private record UnitSpec(String stage, String prefix, Template template, String doneSubState) {
    }

    private static final java.util.regex.Pattern ROLE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,63}");
    private static final FilePath BIN = FilePath.parse("binary directory", "/opt/bin");

    /**
     * The checksum step of a download: a constant shell program that compares a file with a digest, both handed to
     * it as positional arguments ({@code $1}, {@code $2}; {@code $$} is systemd's escape for {@code $}), so that
     * neither is ever read as shell code. Followed by the validated digest and path.
     */
    static final String SHA256_CHECK = "/bin/sh -c 'echo \"$$1  $$2\" | /usr/bin/sha256sum --check --strict --quiet -' sha256-check";

    private final Profile profile;
    private final Map<String, String> values;
    private final Map<String, String> sha256;
    private final Map<String, List<String>> binaries;
    private final Map<String, List<UnitSpec>> roles;

    private KubernetesRoles(Builder b) {
        this.profile = b.profile;
        this.values = Map.copyOf(b.values);
        this.sha256 = Map.copyOf(b.sha256);
        this.binaries = Map.copyOf(b.binaries);
        this.roles = new LinkedHashMap<>(b.roles);
    }

    /** A builder for the profile with its defaults (service CIDR 10.1.0.0/16, DNS 10.1.0.10, domain kube.local). */
    public static Builder builder(Profile profile) {
        return new Builder(profile);
    }

    @Override
    public Set<String> roles() {
        return new TreeSet<>(roles.keySet());
    }

    @Override
    public List<RoleStage> render(String role, Machine machine, Optional<Machine> master) {
        List<UnitSpec> specs = roles.get(role);
        if (specs == null) {
            throw new IllegalArgumentException("unknown role '" + role + "'; known: " + roles());
        }
        Map<String, String> bound = new LinkedHashMap<>(values);
        bound.put("machine_id", machine.id());
        bound.put("ip", machine.primaryIp());
        master.ifPresent(m -> bound.put("master_ip", m.primaryIp()));
        Map<String, List<RoleUnit>> stages = new LinkedHashMap<>();
        if (binaries.containsKey(role)) {
            stages.computeIfAbsent("download", s -> new ArrayList<>()).add(download(role, machine));
        }
        for (UnitSpec spec : specs) {
            String name = spec.prefix() + "@" + machine.id() + ".service";
            if (spec.template().placeholders().containsKey("master_ip") && master.isEmpty()) {
                throw new IllegalArgumentException(name + " needs the master's address, and no master is known yet");
            }
            UnitFile unit = UnitFile.parse(spec.template().renderFrom(bound));
            stages.computeIfAbsent(spec.stage(), s -> new ArrayList<>()).add(new RoleUnit(UnitSubmission.builder()
                    .name(name).unit(UnitFile.of(unit.options())).build(), spec.doneSubState()));
        }
        List<RoleStage> out = new ArrayList<>();
        stages.forEach((stage, units) -> out.add(new RoleStage(stage, units)));
        return out;
    }

    private RoleUnit download(String role, Machine machine) {
        HttpUrl base = HttpUrl.parse("binariesUrl", values.get("binaries_url"));
        String id = HexDigest.ofLength("machine ID", machine.id(), 1, 128).toString();
        UnitFile.Builder unit = UnitFile.builder()
                .unit("Description", "Download Kubernetes " + profile.kubernetesVersion() + " " + role + " binaries")
                .unit("After", "network-online.target").unit("Wants", "network-online.target")
                .service("Type", "oneshot").service("RemainAfterExit", "yes")
                .service("ExecStartPre", "/usr/bin/mkdir -p " + BIN);
        for (String binary : binaries.get(role)) {
            FilePath target = BIN.resolve("binary", binary);
            FilePath part = BIN.resolve("binary", binary + ".part");
            unit.service("ExecStart", "/usr/bin/curl --fail --silent --show-error --location --retry 5 --output " + part
                    + " " + base.resolve("binariesUrl", binary).forSystemd());
            Optional.ofNullable(sha256.get(binary)).ifPresent(sum -> unit.service("ExecStart", SHA256_CHECK + " " + sum + " " + part));
            unit.service("ExecStart", "/usr/bin/chmod 0755 " + part).service("ExecStart", "/usr/bin/mv -f " + part + " " + target);
        }
        unit.fleet("MachineID", id).fleet("MachineMetadata", "kubernetes_role=" + role);
        String name = role + "-download-kubernetes@" + id + ".service";
        return new RoleUnit(UnitSubmission.builder().name(UnitName.of(name).toString()).unit(unit.build()).build(), "exited");
    }

    /** Settings of the catalog. */
    public static final class Builder {
        private final Profile profile;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> sha256 = new LinkedHashMap<>();
        private final Map<String, List<String>> binaries = new LinkedHashMap<>();
        private final Map<String, List<UnitSpec>> roles = new LinkedHashMap<>();

        private Builder(Profile profile) {
            this.profile = profile;
            values.put("binaries_url", profile.binaries);
            values.put("service_cidr", "10.1.0.0/16");
            values.put("cluster_dns", "10.1.0.10");
            values.put("cluster_domain", "kube.local");
            values.put("dns_rc_url", "https://raw.githubusercontent.com/kubernetes/kubernetes/v1.4.0/cluster/addons/dns/skydns-rc.yaml.in");
            values.put("dns_svc_url", "https://raw.githubusercontent.com/kubernetes/kubernetes/v1.4.0/cluster/addons/dns/skydns-svc.yaml.in");
            values.put("dns_manifest_url", "https://raw.githubusercontent.com/coredns/deployment/master/kubernetes/coredns.yaml.sed");
            binaries.put("master", List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl"));
            binaries.put("minion", List.of("kubelet", "kube-proxy"));
            unit("master", "control-plane", "master-apiserver", resource("master-apiserver"), "running");
            unit("master", "control-plane", "master-controller-manager", resource("master-controller-manager"), "running");
            unit("master", "control-plane", "master-scheduler", resource("master-scheduler"), "running");
            unit("master", "addons", "master-dns", resource("master-dns"), "exited");
            unit("minion", "node", "minion-kubelet", resource("minion-kubelet"), "running");
            unit("minion", "node", "minion-proxy", resource("minion-proxy"), "running");
        }

        private Template resource(String unit) {
            return Template.resource(KubernetesRoles.class, profile.directory + "/" + unit + ".service");
        }

        /**
         * Where the binaries are downloaded from: the directory's http(s) URL ({@link HttpUrl}: no user information,
         * query, shell or control characters), each binary's name appended as a path segment.
         */
        public Builder binariesUrl(String url) {
            HttpUrl checked = HttpUrl.parse("binariesUrl", url);
            if (checked.uri().getRawQuery() != null) {
                throw new InvalidValueException("binariesUrl", "http(s) URL", "a directory URL cannot have a query");
            }
            values.put("binaries_url", checked.toString());
            return this;
        }

        /** The service cluster IP range (an IPv4 CIDR). */
        public Builder serviceCidr(String cidr) {
            values.put("service_cidr", Ipv4Cidr.parse("serviceCidr", cidr).toString());
            return this;
        }

        /** The cluster DNS service IP (IPv4) and domain (a {@link DnsName}). */
        public Builder clusterDns(String ip, String domain) {
            values.put("cluster_dns", Ipv4Address.parse("clusterDnsIp", ip).toString());
            values.put("cluster_domain", DnsName.parse("clusterDomain", domain).toString());
            return this;
        }

        /** The DNS manifests' http(s) URLs (original: replication controller and service; current: one manifest). */
        public Builder dnsManifests(String rcOrManifest, Optional<String> service) {
            values.put(profile == Profile.ORIGINAL ? "dns_rc_url" : "dns_manifest_url",
                    HttpUrl.parse("dnsManifests", rcOrManifest).toString());
            service.ifPresent(s -> values.put("dns_svc_url", HttpUrl.parse("dnsManifests service", s).toString()));
            return this;
        }

        /** The SHA-256 a downloaded binary (one of the roles' binaries, e.g. {@code kubelet}) must have. */
        public Builder sha256(String binary, String hex) {
            if (binaries.values().stream().noneMatch(list -> list.contains(binary))) {
                throw new InvalidValueException("sha256 binary", "binary name", "no role downloads '" + binary
                        + "'; known: " + new TreeSet<>(binaries.values().stream().flatMap(List::stream).toList()));
            }
            sha256.put(binary, HexDigest.sha256("sha256 of " + binary, hex).toString());
            return this;
        }

        /**
         * Adds (or, with the same prefix, replaces) a unit of a role in a stage; roles and stages keep the order
         * they were first named in. The template gets {@code machine_id}, {@code ip}, {@code master_ip} and the
         * cluster values.
         */
        public Builder unit(String role, String stage, String prefix, Template template, String doneSubState) {
            name("role", role);
            name("stage", stage);
            if (prefix == null || prefix.contains("@") || UnitName.validate(prefix + "@0.service").isPresent()) {
                throw new InvalidValueException("prefix", "unit name prefix", "letters, digits and :-_.\\ only, no '@', "
                        + "so that <prefix>@<machine>.service is a valid unit name");
            }
            if (doneSubState == null || !doneSubState.matches("[a-z][a-z-]{0,31}")) {
                throw new InvalidValueException("doneSubState", "systemd sub-state", "a sub-state such as running or exited");
            }
            if (template == null) {
                throw new InvalidValueException("template", "template", "no value");
            }
            List<UnitSpec> units = roles.computeIfAbsent(role, r -> new ArrayList<>());
            UnitSpec spec = new UnitSpec(stage, prefix, template, doneSubState);
            for (int i = 0; i < units.size(); i++) {
                if (units.get(i).prefix().equals(prefix)) {
                    units.set(i, spec);
                    return this;
                }
            }
            units.add(spec);
            return this;
        }

        private static void name(String field, String value) {
            if (value == null || !ROLE_NAME.matcher(value).matches()) {
                throw new InvalidValueException(field, field + " name", "1 to 63 letters, digits and _.- (it becomes fleet metadata"
                        + " and part of unit names)");
            }
        }

        /** The catalog. */
        public KubernetesRoles build() {
            return new KubernetesRoles(this);
        }
    }
}
