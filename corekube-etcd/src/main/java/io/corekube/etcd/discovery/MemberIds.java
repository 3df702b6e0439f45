package io.corekube.etcd.discovery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;

/**
 * Member IDs exactly as etcd computes them at bootstrap: SHA-1 over the member's peer URLs sorted and
 * concatenated, followed by the cluster token; the first 8 bytes, big-endian, as lowercase hex without padding.
 */
public final class MemberIds {

    private MemberIds() {
    }

    /**
     * The ID of a member with these peer URLs, under this cluster token (for v2 discovery the whole discovery
     * URL, for v3 the {@code --discovery-token}).
     */
    public static String compute(Collection<String> peerUrls, String clusterToken) {
        StringBuilder input = new StringBuilder();
        List<String> sorted = peerUrls.stream().sorted().toList();
        sorted.forEach(input::append);
        input.append(clusterToken);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(input.toString().getBytes(StandardCharsets.UTF_8));
            return Long.toUnsignedString(ByteBuffer.wrap(digest, 0, 8).getLong(), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
