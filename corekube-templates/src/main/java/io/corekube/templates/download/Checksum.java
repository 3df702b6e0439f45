package io.corekube.templates.download;

import io.corekube.value.HexDigest;
import java.util.Objects;

/**
 * A digest a downloaded file must have.
 *
 * @param algorithm the hash
 * @param hex the digest, lower-case hexadecimal of the algorithm's length
 */
public record Checksum(Algorithm algorithm, String hex) {

    /** The hashes a machine can check with coreutils. */
    public enum Algorithm {
        /** SHA-256, checked with {@code sha256sum}. */
        SHA256("/usr/bin/sha256sum", 64),
        /** SHA-512, checked with {@code sha512sum}. */
        SHA512("/usr/bin/sha512sum", 128);

        private final String program;
        private final int length;

        Algorithm(String program, int length) {
            this.program = program;
            this.length = length;
        }

        /** The coreutils program that checks it. */
        public String program() {
            return program;
        }
    }

    /** Checks the digest by its kind (a {@link HexDigest} of the algorithm's length). */
    public Checksum {
        Objects.requireNonNull(algorithm, "algorithm");
        hex = HexDigest.ofLength(algorithm.name().toLowerCase(java.util.Locale.ROOT) + " digest", hex == null ? null : hex.toLowerCase(java.util.Locale.ROOT),
                algorithm.length, algorithm.length).toString();
    }

    /** A SHA-256 digest. */
    public static Checksum sha256(String hex) {
        return new Checksum(Algorithm.SHA256, hex);
    }

    /** A SHA-512 digest. */
    public static Checksum sha512(String hex) {
        return new Checksum(Algorithm.SHA512, hex);
    }

    @Override
    public String toString() {
        return algorithm.name().toLowerCase(java.util.Locale.ROOT) + ":" + hex;
    }
}
