package io.corekube.testing.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Keystone's side of the test cloud: project {@code service} with a user per service (roles admin and service, so
 * that service tokens are accepted), the services and their public, internal and admin endpoints in RegionOne,
 * Heat's stack-user domain and its admin, and the tests' own project and user.
 */
final class Catalog {

    private final OpenStackApi admin;
    private final String keystone;
    private final String password;
    private final OpenStackConfigs.Ports ports;

    Catalog(OpenStackApi admin, String keystone, String password, OpenStackConfigs.Ports ports) {
        this.admin = admin;
        this.keystone = keystone;
        this.password = password;
        this.ports = ports;
    }

    void create() {
        String service = create("projects", "project", Map.of("name", "service", "domain_id", "default"));
        String adminRole = roleId("admin");
        String serviceRole = create("roles", "role", Map.of("name", "service"));
        String memberRole = roleId("member");
        String stackOwner = create("roles", "role", Map.of("name", "heat_stack_owner"));
        create("roles", "role", Map.of("name", "heat_stack_user"));
        for (String user : List.of("nova", "neutron", "glance", "placement", "heat")) {
            String id = create("users", "user", Map.of("name", user, "password", password, "domain_id", "default"));
            grant("projects/" + service, id, adminRole);
            grant("projects/" + service, id, serviceRole);
        }
        endpoints("compute", "nova", "http://127.0.0.1:" + ports.nova() + "/v2.1");
        endpoints("network", "neutron", "http://127.0.0.1:" + ports.neutron());
        endpoints("image", "glance", "http://127.0.0.1:" + ports.glance());
        endpoints("placement", "placement", "http://127.0.0.1:" + ports.placement());
        endpoints("orchestration", "heat", "http://127.0.0.1:" + ports.heat() + "/v1/%(tenant_id)s");
        String heatDomain = create("domains", "domain", Map.of("name", "heat"));
        String domainAdmin = create("users", "user", Map.of("name", "heat_domain_admin", "password", password, "domain_id", heatDomain));
        grant("domains/" + heatDomain, domainAdmin, adminRole);
        String project = create("projects", "project", Map.of("name", OpenStackServer.PROJECT, "domain_id", "default"));
        String user = create("users", "user", Map.of("name", OpenStackServer.PROJECT, "password", password, "domain_id", "default"));
        grant("projects/" + project, user, memberRole);
        grant("projects/" + project, user, stackOwner);
    }

    private void endpoints(String type, String name, String url) {
        String id = create("services", "service", Map.of("type", type, "name", name));
        for (String iface : List.of("public", "internal", "admin")) {
            create("endpoints", "endpoint", Map.of("service_id", id, "interface", iface, "url", url, "region_id", OpenStackConfigs.REGION));
        }
    }

    private String roleId(String name) {
        return admin.get(keystone + "/roles?name=" + name).path("roles").get(0).path("id").asText();
    }

    private void grant(String target, String user, String role) {
        admin.put(keystone + "/" + target + "/users/" + user + "/roles/" + role, null);
    }

    private String create(String collection, String kind, Map<String, String> fields) {
        ObjectNode body = OpenStackServer.object();
        ObjectNode entity = body.putObject(kind);
        fields.forEach(entity::put);
        return admin.post(keystone + "/" + collection, body).path(kind).path("id").asText();
    }
}
