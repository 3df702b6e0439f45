package io.corekube.etcd.discovery;

import java.util.List;

/** The token's cluster already has {@code size} members ahead of this one; says which were admitted. */
public class ClusterFullException extends DiscoveryException {

    private final List<DiscoveryMember> admitted;

    /** The cluster of {@code token} is full with these members. */
    public ClusterFullException(String token, List<DiscoveryMember> admitted) {
        super(Reason.CLUSTER_FULL, "token " + token + " admitted " + admitted.size() + " members: "
                + admitted.stream().map(DiscoveryMember::name).toList());
        this.admitted = List.copyOf(admitted);
    }

    /** The first {@code size} members by creation order: the cluster. */
    public List<DiscoveryMember> admitted() {
        return admitted;
    }
}
