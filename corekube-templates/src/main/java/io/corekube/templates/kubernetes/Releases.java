package io.corekube.templates.kubernetes;

import io.corekube.templates.download.Artifact;
import io.corekube.templates.download.Checksum;
import java.util.List;
import java.util.Map;

/**
 * The releases each profile downloads, pinned to published digests, each with the place it was published. An
 * artifact for which no digest is published is listed as such and is refused unless the user supplies a digest or
 * allows it unverified by name.
 */
final class Releases {

    /**
     * A download step of a role: an artifact, where it goes, and for an archive the members to extract and the
     * components to strip.
     */
    record Extract(String artifact, String directory, int strip, List<String> members) {
    }

    static final String KUBERNETES_CHANGELOG = "kubernetes/kubernetes CHANGELOG/CHANGELOG-1.34.md, Downloads for v1.34.7"
            + " (commit 008b3652959ca58af8be3fb5b6ecfe9ae7638282)";
    static final String KUBESPRAY_CHECKSUMS = "kubernetes-sigs/kubespray roles/kubespray_defaults/vars/main/checksums.yml"
            + " (commit 46dbdd3994b32640bcd806b0097f50e8fdf1d514), the sha256 of the project's release asset";

    private static final List<Artifact> CURRENT = List.of(
            Artifact.pinned("kubernetes-server", "https://dl.k8s.io/v1.34.7/kubernetes-server-linux-amd64.tar.gz",
                    Checksum.sha512("baaf8dd4ff110a384e9dfe3db54a85a04223074fd13da32a38f9883a12b93bcd"
                            + "26ae4d666bbc2f37724f0a6631f3d2e4ddb97caaf909906711a824afd70cec81"), KUBERNETES_CHANGELOG),
            Artifact.pinned("kubernetes-node", "https://dl.k8s.io/v1.34.7/kubernetes-node-linux-amd64.tar.gz",
                    Checksum.sha512("75db53a192c4f81e6810e4544675ba474a39fb3381b20cbeceb175091a217387"
                            + "d73df6d648034be4c7c07c294d97985d77204b6b54b0ed9bedb89fb879c56f3e"), KUBERNETES_CHANGELOG),
            // the machines' etcd (fleet and flannel): v3.5, the last series with the v2 API fleet v1.0.0 speaks
            Artifact.pinned("etcd", "https://github.com/etcd-io/etcd/releases/download/v3.5.29/etcd-v3.5.29-linux-amd64.tar.gz",
                    Checksum.sha256("7692f812db0bfeee3a731c45046864cf729e552bad82ce7cb5b507053d033267"), KUBESPRAY_CHECKSUMS),
            // the API server's own etcd: v3.6, the series Kubernetes v1.34 moved to (its v2 discovery still works; 3.7 removes it)
            Artifact.pinned("kube-etcd", "https://github.com/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz",
                    Checksum.sha256("66bad39ed920f6fc15fd74adcb8bfd38ba9a6412f8c7852d09eb11670e88cac3"), KUBESPRAY_CHECKSUMS),
            Artifact.pinned("cni-plugins", "https://github.com/containernetworking/plugins/releases/download/v1.9.1/"
                    + "cni-plugins-linux-amd64-v1.9.1.tgz",
                    Checksum.sha256("b98f74a0f8522f0a83867178729c1aa70f2158f90c45a2ca8fa791db1c76b303"), KUBESPRAY_CHECKSUMS),
            Artifact.unpublished("flannel-cni", "https://github.com/flannel-io/cni-plugin/releases/download/v1.6.2-flannel1/"
                    + "flannel-amd64", "flannel-io/cni-plugin publishes no digest we could read for its binary"),
            Artifact.unpublished("flanneld", "https://github.com/flannel-io/flannel/releases/download/v0.17.0/flanneld-amd64",
                    "flannel v0.17.0 publishes no digest for flanneld-amd64"),
            Artifact.unpublished("fleet", "https://github.com/coreos/fleet/releases/download/v1.0.0/fleet-v1.0.0-linux-amd64.tar.gz",
                    "fleet v1.0.0 (2017) publishes no digest; Flatcar does not ship fleet"));

    private static final String V14 = "https://storage.googleapis.com/kubernetes-release/release/v1.4.0/bin/linux/amd64/";
    private static final String V14_NONE = "Kubernetes v1.4.0 published digests for kubernetes.tar.gz only, not per binary";

    private static final List<Artifact> ORIGINAL = List.of(
            Artifact.unpublished("kube-apiserver", V14 + "kube-apiserver", V14_NONE),
            Artifact.unpublished("kube-controller-manager", V14 + "kube-controller-manager", V14_NONE),
            Artifact.unpublished("kube-scheduler", V14 + "kube-scheduler", V14_NONE),
            Artifact.unpublished("kubectl", V14 + "kubectl", V14_NONE),
            Artifact.unpublished("kubelet", V14 + "kubelet", V14_NONE),
            Artifact.unpublished("kube-proxy", V14 + "kube-proxy", V14_NONE),
            Artifact.unpublished("flanneld", "https://storage.googleapis.com/flanneld/flanneld",
                    "the original's flanneld 0.5.5 build publishes no digest"));

    private static final Map<String, List<Extract>> CURRENT_ROLES = Map.of(
            "master", List.of(new Extract("kubernetes-server", "/opt/bin", 3, List.of("kubernetes/server/bin/kube-apiserver",
                    "kubernetes/server/bin/kube-controller-manager", "kubernetes/server/bin/kube-scheduler",
                    "kubernetes/server/bin/kubectl")),
                    new Extract("kube-etcd", "/opt/kube-etcd", 1, List.of("etcd-v3.6.5-linux-amd64/etcd"))),
            "minion", List.of(new Extract("kubernetes-node", "/opt/bin", 3, List.of("kubernetes/node/bin/kubelet",
                    "kubernetes/node/bin/kube-proxy"))));

    private static final Map<String, List<Extract>> ORIGINAL_ROLES = Map.of(
            "master", List.of(file("kube-apiserver"), file("kube-controller-manager"), file("kube-scheduler"), file("kubectl")),
            "minion", List.of(file("kubelet"), file("kube-proxy")));

    private Releases() {
    }

    private static Extract file(String artifact) {
        return new Extract(artifact, "/opt/bin", 0, List.of());
    }

    static List<Artifact> artifacts(KubernetesRoles.Profile profile) {
        return profile == KubernetesRoles.Profile.CURRENT ? CURRENT : ORIGINAL;
    }

    static Map<String, List<Extract>> roleDownloads(KubernetesRoles.Profile profile) {
        return profile == KubernetesRoles.Profile.CURRENT ? CURRENT_ROLES : ORIGINAL_ROLES;
    }
}
