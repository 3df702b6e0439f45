package io.corekube.templates.cloud;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.templates.download.Downloads;
import io.corekube.templates.kubernetes.ClusterSecrets;
import io.corekube.templates.kubernetes.KubernetesRoles;
import io.corekube.templates.kubernetes.NodeFiles;
import io.corekube.unit.UnitFile;
import java.util.List;
import java.util.Optional;

/**
 * The HOT template of a whole Corekube cluster ({@code heat_template_version: 2016-10-14}): private network,
 * subnet and router; security groups that open only what the cluster uses (etcd 2379/2380/4001/7001, fleet
 * 10001, Kubernetes API 6443/8080, kubelet 10250 and flannel's vxlan 8472/udp inside the subnet; ssh and the API
 * from {@link StackSpec#adminCidr()}), instead of the original's all ports to the world; the discovery node and
 * its wait condition; the overlord (optional) and its wait condition; the master with a floating IP; minions as a
 * ResourceGroup; constrained parameters; the original's outputs.
 */
public final class ClusterTemplate {

    /** Heat's str_replace placeholder for the discovery node's address (a valid DNS label, so URLs holding it validate). */
    static final String DISCOVERY_IP = "corekube-discovery-ip";
    /** Heat's str_replace placeholder for the cluster's random discovery key. */
    static final String CLUSTER_UUID = "corekube-cluster-uuid";

    /** Heat's str_replace placeholder for a wait condition handle's signal URL. */
    static final String WC_ENDPOINT = "corekube-wait-endpoint";
    /** Heat's str_replace placeholder for a wait condition handle's token (in user data only, never in fleet). */
    static final String WC_TOKEN = "corekube-wait-token";

    private ClusterTemplate() {
    }

