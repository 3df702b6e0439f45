package io.corekube.testing.openstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration files of the all-in-one OpenStack, every address on 127.0.0.1 and every file under one
 * directory (the settings that mattered are recorded in the project's real-openstack notes).
 */
final class OpenStackConfigs {

    /** The loopback ports the cloud listens on. */
    record Ports(int keystone, int placement, int glance, int nova, int neutron, int heat, int amqp, int epmd, int dist) {
    }

    static final String REGION = "RegionOne";
    static final String COMPUTE_HOST = "osaio-compute";

    private final Path dir;
    private final Ports ports;
    private final String password;

    OpenStackConfigs(Path dir, Ports ports, String password) {
        this.dir = dir;
        this.ports = ports;
        this.password = password;
    }

    String keystone() {
        return "http://127.0.0.1:" + ports.keystone() + "/v3";
    }

    String database(String name) {
        return "mysql+pymysql://os:" + password + "@localhost/" + name + "?unix_socket=" + dir.resolve("mysql/mysql.sock") + "&charset=utf8";
    }

    String transport() {
        return "rabbit://guest:guest@127.0.0.1:" + ports.amqp() + "/";
    }

    void writeAll() throws IOException {
        for (String d : List.of("log", "locks", "mysql/data", "rabbit/home", "rabbit/mnesia", "rabbit/log", "keystone/fernet-keys",
                "keystone/credential-keys", "placement", "glance/images", "glance/staging", "glance/tasks", "nova/state",
                "nova/instances", "neutron/state", "heat")) {
            Files.createDirectories(dir.resolve(d));
        }
        write("mysql/my.cnf", "[mysqld]", "datadir=" + dir.resolve("mysql/data"), "socket=" + dir.resolve("mysql/mysql.sock"),
                "pid-file=" + dir.resolve("mysql/mysqld.pid"), "log-error=" + dir.resolve("log/mysqld.log"), "skip-networking",
                "user=root", "max_connections=1000", "innodb_flush_log_at_trx_commit=0", "innodb_doublewrite=0", "skip-log-bin",
                "character-set-server=utf8mb4", "[client]", "socket=" + dir.resolve("mysql/mysql.sock"));
        write("rabbit/rabbitmq.conf", "listeners.tcp.1 = 127.0.0.1:" + ports.amqp(), "vm_memory_high_watermark.absolute = 512MiB",
                "disk_free_limit.absolute = 50MB", "loopback_users = none");
        write("rabbit/advanced.config", "[{kernel, [{inet_dist_use_interface, {127,0,0,1}}]}].");
        write("rabbit/enabled_plugins", "[].");
        write("rabbit/rabbitmq-env.conf", "");
        write("keystone/keystone.conf", common("keystone"), "[database]", "connection = " + database("keystone"),
                "[identity]", "password_hash_rounds = 4", "[token]", "provider = fernet",
                "[fernet_tokens]", "key_repository = " + dir.resolve("keystone/fernet-keys"),
                "[fernet_receipts]", "key_repository = " + dir.resolve("keystone/fernet-keys"),
                "[credential]", "key_repository = " + dir.resolve("keystone/credential-keys"),
                "[cache]", "enabled = true", "backend = dogpile.cache.memory");
        write("placement/placement.conf", common("placement"), "[placement_database]", "connection = " + database("placement"),
                "[api]", "auth_strategy = keystone", authtoken("placement"));
        write("glance/glance-api.conf", common("glance"), "bind_host = 127.0.0.1", "bind_port = " + ports.glance(), "workers = 0",
                "enabled_backends = fs:file", "[glance_store]", "default_backend = fs",
                "[fs]", "filesystem_store_datadir = " + dir.resolve("glance/images"),
                "[os_glance_staging_store]", "filesystem_store_datadir = " + dir.resolve("glance/staging"),
                "[os_glance_tasks_store]", "filesystem_store_datadir = " + dir.resolve("glance/tasks"),
                "[paste_deploy]", "flavor = keystone", "config_file = /usr/share/glance-common/glance-api-paste.ini",
                "[database]", "connection = " + database("glance"), authtoken("glance"));
        write("nova/nova.conf", common("nova"), "transport_url = " + transport(), "host = " + COMPUTE_HOST,
                "compute_driver = fake.FakeDriver", "my_ip = 127.0.0.1", "enabled_apis = osapi_compute",
                "osapi_compute_listen = 127.0.0.1", "osapi_compute_listen_port = " + ports.nova(), "osapi_compute_workers = 1",
                "state_path = " + dir.resolve("nova/state"), "instances_path = " + dir.resolve("nova/instances"),
                "periodic_fuzzy_delay = 0",
                "[api_database]", "connection = " + database("nova_api"), "[database]", "connection = " + database("nova"),
                "[wsgi]", "api_paste_config = /usr/share/nova-common/api-paste.ini", "[conductor]", "workers = 1",
                "[scheduler]", "workers = 1", "discover_hosts_in_cells_interval = 2",
                "[oslo_messaging_notifications]", "driver = noop", "[vnc]", "enabled = false", "[glance]", "region_name = " + REGION,
                authtoken("nova"), section("placement", "placement"), section("neutron", "neutron"),
                section("service_user", "nova"), "send_service_user_token = true");
        write("neutron/neutron.conf", common("neutron"), "bind_host = 127.0.0.1", "bind_port = " + ports.neutron(),
                "core_plugin = ml2", "service_plugins = router", "auth_strategy = keystone", "transport_url = " + transport(),
                "api_workers = 0", "rpc_workers = 0", "rpc_state_report_workers = 0",
                "notify_nova_on_port_status_changes = true", "notify_nova_on_port_data_changes = true",
                "agent_down_time = 2000000", "state_path = " + dir.resolve("neutron/state"),
                "api_paste_config = /usr/share/neutron-common/api-paste.ini",
                "[ml2]", "type_drivers = flat,vxlan", "tenant_network_types = vxlan", "mechanism_drivers = openvswitch",
                "extension_drivers = port_security", "[ml2_type_flat]", "flat_networks = public",
                "[ml2_type_vxlan]", "vni_ranges = 1:1000", "[database]", "connection = " + database("neutron"),
                authtoken("neutron"), section("nova", "nova"));
        write("heat/heat.conf", common("heat"), "transport_url = " + transport(), "num_engine_workers = 1",
                "graceful_shutdown_timeout = 5", "region_name_for_services = " + REGION,
                "heat_metadata_server_url = http://127.0.0.1:" + ports.heat(),
                "heat_waitcondition_server_url = http://127.0.0.1:" + ports.heat() + "/v1/waitcondition",
                "stack_user_domain_name = heat", "stack_domain_admin = heat_domain_admin",
                "stack_domain_admin_password = " + password, "deferred_auth_method = trusts",
                "[heat_all]", "enabled_services = api,engine",
                "[heat_api]", "bind_host = 127.0.0.1", "bind_port = " + ports.heat(), "workers = 1",
                "[paste_deploy]", "api_paste_config = /etc/heat/api-paste.ini",
                "[clients_keystone]", "auth_uri = http://127.0.0.1:" + ports.keystone(),
                "[ec2authtoken]", "auth_uri = " + keystone(),
                "[oslo_messaging_notifications]", "driver = noop", "[database]", "connection = " + database("heat"),
                authtoken("heat"), "[trustee]", "auth_url = " + keystone(), "auth_type = password",
                "user_domain_name = Default", "username = heat", "password = " + password);
    }

    Path file(String relative) {
        return dir.resolve(relative);
    }

    private String common(String service) {
        return String.join("\n", "[DEFAULT]", "use_stderr = false", "log_file = " + dir.resolve("log/" + service + ".log"),
                "debug = false", "[oslo_concurrency]", "lock_path = " + dir.resolve("locks"), "[DEFAULT]");
    }

    private String section(String name, String user) {
        return String.join("\n", "[" + name + "]", "auth_url = " + keystone(), "auth_type = password",
                "project_domain_name = Default", "user_domain_name = Default", "project_name = service",
                "username = " + user, "password = " + password, "region_name = " + REGION);
    }

    private String authtoken(String user) {
        // no token cache: a token Keystone revoked is refused at once, as tests of re-authentication need
        return section("keystone_authtoken", user) + "\nwww_authenticate_uri = " + keystone() + "\nservice_token_roles_required = true"
                + "\ntoken_cache_time = -1";
    }

    private void write(String relative, String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of(lines));
        all.add("");
        Files.writeString(dir.resolve(relative), String.join("\n", all));
    }
}
