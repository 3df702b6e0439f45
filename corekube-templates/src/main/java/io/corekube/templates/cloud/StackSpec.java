package io.corekube.templates.cloud;

import java.time.Duration;
import java.util.List;

/**
 * What a cluster's Heat (HOT) template is generated from: the machines, network and images of the stack. Defaults follow the original Corekube (3 minions, m1.medium,
 * 10.10.10.0/24, 600 s wait conditions, etcd 2.2.2 on the discovery node, eth0).
 *
 * @param minionCount minions created at first
 * @param maxMinions the upper bound of the minion count parameter
 * @param flavors the flavors allowed, the first the default
 * @param image the CoreOS image name or ID
 * @param keyName the Nova key pair
 * @param externalNetwork the external network's name or ID (router gateway, floating IPs)
 * @param subnetCidr the cluster's private subnet
 * @param dnsServers the subnet's DNS servers
 * @param adminCidr where ssh and the Kubernetes API may be reached from
 * @param waitTimeout how long the wait conditions wait
 * @param overlord whether to create the overlord node
 * @param discoveryEtcdVersion the etcd image tag of the discovery node
 * @param flannelUrl where flanneld is downloaded from
 * @param netInterface the nodes' interface for flannel
 */
public record StackSpec(int minionCount, int maxMinions, List<String> flavors, String image, String keyName,
                          String externalNetwork, String subnetCidr, List<String> dnsServers, String adminCidr,
                          Duration waitTimeout, boolean overlord, String discoveryEtcdVersion, String flannelUrl,
                          String netInterface) {

    /** The original Corekube's settings for this image, key and external network. */
    public static StackSpec defaults(String image, String keyName, String externalNetwork) {
        return new StackSpec(3, 12, List.of("m1.medium", "m1.large", "m1.xlarge"), image, keyName, externalNetwork,
                "10.10.10.0/24", List.of("8.8.8.8", "8.8.4.4"), "0.0.0.0/0", Duration.ofSeconds(600), true, "2.2.2",
                "https://github.com/flannel-io/flannel/releases/download/v0.17.0/flanneld-amd64", "eth0");
    }

    /** Checks the values that land in the template. */
    public StackSpec {
        if (minionCount < 1 || minionCount > maxMinions) {
            throw new IllegalArgumentException("minionCount must be 1.." + maxMinions + ", got " + minionCount);
        }
        if (flavors.isEmpty()) {
            throw new IllegalArgumentException("flavors must name at least one flavor");
        }
        if (waitTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("waitTimeout must be at least one second");
        }
        for (String cidr : List.of(subnetCidr, adminCidr)) {
            if (!cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
            }
        }
        if (!discoveryEtcdVersion.matches("[0-9][0-9A-Za-z.+-]*") || !netInterface.matches("[a-z][a-z0-9]{0,14}")) {
            throw new IllegalArgumentException("discoveryEtcdVersion and netInterface must be plain names");
        }
        flavors = List.copyOf(flavors);
        dnsServers = List.copyOf(dnsServers);
    }

    /** The same spec with another minion count. */
    public StackSpec withMinions(int count) {
        return new StackSpec(count, maxMinions, flavors, image, keyName, externalNetwork, subnetCidr, dnsServers, adminCidr,
                waitTimeout, overlord, discoveryEtcdVersion, flannelUrl, netInterface);
    }

    /** The same spec without the overlord node. */
    public StackSpec withoutOverlord() {
        return new StackSpec(minionCount, maxMinions, flavors, image, keyName, externalNetwork, subnetCidr, dnsServers,
                adminCidr, waitTimeout, false, discoveryEtcdVersion, flannelUrl, netInterface);
    }
}
