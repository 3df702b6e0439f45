package io.corekube.templates.cloud;

import io.corekube.templates.download.Downloads;
import io.corekube.unit.UnitFile;
import io.corekube.value.FilePath;
import java.util.Optional;

/**
 * A CoreOS Container Linux node as of 2016, as the original Corekube configured it: the image's etcd and fleet
 * (configured by cloud-config's {@code coreos.etcd} and {@code coreos.fleet}), flanneld downloaded and reading the
 * local etcd, and docker on the flannel subnet.
 */
final class CoreOsNode {

    private CoreOsNode() {
    }

    static CloudConfig.Builder base(CloudConfig.Builder b, String kind) {
        return b.etcd(ClusterTemplate.DISCOVERY_URL, "$private_ipv4:4001", "$private_ipv4:7001")
                .fleetPublicIp("$private_ipv4").fleetMetadata("kubernetes_role", kind)
                .unit("etcd.service", Optional.of("start"), Optional.empty())
                .unit("fleet.service", Optional.of("start"), Optional.empty());
    }

    static void network(CloudConfig.Builder b, Downloads downloads, String iface) {
        UnitFile.Builder install = Downloads.installUnit("Install flanneld");
        b.unit("flannel-install.service", Optional.of("start"), Optional.of(downloads.fetchFile(install, "flanneld",
                FilePath.parse("flanneld", "/opt/bin/flanneld")).build()));
        b.unit("flannel.service", Optional.of("start"), Optional.of(UnitFile.builder()
                        .unit("Description", "flannel overlay network").unit("After", "flannel-install.service etcd.service")
                        .unit("Requires", "flannel-install.service")
                        .service("ExecStart", "/opt/bin/flanneld -etcd-endpoints=http://127.0.0.1:4001 -iface=" + iface)
                        .service("Restart", "always").build()))
                .unit("flannel-env.path", Optional.of("start"), Optional.of(UnitFile.builder()
                        .add("Path", "PathExists", "/run/flannel/subnet.env").add("Path", "Unit", "docker.service").build()))
                .unit("docker.service", Optional.empty(), Optional.of(UnitFile.builder()
                        .unit("Description", "Docker on the flannel network").unit("After", "flannel.service")
                        .service("EnvironmentFile", "/run/flannel/subnet.env")
                        .service("ExecStart", "/usr/bin/docker daemon --bip=${FLANNEL_SUBNET} --mtu=${FLANNEL_MTU}").build()));
    }
}
