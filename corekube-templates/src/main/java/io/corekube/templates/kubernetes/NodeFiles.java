package io.corekube.templates.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corekube.templates.render.Template;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration files a machine's boot data writes for its Kubernetes role, none of them secret: kubeconfigs
 * that name their certificate and key files (the files themselves come from {@link ClusterSecrets}), the
 * KubeletConfiguration and KubeProxyConfiguration, containerd's config (systemd cgroups), flannel's CNI conflist,
 * and the add-on manifests (CoreDNS with the cluster domain and DNS address; the kubelets' bootstrap RBAC). ORIGINAL
 * gets the original's {@code /run/discovery_ip_port} and a kube-dns add-on for v1.4. Written as JSON, which YAML
 * readers take as it is.
 */
public final class NodeFiles {

    /** Heat's str_replace placeholder for the master's address, in the minions' files. */
    public static final String MASTER_IP = "corekube-master-ip";
    /** Where the machines keep their Kubernetes credentials and kubeconfigs. */
    public static final String PKI_DIR = "/srv/kubernetes";
    /** The CoreDNS image for Kubernetes v1.34 (kubeadm's CoreDNS version for that release, v1.12.1). */
    static final String COREDNS_IMAGE = "registry.k8s.io/coredns/coredns:v1.12.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesRoles roles;

    private NodeFiles(KubernetesRoles roles) {
        this.roles = roles;
    }

    /** The files of the cluster {@code roles} describes. */
    public static NodeFiles of(KubernetesRoles roles) {
        return new NodeFiles(roles);
    }

    /**
     * The files a node of {@code kind} ({@code master} or {@code minion}) gets, path to content; Heat placeholders
     * ({@link #MASTER_IP}, the discovery address and cluster key of the cluster template) are left for the stack.
     */
    public Map<String, String> forNode(String kind, String discoveryUrlBase) {
        Map<String, String> files = new LinkedHashMap<>();
        boolean current = roles.profile() == KubernetesRoles.Profile.CURRENT;
        if (kind.equals("master")) {
            if (current) {
                String local = "https://127.0.0.1:6443";
                files.put(PKI_DIR + "/controller-manager.kubeconfig", kubeconfig(local, "system:kube-controller-manager", "controller-manager"));
                files.put(PKI_DIR + "/scheduler.kubeconfig", kubeconfig(local, "system:kube-scheduler", "scheduler"));
                files.put(PKI_DIR + "/admin.kubeconfig", kubeconfig(local, "kubernetes-admin", "admin"));
                files.put("/etc/kubernetes/scheduler-config.yaml", write(JSON.createObjectNode()
                        .put("apiVersion", "kubescheduler.config.k8s.io/v1").put("kind", "KubeSchedulerConfiguration")
                        .set("clientConnection", JSON.createObjectNode().put("kubeconfig", PKI_DIR + "/scheduler.kubeconfig"))));
                files.put("/etc/kubernetes/kube-etcd.env", "ETCD_DISCOVERY=" + discoveryUrlBase + "-kubernetes\n");
                files.put(PKI_DIR + "/addons/coredns.json", coreDns());
                files.put(PKI_DIR + "/addons/kubelet-bootstrap-rbac.json", bootstrapRbac());
            } else {
                files.put("/run/discovery_ip_port", "DISCOVERY_IP_PORT=" + discoveryUrlBase.substring(0, discoveryUrlBase.indexOf("/v2/")) + "\n");
                files.put(PKI_DIR + "/addons/kube-system.json", write(JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace")
                        .set("metadata", JSON.createObjectNode().put("name", "kube-system"))));
                files.put(PKI_DIR + "/addons/skydns.json", kubeDnsV14());
            }
        } else if (kind.equals("minion") && current) {
            String master = "https://" + MASTER_IP + ":6443";
            files.put(PKI_DIR + "/bootstrap.kubeconfig", bootstrapKubeconfig(master));
            files.put(PKI_DIR + "/kube-proxy.kubeconfig", kubeconfig(master, "system:kube-proxy", "kube-proxy"));
            files.put("/etc/kubernetes/kubelet-config.yaml", kubeletConfig());
            files.put("/etc/kubernetes/kube-proxy-config.yaml", kubeProxyConfig());
            files.put("/etc/containerd/config.toml", containerdConfig());
            files.put("/etc/cni/net.d/10-flannel.conflist", cniConflist());
        }
        return files;
    }

    private static String kubeconfig(String server, String user, String files) {
        ObjectNode root = kubeconfigFrame(server, user);
        root.withArray("users").addObject().put("name", user).putObject("user")
                .put("client-certificate", PKI_DIR + "/" + files + ".crt").put("client-key", PKI_DIR + "/" + files + ".key");
        return write(root);
    }

    private static String bootstrapKubeconfig(String server) {
        ObjectNode root = kubeconfigFrame(server, "kubelet-bootstrap");
        root.withArray("users").addObject().put("name", "kubelet-bootstrap").putObject("user")
                .put("tokenFile", PKI_DIR + "/bootstrap-token");
        return write(root);
    }

    /** A kubeconfig's cluster (the CA file, and the API server's certificate checked for the name kubernetes) and context. */
    private static ObjectNode kubeconfigFrame(String server, String user) {
        ObjectNode root = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Config");
        root.putArray("clusters").addObject().put("name", "corekube").putObject("cluster").put("server", server)
                .put("certificate-authority", PKI_DIR + "/ca.crt").put("tls-server-name", "kubernetes");
        root.putArray("users");
        root.putArray("contexts").addObject().put("name", "default").putObject("context").put("cluster", "corekube").put("user", user);
        root.put("current-context", "default");
        return root;
    }

    private String kubeletConfig() {
        ObjectNode c = JSON.createObjectNode().put("apiVersion", "kubelet.config.k8s.io/v1beta1").put("kind", "KubeletConfiguration");
        ObjectNode authn = c.putObject("authentication");
        authn.putObject("anonymous").put("enabled", false);
        authn.putObject("webhook").put("enabled", true);
        authn.putObject("x509").put("clientCAFile", PKI_DIR + "/ca.crt");
        c.putObject("authorization").put("mode", "Webhook");
        c.put("cgroupDriver", "systemd");
        c.put("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock");
        c.putArray("clusterDNS").add(roles.clusterDnsIp().toString());
        c.put("clusterDomain", roles.clusterDomain().toString());
        c.put("rotateCertificates", true);
        return write(c);
    }

    private String kubeProxyConfig() {
        ObjectNode c = JSON.createObjectNode().put("apiVersion", "kubeproxy.config.k8s.io/v1alpha1").put("kind", "KubeProxyConfiguration");
        c.putObject("clientConnection").put("kubeconfig", PKI_DIR + "/kube-proxy.kubeconfig");
        c.put("mode", "iptables");
        c.put("clusterCIDR", roles.podCidr().toString());
        return write(c);
    }

    private static String containerdConfig() {
        return String.join("\n",
                "# containerd for the kubelet: the CRI plugin with runc under systemd cgroups, CNI from /opt/cni/bin",
                "version = 2",
                "",
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]",
                "  runtime_type = \"io.containerd.runc.v2\"",
                "",
                "[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]",
                "  SystemdCgroup = true",
                "",
                "[plugins.\"io.containerd.grpc.v1.cri\".cni]",
                "  bin_dir = \"/opt/cni/bin\"",
                "  conf_dir = \"/etc/cni/net.d\"",
                "");
    }

    private static String cniConflist() {
        ObjectNode c = JSON.createObjectNode().put("cniVersion", "1.0.0").put("name", "cbr0");
        ArrayNode plugins = c.putArray("plugins");
        plugins.addObject().put("type", "flannel").putObject("delegate").put("hairpinMode", true).put("isDefaultGateway", true);
        plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
        return write(c);
    }

    private String coreDns() {
        String corefile = Template.resource(NodeFiles.class, "addons/Corefile")
                .render(Map.of("cluster_domain", roles.clusterDomain().toString()));
        ArrayNode items = JSON.createArrayNode();
        items.add(object("v1", "ServiceAccount", "coredns"));
        ObjectNode role = object("rbac.authorization.k8s.io/v1", "ClusterRole", "system:coredns");
        ArrayNode rules = role.putArray("rules");
        rule(rules, "", List.of("endpoints", "services", "pods", "namespaces"), List.of("list", "watch"));
        rule(rules, "discovery.k8s.io", List.of("endpointslices"), List.of("list", "watch"));
        items.add(role);
        items.add(binding("system:coredns", "system:coredns", "ServiceAccount", "coredns"));
        ObjectNode config = object("v1", "ConfigMap", "coredns");
        config.putObject("data").put("Corefile", corefile);
        items.add(config);
        items.add(coreDnsDeployment());
        ObjectNode service = dnsService();
        service.withArray("/spec/ports").addObject().put("name", "metrics").put("port", 9153).put("protocol", "TCP");
        items.add(service);
        return list(items);
    }

    private static ObjectNode coreDnsDeployment() {
        ObjectNode d = object("apps/v1", "Deployment", "coredns");
        ObjectNode spec = d.putObject("spec");
        spec.putObject("selector").putObject("matchLabels").put("k8s-app", "kube-dns");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("k8s-app", "kube-dns");
        ObjectNode pod = template.putObject("spec");
        pod.put("serviceAccountName", "coredns").put("priorityClassName", "system-cluster-critical").put("dnsPolicy", "Default");
        pod.putArray("tolerations").addObject().put("key", "CriticalAddonsOnly").put("operator", "Exists");
        pod.putObject("nodeSelector").put("kubernetes.io/os", "linux");
        ObjectNode c = pod.putArray("containers").addObject().put("name", "coredns").put("image", COREDNS_IMAGE)
                .put("imagePullPolicy", "IfNotPresent");
        c.putArray("args").add("-conf").add("/etc/coredns/Corefile");
        c.putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "70Mi");
        c.withObject("/resources").putObject("limits").put("memory", "170Mi");
        c.putArray("volumeMounts").addObject().put("name", "config-volume").put("mountPath", "/etc/coredns").put("readOnly", true);
        ArrayNode ports = c.putArray("ports");
        ports.addObject().put("containerPort", 53).put("name", "dns").put("protocol", "UDP");
        ports.addObject().put("containerPort", 53).put("name", "dns-tcp").put("protocol", "TCP");
        ports.addObject().put("containerPort", 9153).put("name", "metrics").put("protocol", "TCP");
        c.putObject("livenessProbe").put("initialDelaySeconds", 60).put("timeoutSeconds", 5).put("failureThreshold", 5)
                .putObject("httpGet").put("path", "/health").put("port", 8080).put("scheme", "HTTP");
        c.putObject("readinessProbe").putObject("httpGet").put("path", "/ready").put("port", 8181).put("scheme", "HTTP");
        ObjectNode security = c.putObject("securityContext").put("allowPrivilegeEscalation", false).put("readOnlyRootFilesystem", true);
        security.putObject("capabilities").putArray("add").add("NET_BIND_SERVICE");
        security.withObject("/capabilities").putArray("drop").add("ALL");
        ObjectNode volume = pod.putArray("volumes").addObject().put("name", "config-volume");
        volume.putObject("configMap").put("name", "coredns").putArray("items").addObject().put("key", "Corefile").put("path", "Corefile");
        return d;
    }

    /**
     * The RBAC of TLS bootstrap: bootstrapping kubelets may ask for a certificate, their requests are approved, and
     * nodes may renew their own; plus the API server's access to kubelets (its client certificate's group is
     * system:masters already).
     */
    private static String bootstrapRbac() {
        ArrayNode items = JSON.createArrayNode();
        items.add(binding("corekube:kubelet-bootstrap", "system:node-bootstrapper", "Group", "system:bootstrappers"));
        items.add(binding("corekube:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "Group", "system:bootstrappers"));
        items.add(binding("corekube:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "Group", "system:nodes"));
        return list(items);
    }

    /** The v1.4 cluster DNS: kube-dns, dnsmasq and healthz as Kubernetes v1.4.0's add-on (cluster/addons/dns) had them. */
    private String kubeDnsV14() {
        String domain = roles.clusterDomain().toString();
        ArrayNode items = JSON.createArrayNode();
        ObjectNode rc = object("v1", "ReplicationController", "kube-dns-v20");
        ObjectNode spec = rc.putObject("spec").put("replicas", 1);
        spec.putObject("selector").put("k8s-app", "kube-dns");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("k8s-app", "kube-dns");
        ObjectNode pod = template.putObject("spec").put("dnsPolicy", "Default");
        ArrayNode containers = pod.putArray("containers");
        ObjectNode kubedns = containers.addObject().put("name", "kubedns").put("image", "gcr.io/google_containers/kubedns-amd64:1.8");
        kubedns.putArray("args").add("--domain=" + domain + ".").add("--dns-port=10053");
        kubedns.putArray("ports").addObject().put("containerPort", 10053).put("name", "dns-local").put("protocol", "UDP");
        ObjectNode dnsmasq = containers.addObject().put("name", "dnsmasq").put("image", "gcr.io/google_containers/kube-dnsmasq-amd64:1.4");
        dnsmasq.putArray("args").add("--cache-size=1000").add("--no-resolv").add("--server=127.0.0.1#10053").add("--log-facility=-");
        ArrayNode ports = dnsmasq.putArray("ports");
        ports.addObject().put("containerPort", 53).put("name", "dns").put("protocol", "UDP");
        ports.addObject().put("containerPort", 53).put("name", "dns-tcp").put("protocol", "TCP");
        ObjectNode healthz = containers.addObject().put("name", "healthz").put("image", "gcr.io/google_containers/exechealthz-amd64:1.2");
        healthz.putArray("args").add("--cmd=nslookup kubernetes.default.svc." + domain + " 127.0.0.1 >/dev/null")
                .add("--url=/healthz-dnsmasq").add("--port=8080");
        items.add(rc);
        items.add(dnsService());
        return list(items);
    }

    /** The kube-dns Service on the cluster DNS address, DNS over UDP and TCP. */
    private ObjectNode dnsService() {
        ObjectNode service = object("v1", "Service", "kube-dns");
        ObjectNode spec = service.putObject("spec");
        spec.putObject("selector").put("k8s-app", "kube-dns");
        spec.put("clusterIP", roles.clusterDnsIp().toString());
        ArrayNode ports = spec.putArray("ports");
        ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP");
        ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP");
        return service;
    }

    private static ObjectNode object(String apiVersion, String kind, String name) {
        ObjectNode o = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode meta = o.putObject("metadata").put("name", name);
        if (!kind.startsWith("Cluster")) {
            meta.put("namespace", "kube-system");
        }
        meta.putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true");
        return o;
    }

    private static void rule(ArrayNode rules, String group, List<String> resources, List<String> verbs) {
        ObjectNode r = rules.addObject();
        r.putArray("apiGroups").add(group);
        resources.forEach(r.putArray("resources")::add);
        verbs.forEach(r.putArray("verbs")::add);
    }

    private static ObjectNode binding(String name, String clusterRole, String subjectKind, String subject) {
        ObjectNode b = JSON.createObjectNode().put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", "ClusterRoleBinding");
        b.putObject("metadata").put("name", name);
        b.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", "ClusterRole").put("name", clusterRole);
        ObjectNode s = b.putArray("subjects").addObject().put("kind", subjectKind).put("name", subject);
        if (subjectKind.equals("ServiceAccount")) {
            s.put("namespace", "kube-system");
        } else {
            s.put("apiGroup", "rbac.authorization.k8s.io");
        }
        return b;
    }

    private static String list(ArrayNode items) {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.set("items", items);
        return write(list);
    }

    static String write(Object node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
