package io.corekube.templates.kubernetes;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog;
import io.corekube.templates.download.Artifact;
import io.corekube.templates.download.Checksum;
import io.corekube.templates.download.Downloads;
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
 * The master and minion roles of Corekube as fleet units, one instance per machine ({@code <unit>@<machineID>.service},
 * pinned with {@code MachineID}), in two {@link Profile}s. CURRENT (Kubernetes v1.34.7 on Flatcar): master =
 * download (the server tarball, SHA-512 pinned), the API server's own etcd member, then API server, controller
 * manager and scheduler, then the add-ons (CoreDNS, the kubelets' bootstrap RBAC); minion = download (the node
 * tarball), then kubelet (TLS bootstrap, containerd, flannel CNI) and kube-proxy. ORIGINAL (v1.4.0 on CoreOS, 2016):
 * the original Overlord's units and flags. No unit carries a secret: certificates, keys and the bootstrap token are
 * files the machines' boot data wrote ({@link NodeFiles}, {@link ClusterSecrets}); units name their paths only.
 * Downloads run curl with arguments and are verified ({@link Downloads}); every value is checked by its kind when it
 * is set and again when it is rendered. Users add roles or replace units with {@link Builder#unit}.
 */
public final class KubernetesRoles implements RoleCatalog {

    /** Which Kubernetes, on which image, the units are written for. */
    public enum Profile {
        /** Corekube's last release: Kubernetes v1.4.0 on CoreOS Container Linux as of 2016 (insecure port 8080). */
        ORIGINAL("original", "v1.4.0", "CoreOS Container Linux (stable, 2016)",
                "https://storage.googleapis.com/kubernetes-release/release/v1.4.0/bin/linux/amd64"),
        /** Kubernetes v1.34.7 on Flatcar Container Linux (stable): TLS everywhere, etcd v3, containerd, flannel CNI. */
        CURRENT("current", "v1.34.7", "Flatcar Container Linux (stable)", "https://dl.k8s.io/v1.34.7");

        private final String directory;
        private final String version;
        private final String image;
        private final String binaries;

        Profile(String directory, String version, String image, String binaries) {
            this.directory = directory;
            this.version = version;
            this.image = image;
            this.binaries = binaries;
        }

        /** The Kubernetes release the units are written for. */
        public String kubernetesVersion() {
            return version;
        }

        /** The operating system image the machines boot. */
        public String image() {
            return image;
        }

        /** The artifacts the profile downloads, with their pinned digests and where those were published. */
        public List<Artifact> artifacts() {
            return Releases.artifacts(this);
        }
    }

    private record UnitSpec(String stage, String prefix, Template template, String doneSubState) {
    }

    private static final java.util.regex.Pattern ROLE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    private final Profile profile;
    private final Map<String, String> values;
    private final Downloads downloads;
    private final Map<String, List<UnitSpec>> roles;

    private KubernetesRoles(Builder b) {
        this.profile = b.profile;
        this.values = Map.copyOf(b.values);
        Downloads.Builder d = Downloads.builder(profile.artifacts());
        b.downloadSettings.forEach(setting -> setting.accept(d));
        this.downloads = d.build();
        this.roles = new LinkedHashMap<>(b.roles);
        new java.util.TreeMap<>(Releases.roleDownloads(profile)).values()
                .forEach(list -> list.forEach(step -> downloads.artifact(step.artifact())));
    }

    /** A builder for the profile with its defaults (service CIDR 10.1.0.0/16, DNS 10.1.0.10, domain kube.local). */
    public static Builder builder(Profile profile) {
        return new Builder(profile);
    }

    /** The profile. */
    public Profile profile() {
        return profile;
    }

    /** The downloads of the cluster (the role units' and the machines' boot units'), with the user's settings. */
    public Downloads downloads() {
        return downloads;
    }

    /** The service IP range. */
    public Ipv4Cidr serviceCidr() {
        return Ipv4Cidr.parse("serviceCidr", values.get("service_cidr"));
    }

    /** The pod network (flannel's network), for kube-proxy's cluster CIDR. */
    public Ipv4Cidr podCidr() {
        return Ipv4Cidr.parse("podCidr", values.get("pod_cidr"));
    }

    /** The cluster DNS service's address. */
    public Ipv4Address clusterDnsIp() {
        return Ipv4Address.parse("clusterDnsIp", values.get("cluster_dns"));
    }

    /** The cluster domain. */
    public DnsName clusterDomain() {
        return DnsName.parse("clusterDomain", values.get("cluster_domain"));
    }

    @Override
    public List<String> unverifiedDownloads() {
        return downloads.unverified();
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
        List<Releases.Extract> extracts = Releases.roleDownloads(profile).get(role);
        if (extracts != null) {
            stages.computeIfAbsent("download", s -> new ArrayList<>()).add(download(role, machine, extracts));
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

    private RoleUnit download(String role, Machine machine, List<Releases.Extract> extracts) {
        String id = HexDigest.ofLength("machine ID", machine.id(), 1, 128).toString();
        UnitFile.Builder unit = Downloads.installUnit("Download Kubernetes " + profile.kubernetesVersion() + " " + role + " binaries");
        for (Releases.Extract step : extracts) {
            FilePath directory = FilePath.parse("download directory", step.directory());
            if (step.members().isEmpty()) {
                downloads.fetchFile(unit, step.artifact(), directory.resolve("binary", step.artifact()));
            } else {
                downloads.fetchArchive(unit, step.artifact(), directory, step.strip(), step.members());
            }
        }
        unit.fleet("MachineID", id).fleet("MachineMetadata", "kubernetes_role=" + role);
        String name = role + "-download-kubernetes@" + id + ".service";
        return new RoleUnit(UnitSubmission.builder().name(UnitName.of(name).toString()).unit(unit.build()).build(), "exited");
    }

    /** Settings of the catalog. */
    public static final class Builder {
        private final Profile profile;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<java.util.function.Consumer<Downloads.Builder>> downloadSettings = new ArrayList<>();
        private final Map<String, List<UnitSpec>> roles = new LinkedHashMap<>();

        private Builder(Profile profile) {
            this.profile = profile;
            values.put("service_cidr", "10.1.0.0/16");
            values.put("pod_cidr", "10.244.0.0/15");
            values.put("cluster_dns", "10.1.0.10");
            values.put("cluster_domain", "kube.local");
            if (profile == Profile.CURRENT) {
                unit("master", "etcd", "master-etcd", resource("master-etcd"), "running");
            }
            unit("master", "control-plane", "master-apiserver", resource("master-apiserver"), "running");
            unit("master", "control-plane", "master-controller-manager", resource("master-controller-manager"), "running");
            unit("master", "control-plane", "master-scheduler", resource("master-scheduler"), "running");
            String addons = profile == Profile.CURRENT ? "master-addons" : "master-dns";
            unit("master", "addons", addons, resource(addons), "exited");
            unit("minion", "node", "minion-kubelet", resource("minion-kubelet"), "running");
            unit("minion", "node", "minion-proxy", resource("minion-proxy"), "running");
        }

        private Template resource(String unit) {
            return Template.resource(KubernetesRoles.class, profile.directory + "/" + unit + ".service");
        }

        /**
         * Where the Kubernetes release is downloaded from (a mirror of the profile's default: the directory holding
         * the tarballs, or the binaries with ORIGINAL): an http(s) URL ({@link HttpUrl}: no user information, query,
         * shell or control characters), each artifact's file name appended. Pinned digests stay as they are.
         */
        public Builder binariesUrl(String url) {
            HttpUrl checked = HttpUrl.parse("binariesUrl", url);
            if (checked.uri().getRawQuery() != null) {
                throw new InvalidValueException("binariesUrl", "http(s) URL", "a directory URL cannot have a query");
            }
            for (Artifact a : profile.artifacts()) {
                String path = a.url().toString();
                if (path.startsWith(profile.binaries + "/")) {
                    String file = path.substring(profile.binaries.length() + 1);
                    downloadSettings.add(d -> d.mirror(a.name(), checked.resolve("binariesUrl", file).toString()));
                }
            }
            return this;
        }

        /** The digest an artifact (one of {@link Profile#artifacts()}, e.g. {@code kubernetes-node}) must have. */
        public Builder checksum(String artifact, Checksum checksum) {
            known(artifact);
            downloadSettings.add(d -> d.checksum(artifact, checksum));
            return this;
        }

        /** Downloads an artifact that has no published digest without one; the deployer reports it as an event. */
        public Builder allowUnverified(String artifact) {
            known(artifact);
            downloadSettings.add(d -> d.allowUnverified(artifact));
            return this;
        }

        /** Another URL for an artifact (a mirror); its digest stays as it was. */
        public Builder mirror(String artifact, String url) {
            known(artifact);
            HttpUrl.parse(artifact + " mirror", url);
            downloadSettings.add(d -> d.mirror(artifact, url));
            return this;
        }

        private void known(String artifact) {
            if (profile.artifacts().stream().noneMatch(a -> a.name().equals(artifact))) {
                throw new InvalidValueException("artifact", "artifact name", "the " + profile + " profile downloads no '"
                        + artifact + "'; known: " + new TreeSet<>(profile.artifacts().stream().map(Artifact::name).toList()));
            }
        }

        /** The service cluster IP range (an IPv4 CIDR). */
        public Builder serviceCidr(String cidr) {
            values.put("service_cidr", Ipv4Cidr.parse("serviceCidr", cidr).toString());
            return this;
        }

        /** The pod network: flannel's network (an IPv4 CIDR), kube-proxy's cluster CIDR. */
        public Builder podCidr(String cidr) {
            values.put("pod_cidr", Ipv4Cidr.parse("podCidr", cidr).toString());
            return this;
        }

        /** The cluster DNS service IP (IPv4) and domain (a {@link DnsName}). */
        public Builder clusterDns(String ip, String domain) {
            values.put("cluster_dns", Ipv4Address.parse("clusterDnsIp", ip).toString());
            values.put("cluster_domain", DnsName.parse("clusterDomain", domain).toString());
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

        /**
         * The catalog. An artifact the roles download that has no digest (ORIGINAL's binaries: no digest was
         * published for them) is refused here with an {@link io.corekube.templates.download.UnverifiedDownloadException}
         * unless {@link #checksum} or {@link #allowUnverified} was given for it.
         */
        public KubernetesRoles build() {
            return new KubernetesRoles(this);
        }
    }
}
