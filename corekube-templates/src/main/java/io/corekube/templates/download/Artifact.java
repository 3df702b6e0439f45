package io.corekube.templates.download;

import io.corekube.value.HttpUrl;
import java.util.Objects;
import java.util.Optional;

/**
 * A file machines download: its name (how settings refer to it), where it comes from, the digest it must have and
 * where that digest was published. An artifact without a digest is downloaded only when the user allowed it
 * explicitly ({@link Downloads.Builder#allowUnverified}).
 *
 * @param name the artifact's name, e.g. {@code kubernetes-node}
 * @param url where it is downloaded from
 * @param checksum the digest it must have, when one is known
 * @param source where the digest was published (or who supplied it)
 */
public record Artifact(String name, HttpUrl url, Optional<Checksum> checksum, String source) {

    /** Checks that every part is there. */
    public Artifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(source, "source");
    }

    /** A pinned artifact: its URL and the digest published at {@code source}. */
    public static Artifact pinned(String name, String url, Checksum checksum, String source) {
        return new Artifact(name, HttpUrl.parse(name + " url", url), Optional.of(checksum), source);
    }

    /** An artifact for which no digest is published. */
    public static Artifact unpublished(String name, String url, String why) {
        return new Artifact(name, HttpUrl.parse(name + " url", url), Optional.empty(), why);
    }

    /** The same artifact from another URL (a mirror), with the same digest. */
    public Artifact from(HttpUrl mirror) {
        return new Artifact(name, mirror, checksum, source);
    }

    /** The same artifact with the user's digest. */
    public Artifact verifiedBy(Checksum userChecksum) {
        return new Artifact(name, url, Optional.of(userChecksum), "supplied by the user");
    }
}