    /**
     * The cloud-config of each kind of node the template creates, by node kind ({@code discovery},
     * {@code overlord} when the spec has one, {@code master}, {@code minion}), as YAML text with Heat's
     * placeholders (e.g. the discovery node's address) left for the stack to fill.
     */
    public static java.util.Map<String, String> cloudConfigs(StackSpec spec, KubernetesRoles roles) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("discovery", discoveryConfig(spec, roles).toYaml());
        if (spec.overlord()) {
            out.put("overlord", nodeConfig(spec, roles, "overlord").toYaml());
        }
        out.put("master", nodeConfig(spec, roles, "master").toYaml());
        out.put("minion", nodeConfig(spec, roles, "minion").toYaml());
        return out;
    }

    /**
     * The template for {@code spec} and the Kubernetes of {@code roles} (its profile, downloads and cluster values),
     * as YAML text. Credentials are hidden parameters ({@link ClusterSecrets#heatParameters}); the template holds none.
     */
    public static String generate(StackSpec spec, KubernetesRoles roles) {
        ObjectNode t = Yaml.MAPPER.createObjectNode();
        t.put("heat_template_version", "2016-10-14");
        t.put("description", "Corekube: a Kubernetes cluster on CoreOS with private etcd discovery, fleet and flannel");
        parameters(t.putObject("parameters"), spec, roles.profile());
        ObjectNode r = t.putObject("resources");
        r.putObject("coreos_cluster_uuid").put("type", "OS::Heat::RandomString").putObject("properties").put("length", 32);
        network(r, spec);
        securityGroups(r, spec);
        waitCondition(r, "discovery");
        server(r, "discovery", discoveryConfig(spec, roles), "discovery_wait_handle", false);
        if (spec.overlord()) {
            waitCondition(r, "overlord");
            server(r, "overlord", nodeConfig(spec, roles, "overlord"), "overlord_wait_handle", false);
        }
        server(r, "kubernetes_master", nodeConfig(spec, roles, "master"), null, true);
        minions(r, spec, roles);
        ObjectNode o = t.putObject("outputs");
        output(o, "discovery_ip", attr("discovery", "first_address"));
        if (spec.overlord()) {
            output(o, "overlord_ip", attr("overlord", "first_address"));
        }
        output(o, "master_ip", attr("kubernetes_master", "first_address"));
        output(o, "master_floating_ip", attr("kubernetes_master_floating_ip", "floating_ip_address"));
        output(o, "minion_ips", attr("kubernetes_minions", "first_address"));
        return Yaml.write(t);
    }

    private static void parameters(ObjectNode p, StackSpec spec, KubernetesRoles.Profile profile) {
        for (String kind : List.of("master", "minion")) {
            for (ClusterSecrets.SecretFile f : ClusterSecrets.files(profile, kind)) {
                p.putObject(f.parameter()).put("type", "string").put("hidden", true)
                        .put("description", "base64 of " + f.path() + " (Corekube credentials)");
            }
        }
        ObjectNode count = p.putObject("kubernetes_minion_count");
        count.put("type", "number").put("default", spec.minionCount()).put("description", "How many minions");
        count.putArray("constraints").addObject().putObject("range").put("min", 1).put("max", spec.maxMinions());
        ObjectNode flavor = p.putObject("flavor");
        flavor.put("type", "string").put("default", spec.flavors().get(0));
        ArrayNode allowed = flavor.putArray("constraints").addObject().putArray("allowed_values");
        spec.flavors().forEach(allowed::add);
        p.putObject("coreos_image").put("type", "string").put("default", spec.image());
        p.putObject("keyname").put("type", "string").put("default", spec.keyName());
        p.putObject("external_network").put("type", "string").put("default", spec.externalNetwork());
        ObjectNode timeout = p.putObject("timeout");
        timeout.put("type", "number").put("default", spec.waitTimeout().toSeconds());
        timeout.putArray("constraints").addObject().putObject("range").put("min", 1).put("max", 86400);
        p.putObject("admin_cidr").put("type", "string").put("default", spec.adminCidr());
    }

    private static void network(ObjectNode r, StackSpec spec) {
        r.putObject("corekube_network").put("type", "OS::Neutron::Net");
        ObjectNode subnet = r.putObject("corekube_subnet").put("type", "OS::Neutron::Subnet").putObject("properties");
        subnet.set("network", ref("corekube_network"));
        subnet.put("cidr", spec.subnetCidr());
        ArrayNode dns = subnet.putArray("dns_nameservers");
        spec.dnsServers().forEach(dns::add);
        ObjectNode router = r.putObject("corekube_router").put("type", "OS::Neutron::Router").putObject("properties");
        router.putObject("external_gateway_info").set("network", param("external_network"));
        ObjectNode iface = r.putObject("corekube_router_interface").put("type", "OS::Neutron::RouterInterface").putObject("properties");
        iface.set("router", ref("corekube_router"));
        iface.set("subnet", ref("corekube_subnet"));
    }

    private static void securityGroups(ObjectNode r, StackSpec spec) {
        ObjectNode props = r.putObject("corekube_security").put("type", "OS::Neutron::SecurityGroup").putObject("properties");
        props.put("description", "Corekube: only the ports the cluster uses");
        ArrayNode rules = props.putArray("rules");
        for (int port : new int[] {2379, 2380, 4001, 7001, 10001, 6443, 8080, 10250}) {
            rule(rules, "tcp", port, spec.subnetCidr());
        }
        rule(rules, "udp", 8472, spec.subnetCidr());
        rules.addObject().put("protocol", "icmp").put("remote_ip_prefix", spec.subnetCidr());
        for (int port : new int[] {22, 6443}) {
            ObjectNode admin = rules.addObject().put("protocol", "tcp").put("port_range_min", port).put("port_range_max", port);
            admin.set("remote_ip_prefix", param("admin_cidr"));
        }
    }

    private static void rule(ArrayNode rules, String protocol, int port, String cidr) {
        rules.addObject().put("protocol", protocol).put("port_range_min", port).put("port_range_max", port)
                .put("remote_ip_prefix", cidr);
    }

    private static void waitCondition(ObjectNode r, String node) {
        r.putObject(node + "_wait_handle").put("type", "OS::Heat::WaitConditionHandle");
        ObjectNode props = r.putObject(node + "_wait_condition").put("type", "OS::Heat::WaitCondition").putObject("properties");
        props.set("handle", ref(node + "_wait_handle"));
        props.set("timeout", param("timeout"));
    }

    private static void server(ObjectNode r, String name, CloudConfig config, String waitHandle, boolean floating) {
        ObjectNode port = r.putObject(name + "_port").put("type", "OS::Neutron::Port").putObject("properties");
        port.set("network", ref("corekube_network"));
        port.putArray("security_groups").add(ref("corekube_security"));
        port.putArray("fixed_ips").addObject().set("subnet", ref("corekube_subnet"));
        ObjectNode props = r.putObject(name).put("type", "OS::Nova::Server").putObject("properties");
        props.set("image", param("coreos_image"));
        props.set("flavor", param("flavor"));
        props.set("key_name", param("keyname"));
        props.putArray("networks").addObject().set("port", ref(name + "_port"));
        props.put("config_drive", true);
        props.put("user_data_format", "RAW");
        props.set("user_data", userData(config, waitHandle));
        if (floating) {
            ObjectNode fip = r.putObject(name + "_floating_ip").put("type", "OS::Neutron::FloatingIP").putObject("properties");
            fip.set("floating_network", param("external_network"));
            fip.set("port_id", ref(name + "_port"));
        }
    }

    private static void minions(ObjectNode r, StackSpec spec, KubernetesRoles roles) {
        ObjectNode group = r.putObject("kubernetes_minions").put("type", "OS::Heat::ResourceGroup").putObject("properties");
        group.set("count", param("kubernetes_minion_count"));
        ObjectNode def = group.putObject("resource_def").put("type", "OS::Nova::Server").putObject("properties");
        def.put("name", "kubernetes_minion_%index%");
        def.set("image", param("coreos_image"));
        def.set("flavor", param("flavor"));
        def.set("key_name", param("keyname"));
        def.putArray("networks").addObject().set("network", ref("corekube_network"));
        def.putArray("security_groups").add(ref("corekube_security"));
        def.put("config_drive", true);
        def.put("user_data_format", "RAW");
        def.set("user_data", userData(nodeConfig(spec, roles, "minion"), null));
    }

    /**
     * The discovery node: etcd on the host network, then (CURRENT) the size of the machines' etcd cluster and of the
     * API server's etcd under the cluster's keys, then the wait condition signalled.
     */
    static CloudConfig discoveryConfig(StackSpec spec, KubernetesRoles roles) {
        UnitFile etcd = UnitFile.builder().unit("Description", "Private etcd discovery service")
                .unit("After", "docker.service").unit("Requires", "docker.service")
                .service("ExecStartPre", "-/usr/bin/docker rm -f discovery-etcd")
                .service("ExecStart", "/usr/bin/docker run --name discovery-etcd --net=host quay.io/coreos/etcd:v"
                        + spec.discoveryEtcdVersion() + " --listen-client-urls=http://0.0.0.0:2379,http://0.0.0.0:4001"
                        + " --advertise-client-urls=http://$private_ipv4:2379")
                .service("Restart", "always").build();
        CloudConfig.Builder b = CloudConfig.builder().unit("discovery-etcd.service", Optional.of("start"), Optional.of(etcd));
        String after = "discovery-etcd.service";
        if (roles.profile() == KubernetesRoles.Profile.CURRENT) {
            UnitFile.Builder size = UnitFile.builder().unit("Description", "Size the cluster's discovery keys")
                    .unit("After", "discovery-etcd.service").unit("Requires", "discovery-etcd.service")
                    .service("Type", "oneshot").service("RemainAfterExit", "yes");
            for (String[] key : new String[][] {{CLUSTER_UUID, String.valueOf(MACHINE_ETCD_MEMBERS)}, {CLUSTER_UUID + "-kubernetes", "1"}}) {
                size.service("ExecStart", "/usr/bin/curl --fail --silent --show-error --retry 30 --retry-connrefused -X PUT"
                        + " --data value=" + key[1] + " http://127.0.0.1:2379/v2/keys/discovery/" + key[0] + "/_config/size");
            }
            b.unit("discovery-size.service", Optional.of("start"), Optional.of(size.build()));
            after = "discovery-size.service";
        }
        return b.unit("notify-heat.service", Optional.of("start"), Optional.of(notify(after))).build();
    }

    /** How many machines are members of the machines' etcd cluster; later machines join as proxies. */
    static final int MACHINE_ETCD_MEMBERS = 3;

    /** The discovery URL of the machines' etcd, with Heat's placeholders. */
    static final String DISCOVERY_URL = "http://" + DISCOVERY_IP + ":2379/v2/keys/discovery/" + CLUSTER_UUID;

    /**
     * A cluster node of {@code kind} ({@code overlord}, {@code master}, {@code minion}) for the profile of
     * {@code roles}: etcd through the private discovery, fleet with its role, flannel reading the local etcd (where
     * the deployer publishes the network config), the node's files (configs, and credentials as Heat placeholders)
     * and, with CURRENT on Flatcar, what the image lacks: etcd, fleet, flanneld, the CNI plugins, containerd's config.
     */
    static CloudConfig nodeConfig(StackSpec spec, KubernetesRoles roles, String kind) {
        Downloads downloads = roles.downloads().withMirror("flanneld", spec.flannelUrl());
        CloudConfig.Builder b = roles.profile() == KubernetesRoles.Profile.CURRENT
                ? FlatcarNode.base(b(), downloads, kind) : CoreOsNode.base(b(), kind);
        if (kind.equals("overlord")) {
            b.unit("fleet.socket", Optional.of("start"), Optional.of(UnitFile.builder().add("Socket", "ListenStream", "/var/run/fleet.sock")
                    .add("Socket", "ListenStream", "10001").build()));
            b.unit("notify-heat.service", Optional.of("start"), Optional.of(notify("fleet.service")));
            return b.build();
        }
        if (roles.profile() == KubernetesRoles.Profile.CURRENT) {
            FlatcarNode.network(b, downloads, spec.netInterface(), kind);
        } else {
            CoreOsNode.network(b, downloads, spec.netInterface());
        }
        NodeFiles.of(roles).forNode(kind, DISCOVERY_URL).forEach((path, content) ->
                b.file(path, path.endsWith(".env") ? "0600" : "0644", content));
        for (ClusterSecrets.SecretFile f : ClusterSecrets.files(roles.profile(), kind)) {
            b.encodedFile(f.path(), f.mode(), f.placeholder());
        }
        return b.build();
    }

    private static CloudConfig.Builder b() {
        return CloudConfig.builder();
    }

    private static UnitFile notify(String after) {
        return UnitFile.builder().unit("Description", "Tell Heat this node is up").unit("After", after)
                .service("Type", "oneshot")
                .service("ExecStart", "/usr/bin/curl --fail --silent --show-error --retry 5 -X POST -H \"X-Auth-Token: "
                        + WC_TOKEN + "\" -H \"Content-Type: application/json\" --data-binary \"{\\\"status\\\": \\\"SUCCESS\\\"}\" "
                        + WC_ENDPOINT)
                .build();
    }

    private static ObjectNode userData(CloudConfig config, String waitHandle) {
        ObjectNode sr = Yaml.MAPPER.createObjectNode();
        ObjectNode body = sr.putObject("str_replace");
        body.put("template", config.toYaml());
        ObjectNode params = body.putObject("params");
        String text = config.toYaml();
        // only the substitutions the config uses: the discovery node must not depend on its own address
        if (text.contains(DISCOVERY_IP)) {
            params.set(DISCOVERY_IP, attr("discovery", "first_address"));
        }
        if (text.contains(CLUSTER_UUID)) {
            params.set(CLUSTER_UUID, ref("coreos_cluster_uuid"));
        }
        if (text.contains(NodeFiles.MASTER_IP)) {
            params.set(NodeFiles.MASTER_IP, attr("kubernetes_master", "first_address"));
        }
        for (String kind : List.of("master", "minion")) {
            for (KubernetesRoles.Profile profile : KubernetesRoles.Profile.values()) {
                for (ClusterSecrets.SecretFile f : ClusterSecrets.files(profile, kind)) {
                    if (text.contains(f.placeholder())) {
                        params.set(f.placeholder(), param(f.parameter()));
                    }
                }
            }
        }
        if (waitHandle != null) {
            params.set(WC_ENDPOINT, attr(waitHandle, "endpoint"));
            params.set(WC_TOKEN, attr(waitHandle, "token"));
        }
        return sr;
    }

    private static void output(ObjectNode outputs, String name, ObjectNode value) {
        outputs.putObject(name).set("value", value);
    }

    private static ObjectNode ref(String resource) {
        return Yaml.MAPPER.createObjectNode().put("get_resource", resource);
    }

    private static ObjectNode param(String name) {
        return Yaml.MAPPER.createObjectNode().put("get_param", name);
    }

    private static ObjectNode attr(String resource, String attribute) {
        ObjectNode n = Yaml.MAPPER.createObjectNode();
        n.putArray("get_attr").add(resource).add(attribute);
        return n;
    }

    static List<String> resourceNames(String yaml) {
        try {
            List<String> names = new java.util.ArrayList<>();
            Yaml.MAPPER.readTree(yaml).path("resources").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
