package io.corekube.etcd.discovery;

import java.util.List;
import org.immutables.value.Value;

/** A member registered under a discovery token. */
@Value.Immutable
public interface DiscoveryMember {

    /** The member ID, lowercase hex as etcd writes it (the last segment of its key). */
    String id();

    /** The member's name ({@code --name}). */
    String name();

    /** The member's advertised peer URLs. */
    List<String> peerUrls();

    /** The registration's creation order: v2 {@code createdIndex}, v3 create revision. */
    long createdIndex();

    /** The registration value as stored: {@code name=url} pairs, sorted, joined with commas. */
    default String value() {
        return registrationValue(name(), peerUrls());
    }

    /** The value etcd writes for a member: {@code name=url} for every peer URL, sorted, joined with {@code ,}. */
    static String registrationValue(String name, List<String> peerUrls) {
        return String.join(",", peerUrls.stream().map(url -> name + "=" + url).sorted().toList());
    }

    /** A builder for a member. */
    static ImmutableDiscoveryMember.Builder builder() {
        return ImmutableDiscoveryMember.builder();
    }
}
