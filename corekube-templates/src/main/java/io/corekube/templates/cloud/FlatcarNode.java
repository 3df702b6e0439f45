package io.corekube.templates.cloud;

import io.corekube.templates.download.Downloads;
import io.corekube.unit.UnitFile;
import io.corekube.value.FilePath;
import java.util.List;
import java.util.Optional;

/**
 * What a Flatcar Container Linux node needs beyond its image (which ships containerd, docker, curl, tar and
 * coreutils, but no fleet, no CNI plugins and only a containerised etcd and flannel that are off by default): etcd
 * v3.5 (with the v2 API fleet and flannel v0.17 speak) joined through the private discovery, fleet v1.0.0 with the
 * node's role, flanneld reading the local etcd, and on minions the CNI plugins and containerd reading
 * {@code /etc/containerd/config.toml} (Flatcar's documented way: a drop-in that runs {@code /usr/bin/containerd}
 * without its default {@code --config}).
 */
final class FlatcarNode {

    private static final FilePath BIN = FilePath.parse("binary directory", "/opt/bin");
    private static final FilePath CNI_BIN = FilePath.parse("CNI directory", "/opt/cni/bin");

    private FlatcarNode() {
    }

    static CloudConfig.Builder base(CloudConfig.Builder b, Downloads downloads, String kind) {
        String etcdDir = downloads.archiveDirectory("etcd");
        b.unit("etcd-install.service", Optional.of("start"), Optional.of(downloads.fetchArchive(install("Install etcd"),
                "etcd", BIN, 1, List.of(etcdDir + "/etcd", etcdDir + "/etcdctl")).build()));
        b.unit("corekube-etcd.service", Optional.of("start"), Optional.of(UnitFile.builder()
                .unit("Description", "etcd member of the machines' cluster (fleet and flannel), joined through the private discovery")
                .unit("After", "etcd-install.service network-online.target").unit("Requires", "etcd-install.service")
                .service("ExecStart", "/opt/bin/etcd --name=node-$private_ipv4 --data-dir=/var/lib/etcd --enable-v2=true"
                        + " --discovery=" + ClusterTemplate.DISCOVERY_URL + " --discovery-fallback=proxy"
                        + " --listen-client-urls=http://0.0.0.0:2379 --advertise-client-urls=http://$private_ipv4:2379"
                        + " --listen-peer-urls=http://$private_ipv4:2380 --initial-advertise-peer-urls=http://$private_ipv4:2380")
                .service("Restart", "always").service("RestartSec", "5").build()));
        String fleetDir = downloads.archiveDirectory("fleet");
        b.unit("fleet-install.service", Optional.of("start"), Optional.of(downloads.fetchArchive(install("Install fleet"),
                "fleet", BIN, 1, List.of(fleetDir + "/fleetd", fleetDir + "/fleetctl")).build()));
        b.unit("fleet.service", Optional.of("start"), Optional.of(UnitFile.builder()
                .unit("Description", "fleet, with this node's role").unit("After", "fleet-install.service corekube-etcd.service")
                .unit("Requires", "fleet-install.service")
                .service("Environment", "FLEET_ETCD_SERVERS=http://127.0.0.1:2379")
                .service("Environment", "FLEET_PUBLIC_IP=$private_ipv4")
                .service("Environment", "FLEET_METADATA=kubernetes_role=" + kind)
                .service("ExecStart", "/opt/bin/fleetd").service("Restart", "always").service("RestartSec", "5").build()));
        return b;
    }

    static void network(CloudConfig.Builder b, Downloads downloads, String iface, String kind) {
        b.unit("flannel-install.service", Optional.of("start"), Optional.of(downloads.fetchFile(install("Install flanneld"),
                "flanneld", BIN.resolve("binary", "flanneld")).build()));
        b.unit("flanneld.service", Optional.of("start"), Optional.of(UnitFile.builder()
                .unit("Description", "flannel overlay network (config from the local etcd)")
                .unit("After", "flannel-install.service corekube-etcd.service").unit("Requires", "flannel-install.service")
                .service("ExecStart", "/opt/bin/flanneld -etcd-endpoints=http://127.0.0.1:2379 -iface=" + iface)
                .service("Restart", "always").service("RestartSec", "5").build()));
        if (!kind.equals("minion")) {
            return;
        }
        UnitFile.Builder cni = install("Install the CNI plugins and flannel's");
        downloads.fetchArchive(cni, "cni-plugins", CNI_BIN, 1, List.of("./bridge", "./host-local", "./loopback", "./portmap"));
        downloads.fetchFile(cni, "flannel-cni", CNI_BIN.resolve("CNI plugin", "flannel"));
        b.unit("cni-install.service", Optional.of("start"), Optional.of(cni.build()));
        b.file("/etc/systemd/system/containerd.service.d/10-corekube.conf", "0644",
                "[Unit]\nAfter=cni-install.service flanneld.service\n\n[Service]\nExecStart=\nExecStart=/usr/bin/containerd\n");
        b.unit("containerd.service", Optional.of("restart"), Optional.empty());
    }

    private static UnitFile.Builder install(String description) {
        return Downloads.installUnit(description);
    }
}
