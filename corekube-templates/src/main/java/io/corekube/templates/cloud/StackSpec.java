package io.corekube.templates.cloud;

import io.corekube.deploy.ClusterSpec;
import io.corekube.value.HttpUrl;
import io.corekube.value.InvalidValueException;
import io.corekube.value.Ipv4Address;
import io.corekube.value.Ipv4Cidr;
import io.corekube.value.PlainText;
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

    /** The most machines a stack may add besides its minions: discovery, overlord, master and the router port. */
    static final int OTHER_PORTS = 4;
    /** The longest wait condition timeout the template's constraint allows (one day). */
    public static final Duration MAX_WAIT = Duration.ofDays(1);

    /**
     * Checks every value that lands in the template, each by its kind ({@link PlainText} names, IPv4 CIDRs and
     * addresses, an {@link HttpUrl}); counts are bounded by {@link ClusterSpec#MAX_MINIONS} and by the room in
     * {@code subnetCidr}. A refused value is an {@link InvalidValueException} naming the component.
     */
    public StackSpec {
        if (maxMinions < 1 || maxMinions > ClusterSpec.MAX_MINIONS) {
            throw new InvalidValueException("maxMinions", "count", "must be 1.." + ClusterSpec.MAX_MINIONS + ", got " + maxMinions);
        }
        if (minionCount < 1 || minionCount > maxMinions) {
            throw new InvalidValueException("minionCount", "count", "must be 1.." + maxMinions + ", got " + minionCount);
        }
        if (flavors == null || flavors.isEmpty()) {
            throw new InvalidValueException("flavors", "list", "must name at least one flavor");
        }
        flavors.forEach(f -> name("flavors", f));
        name("image", image);
        name("keyName", keyName);
        name("externalNetwork", externalNetwork);
        long hosts = Ipv4Cidr.parse("subnetCidr", subnetCidr).size() - 3;
        Ipv4Cidr.parse("adminCidr", adminCidr);
        if (maxMinions + OTHER_PORTS > hosts) {
            throw new InvalidValueException("subnetCidr", "CIDR", subnetCidr + " has room for " + Math.max(hosts, 0)
                    + " ports; maxMinions " + maxMinions + " needs " + (maxMinions + OTHER_PORTS));
        }
        if (dnsServers == null) {
            throw new InvalidValueException("dnsServers", "list", "no value");
        }
        dnsServers.forEach(ip -> Ipv4Address.parse("dnsServers", ip));
        if (waitTimeout == null || waitTimeout.toSeconds() < 1 || waitTimeout.compareTo(MAX_WAIT) > 0) {
            throw new InvalidValueException("waitTimeout", "duration", "must be 1 s to 1 day, got " + waitTimeout);
        }
        if (discoveryEtcdVersion == null || !discoveryEtcdVersion.matches("[0-9][0-9A-Za-z.+-]{0,63}")) {
            throw new InvalidValueException("discoveryEtcdVersion", "image tag", "must be a version such as 2.2.2");
        }
        HttpUrl.parse("flannelUrl", flannelUrl);
        if (netInterface == null || !netInterface.matches("[a-z][a-z0-9]{0,14}")) {
            throw new InvalidValueException("netInterface", "interface name", "lower-case letters and digits, at most 15");
        }
        flavors = List.copyOf(flavors);
        dnsServers = List.copyOf(dnsServers);
    }

    private static void name(String field, String value) {
        if (PlainText.line(field, value).toString().length() > 255) {
            throw new InvalidValueException(field, "name", "longer than the 255 characters OpenStack allows");
        }
    }

    /** The same spec with another minion count. */
    public StackSpec withMinions(int count) {
        return new StackSpec(count, maxMinions, flavors, image, keyName, externalNetwork, subnetCidr, dnsServers, adminCidr,
                waitTimeout, overlord, discoveryEtcdVersion, flannelUrl, netInterface);
    }

    /** The same spec with other flavors (the first the default). */
    public StackSpec withFlavors(List<String> flavors) {
        return new StackSpec(minionCount, maxMinions, flavors, image, keyName, externalNetwork, subnetCidr, dnsServers,
                adminCidr, waitTimeout, overlord, discoveryEtcdVersion, flannelUrl, netInterface);
    }

    /** The same spec without the overlord node. */
    public StackSpec withoutOverlord() {
        return new StackSpec(minionCount, maxMinions, flavors, image, keyName, externalNetwork, subnetCidr, dnsServers,
                adminCidr, waitTimeout, false, discoveryEtcdVersion, flannelUrl, netInterface);
    }
}
