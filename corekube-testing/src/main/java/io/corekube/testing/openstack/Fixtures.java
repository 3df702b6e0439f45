package io.corekube.testing.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What tests create servers from: flavor {@code m1.tiny}, public image {@code tiny}, external network {@code public}. */
final class Fixtures {

    /** The external network's name, for routers' gateways and floating IPs. */
    static final String PUBLIC_NETWORK = "public";

    private final OpenStackApi admin;
    private final OpenStackConfigs.Ports ports;
    private final String keystone;
    private String projectId;
    private String adminProjectId;

    Fixtures(OpenStackApi admin, OpenStackConfigs.Ports ports) {
        this.admin = admin;
        this.ports = ports;
        this.keystone = "http://127.0.0.1:" + ports.keystone() + "/v3";
    }

    void create() {
        ObjectNode flavor = OpenStackServer.object();
        flavor.putObject("flavor").put("name", "m1.tiny").put("ram", 64).put("vcpus", 1).put("disk", 1);
        admin.post("http://127.0.0.1:" + ports.nova() + "/v2.1/flavors", flavor);
        String glance = "http://127.0.0.1:" + ports.glance() + "/v2/images";
        ObjectNode image = OpenStackServer.object().put("name", "tiny").put("disk_format", "raw").put("container_format", "bare")
                .put("visibility", "public");
        String imageId = admin.post(glance, image).path("id").asText();
        admin.putBytes(glance + "/" + imageId + "/file", new byte[1 << 20]);
        String neutron = "http://127.0.0.1:" + ports.neutron() + "/v2.0";
        ObjectNode net = OpenStackServer.object();
        net.putObject("network").put("name", PUBLIC_NETWORK).put("router:external", true).put("provider:network_type", "flat")
                .put("provider:physical_network", PUBLIC_NETWORK);
        String netId = admin.post(neutron + "/networks", net).path("network").path("id").asText();
        ObjectNode subnet = OpenStackServer.object();
        subnet.putObject("subnet").put("network_id", netId).put("cidr", "203.0.113.0/24").put("ip_version", 4).put("enable_dhcp", false)
                .put("name", "public-subnet");
        admin.post(neutron + "/subnets", subnet);
        projectId = admin.get(keystone + "/projects?name=" + OpenStackServer.PROJECT).path("projects").get(0).path("id").asText();
        adminProjectId = admin.get(keystone + "/projects?name=admin").path("projects").get(0).path("id").asText();
    }

    String projectId() {
        return projectId;
    }

    String adminProjectId() {
        return adminProjectId;
    }
}
