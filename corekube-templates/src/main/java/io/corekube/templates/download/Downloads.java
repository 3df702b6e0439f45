package io.corekube.templates.download;

import io.corekube.unit.UnitFile;
import io.corekube.value.FilePath;
import io.corekube.value.HttpUrl;
import io.corekube.value.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The artifacts a cluster downloads and the steps that fetch them inside a unit: {@code curl} with arguments into
 * a staging file, the digest checked by a constant program that gets digest and path as positional arguments (no
 * value is ever read as shell code), then {@code chmod} and {@code mv}, or {@code tar} for archives. An artifact with
 * no digest is refused ({@link UnverifiedDownloadException}) unless the user allowed it by name; {@link #unverified()}
 * lists those, for the deployer to report.
 */
public final class Downloads {

    /** Where downloads are staged before they are checked. */
    public static final FilePath STAGING = FilePath.parse("staging directory", "/opt/downloads");

    private final Map<String, Artifact> artifacts;
    private final Set<String> allowedUnverified;

    private Downloads(Builder b) {
        this.artifacts = Map.copyOf(b.artifacts);
        this.allowedUnverified = Set.copyOf(b.allowedUnverified);
    }

    /** A builder starting from {@code defaults} (e.g. a profile's pinned artifacts). */
    public static Builder builder(List<Artifact> defaults) {
        return new Builder(defaults);
    }

    /** The artifact named {@code name}, refused when it has no digest and was not allowed unverified. */
    public Artifact artifact(String name) {
        Artifact a = known(name);
        if (a.checksum().isEmpty() && !allowedUnverified.contains(name)) {
            throw new UnverifiedDownloadException(name, a.url().toString());
        }
        return a;
    }

    /** The artifacts, by name. */
    public Map<String, Artifact> artifacts() {
        return artifacts;
    }

    /** The same downloads with {@code name} fetched from {@code url} (a mirror; its digest stays as it was). */
    public Downloads withMirror(String name, String url) {
        Builder b = new Builder(List.copyOf(artifacts.values()));
        b.allowedUnverified.addAll(allowedUnverified);
        return b.mirror(name, url).build();
    }

    /** The names of the artifacts that will be fetched without a digest, because the user allowed it. */
    public List<String> unverified() {
        return new TreeSet<>(artifacts.values().stream().filter(a -> a.checksum().isEmpty())
                .map(Artifact::name).filter(allowedUnverified::contains).toList()).stream().toList();
    }

    /** The top directory of an archive artifact as its file name says ({@code etcd-v3.5.29-linux-amd64.tar.gz} has {@code etcd-v3.5.29-linux-amd64}). */
    public String archiveDirectory(String name) {
        String path = known(name).url().uri().getPath();
        return path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.(tar\\.gz|tgz)$", "");
    }

    /**
     * A oneshot unit that stays active once its downloads are done, after the network is online, with the staging
     * directory made; add the downloads with {@link #fetchFile} and {@link #fetchArchive}.
     */
    public static UnitFile.Builder installUnit(String description) {
        return UnitFile.builder().unit("Description", description).unit("After", "network-online.target")
                .unit("Wants", "network-online.target").service("Type", "oneshot").service("RemainAfterExit", "yes")
                .service("ExecStartPre", "/usr/bin/mkdir -p " + STAGING);
    }

    /** Adds the steps that fetch a single-file artifact to {@code target}, mode 0755. */
    public UnitFile.Builder fetchFile(UnitFile.Builder unit, String name, FilePath target) {
        String path = target.toString();
        unit.service("ExecStartPre", "/usr/bin/mkdir -p " + path.substring(0, Math.max(1, path.lastIndexOf('/'))));
        FilePath part = fetch(unit, name, path.substring(path.lastIndexOf('/') + 1));
        return unit.service("ExecStart", "/usr/bin/chmod 0755 " + part).service("ExecStart", "/usr/bin/mv -f " + part + " " + target);
    }

    /**
     * Adds the steps that fetch a gzip tar archive and extract {@code members} into {@code directory}, their first
     * {@code strip} path components removed (so {@code kubernetes/node/bin/kubelet} with 3 becomes
     * {@code <directory>/kubelet}).
     */
    public UnitFile.Builder fetchArchive(UnitFile.Builder unit, String name, FilePath directory, int strip, List<String> members) {
        FilePath part = fetch(unit, name, name + ".tar.gz");
        List<String> checked = new ArrayList<>();
        for (String member : members) {
            if (!member.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*") || member.contains("..")) {
                throw new InvalidValueException(name + " member", "archive member", "a relative path of letters, digits and _.-");
            }
            checked.add(member);
        }
        unit.service("ExecStart", "/usr/bin/mkdir -p " + directory);
        unit.service("ExecStart", "/usr/bin/tar --extract --gzip --no-same-owner --file " + part + " --directory " + directory
                + " --strip-components=" + strip + " " + String.join(" ", checked));
        return unit.service("ExecStart", "/usr/bin/rm -f " + part);
    }

    private FilePath fetch(UnitFile.Builder unit, String name, String fileName) {
        Artifact a = artifact(name);
        FilePath part = STAGING.resolve(name + " staging file", fileName + ".part");
        unit.service("ExecStart", "/usr/bin/curl --fail --silent --show-error --location --retry 5 --output " + part
                + " " + a.url().forSystemd());
        a.checksum().ifPresent(sum -> unit.service("ExecStart", check(sum.algorithm()) + " " + sum.hex() + " " + part));
        return part;
    }

    /**
     * The checksum step: a constant shell program comparing a file with a digest, both handed to it as positional
     * arguments ({@code $1}, {@code $2}; {@code $$} is systemd's escape for {@code $}), so neither is read as code.
     */
    public static String check(Checksum.Algorithm algorithm) {
        String program = algorithm.program();
        String label = algorithm.name().toLowerCase(java.util.Locale.ROOT) + "-check";
        return "/bin/sh -c 'echo \"$$1  $$2\" | " + program + " --check --strict --quiet -' " + label;
    }

    /** Settings: the defaults, with the user's digests, mirrors and explicit permissions to go unverified. */
    public static final class Builder {
        private final Map<String, Artifact> artifacts = new LinkedHashMap<>();
        private final Set<String> allowedUnverified = new TreeSet<>();

        private Builder(List<Artifact> defaults) {
            defaults.forEach(a -> artifacts.put(a.name(), a));
        }

        /** The digest {@code name} must have, replacing a pinned one. */
        public Builder checksum(String name, Checksum checksum) {
            artifacts.put(name, known(name).verifiedBy(checksum));
            return this;
        }

        /** Fetches {@code name} from a mirror (an http(s) URL, no query); its digest stays as it was. */
        public Builder mirror(String name, String url) {
            HttpUrl checked = HttpUrl.parse(name + " mirror", url);
            artifacts.put(name, known(name).from(checked));
            return this;
        }

        /** Allows {@code name} to be fetched without a digest; the deployer reports it as an event. */
        public Builder allowUnverified(String name) {
            known(name);
            allowedUnverified.add(name);
            return this;
        }

        private Artifact known(String name) {
            return lookup(artifacts, name);
        }

        /** The downloads. */
        public Downloads build() {
            return new Downloads(this);
        }
    }

    private Artifact known(String name) {
        return lookup(artifacts, name);
    }

    private static Artifact lookup(Map<String, Artifact> artifacts, String name) {
        Artifact a = artifacts.get(name);
        if (a == null) {
            throw new InvalidValueException("artifact", "artifact name", "no download is named '" + name + "'; known: "
                    + new TreeSet<>(artifacts.keySet()));
        }
        return a;
    }
}
