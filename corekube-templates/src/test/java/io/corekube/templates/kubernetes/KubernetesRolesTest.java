package io.corekube.templates.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.cluster.Machine;
import io.corekube.deploy.RoleCatalog.RoleStage;
import io.corekube.deploy.RoleCatalog.RoleUnit;
import io.corekube.templates.TestRoles;
import io.corekube.templates.download.Checksum;
import io.corekube.templates.download.Downloads;
import io.corekube.templates.download.UnverifiedDownloadException;
import io.corekube.templates.render.RenderException;
import io.corekube.value.InvalidValueException;
import io.corekube.templates.render.Template;
import io.corekube.unit.UnitFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KubernetesRolesTest {

    static final Machine MASTER = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("10.10.10.4")
            .putMetadata("kubernetes_role", "master").build();
    static final Machine MINION = Machine.builder().id("fedcba9876543210fedcba9876543210").primaryIp("10.10.10.5")
            .putMetadata("kubernetes_role", "minion").build();

    @ParameterizedTest
    @EnumSource(KubernetesRoles.Profile.class)
    void rolesHaveTheOriginalsStagesAndDoneStates(KubernetesRoles.Profile profile) {
        KubernetesRoles roles = TestRoles.of(profile);
        List<RoleStage> master = roles.render("master", MASTER, Optional.of(MASTER));
        boolean current = profile == KubernetesRoles.Profile.CURRENT;
        assertEquals(current ? List.of("download", "etcd", "control-plane", "addons") : List.of("download", "control-plane", "addons"),
                master.stream().map(RoleStage::name).toList());
        assertEquals(current ? List.of("master-download-kubernetes", "master-etcd", "master-apiserver", "master-controller-manager",
                "master-scheduler", "master-addons") : List.of("master-download-kubernetes", "master-apiserver",
                "master-controller-manager", "master-scheduler", "master-dns"), names(master));
        assertEquals("exited", master.get(0).units().get(0).doneSubState());
        assertEquals("running", master.get(current ? 2 : 1).units().get(0).doneSubState());
        List<RoleStage> minion = roles.render("minion", MINION, Optional.of(MASTER));
        assertEquals(List.of("minion-download-kubernetes", "minion-kubelet", "minion-proxy"), names(minion));
        for (RoleUnit u : units(master, minion)) {
            assertTrue(u.submission().name().endsWith("@" + (u.submission().name().startsWith("master") ? MASTER : MINION).id()
                    + ".service"), u.submission().name());
            UnitFile file = u.submission().unit();
            assertEquals(file, UnitFile.parse(file.serialize()), "round trip of " + u.submission().name());
            assertEquals(1, file.values("X-Fleet", "MachineID").size());
        }
    }

    @Test
    void theProfilesWriteTheirOwnFlags() {
        String original = unit(TestRoles.of(KubernetesRoles.Profile.ORIGINAL), "minion", 1).serialize();
        assertTrue(original.contains("--api-servers=http://10.10.10.4:8080"), original);
        assertTrue(original.contains("--cluster-dns=10.1.0.10 --cluster-domain=kube.local"), original);
        String current = unit(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build(), "minion", 1).serialize();
        assertTrue(current.contains("--config=/etc/kubernetes/kubelet-config.yaml --bootstrap-kubeconfig=/srv/kubernetes/bootstrap.kubeconfig"), current);
        assertFalse(current.contains("api-servers"), current);
        assertEquals("v1.34.7", KubernetesRoles.Profile.CURRENT.kubernetesVersion());
        assertEquals("Flatcar Container Linux (stable)", KubernetesRoles.Profile.CURRENT.image());
    }

    @Test
    void currentDownloadsThePinnedTarballAndChecksItsPublishedSha512() {
        UnitFile download = unit(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build(), "minion", 0);
        String digest = "75db53a192c4f81e6810e4544675ba474a39fb3381b20cbeceb175091a217387"
                + "d73df6d648034be4c7c07c294d97985d77204b6b54b0ed9bedb89fb879c56f3e";
        assertEquals(List.of(
                "/usr/bin/curl --fail --silent --show-error --location --retry 5 --output"
                        + " /opt/downloads/kubernetes-node.tar.gz.part https://dl.k8s.io/v1.34.7/kubernetes-node-linux-amd64.tar.gz",
                Downloads.check(Checksum.Algorithm.SHA512) + " " + digest + " /opt/downloads/kubernetes-node.tar.gz.part",
                "/usr/bin/mkdir -p /opt/bin",
                "/usr/bin/tar --extract --gzip --no-same-owner --file /opt/downloads/kubernetes-node.tar.gz.part --directory /opt/bin"
                        + " --strip-components=3 kubernetes/node/bin/kubelet kubernetes/node/bin/kube-proxy",
                "/usr/bin/rm -f /opt/downloads/kubernetes-node.tar.gz.part"), download.values("Service", "ExecStart"));
    }

    @Test
    void anArtifactWithoutAPublishedDigestIsRefusedUnlessAllowedOrGivenOne() {
        UnverifiedDownloadException refused = assertThrows(UnverifiedDownloadException.class,
                () -> KubernetesRoles.builder(KubernetesRoles.Profile.ORIGINAL).build());
        assertEquals("kube-apiserver", refused.field());
        assertTrue(refused.getMessage().contains("allowUnverified(\"kube-apiserver\")"), refused.getMessage());
        KubernetesRoles allowed = TestRoles.of(KubernetesRoles.Profile.ORIGINAL);
        assertEquals(List.of("flanneld", "kube-apiserver", "kube-controller-manager", "kube-proxy", "kube-scheduler", "kubectl",
                "kubelet"), allowed.unverifiedDownloads());
        KubernetesRoles.Builder verified = TestRoles.allowingUnpublished(KubernetesRoles.Profile.ORIGINAL)
                .checksum("kubelet", Checksum.sha256("b".repeat(64)));
        assertFalse(verified.build().unverifiedDownloads().contains("kubelet"));
        UnitFile download = unit(verified.build(), "minion", 0);
        assertEquals(Downloads.check(Checksum.Algorithm.SHA256) + " " + "b".repeat(64) + " /opt/downloads/kubelet.part",
                download.values("Service", "ExecStart").get(1));
        assertEquals(List.of("flannel-cni", "flanneld", "fleet"), TestRoles.of(KubernetesRoles.Profile.CURRENT).unverifiedDownloads());
        assertEquals(List.of(), KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).build().unverifiedDownloads(),
                "CURRENT's role units download only pinned artifacts");
    }

    @Test
    void theChecksumStepPassesOnlyTheRightFileAndReadsItsArgumentsAsData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kubelet.part");
        Files.writeString(file, "binary");
        String sum = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest("binary".getBytes()));
        // the check as systemd splits it: the quoted program is one argument, and $$ is systemd's escape for $
        String check = Downloads.check(Checksum.Algorithm.SHA256);
        String quoted = check.substring(check.indexOf('\'') + 1, check.lastIndexOf('\'')).replace("$$", "$");
        assertEquals(0, sh(quoted, sum, file.toString()), "right digest");
        assertEquals(1, sh(quoted, "b".repeat(64), file.toString()), "wrong digest");
        Path marker = dir.resolve("ran");
        assertEquals(1, sh(quoted, sum + "; touch " + marker, file.toString()), "an argument is data, not code");
        assertFalse(Files.exists(marker));
    }

    private static int sh(String program, String digest, String path) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", program, "sha256-check", digest, path).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aPercentEncodedUrlIsEscapedForSystemd() {
        UnitFile download = unit(KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .binariesUrl("https://mirror.example/k8s%2Bfork/v1").build(), "minion", 0);
        assertTrue(download.values("Service", "ExecStart").get(0).endsWith(" https://mirror.example/k8s%%2Bfork/v1/kubernetes-node-linux-amd64.tar.gz"),
                download.values("Service", "ExecStart").get(0));
    }

    @Test
    void aMinionNeedsItsMaster() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestRoles.of(KubernetesRoles.Profile.ORIGINAL).render("minion", MINION, Optional.empty()));
        assertTrue(e.getMessage().contains("needs the master's address"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TestRoles.of(KubernetesRoles.Profile.ORIGINAL)
                .render("etcd", MINION, Optional.empty()));
    }

    @Test
    void injectionAttemptsAreRejectedNamingTheField() {
        KubernetesRoles roles = TestRoles.of(KubernetesRoles.Profile.ORIGINAL);
        Machine evilIp = Machine.builder().from(MINION).primaryIp("10.0.0.5\nExecStartPre=/bin/evil").build();
        assertEquals("ip", assertThrows(RenderException.class, () -> roles.render("minion", evilIp, Optional.of(MASTER))).field());
        Machine nulIp = Machine.builder().from(MINION).primaryIp("10.0.0.5\u0000").build();
        assertEquals("ip", assertThrows(RenderException.class, () -> roles.render("minion", nulIp, Optional.of(MASTER))).field());
        for (String url : List.of("https://x/$(rm -rf /)", "https://x/`id`", "https://x/a' ; rm -rf / '", "https://x/%n",
                "http://x&/usr/bin/reboot&#", "https://x/a?b=1&c=2")) {
            InvalidValueException e = assertThrows(InvalidValueException.class,
                    () -> KubernetesRoles.builder(KubernetesRoles.Profile.ORIGINAL).binariesUrl(url), url);
            assertEquals("binariesUrl", e.field());
        }
        InvalidValueException domain = assertThrows(InvalidValueException.class,
                () -> KubernetesRoles.builder(KubernetesRoles.Profile.ORIGINAL).clusterDns("10.1.0.10", "kube.local --evil-flag"));
        assertEquals("clusterDomain", domain.field());
        assertEquals("sha256 digest", assertThrows(InvalidValueException.class,
                () -> KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).checksum("kubernetes-node", Checksum.sha256("abc; reboot"))).field());
        assertEquals("artifact", assertThrows(InvalidValueException.class,
                () -> KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).checksum("../../bin/sh", Checksum.sha256("a".repeat(64)))).field());
    }

    @Test
    void usersAddRolesAndReplaceUnits() {
        Template etcd = Template.of("etcd", "[Service]\nExecStart=/usr/bin/etcd --name={{machine_id|hex}}\n\n[X-Fleet]\n"
                + "MachineID={{machine_id|hex}}\n");
        Template proxy = Template.of("proxy", "[Service]\nExecStart=/opt/bin/my-proxy --server={{master_ip|ip}}\n\n[X-Fleet]\n"
                + "MachineID={{machine_id|hex}}\n");
        KubernetesRoles roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT)
                .unit("etcd", "members", "etcd-member", etcd, "running")
                .unit("minion", "node", "minion-proxy", proxy, "running").build();
        assertEquals(java.util.Set.of("etcd", "master", "minion"), roles.roles());
        assertEquals(List.of("etcd-member"), names(roles.render("etcd", MINION, Optional.empty())));
        assertTrue(roles.render("minion", MINION, Optional.of(MASTER)).get(1).units().get(1).submission().unit().serialize()
                .contains("/opt/bin/my-proxy --server=10.10.10.4"));
    }

    @ParameterizedTest
    @EnumSource(KubernetesRoles.Profile.class)
    void everyGeneratedUnitPassesSystemdAnalyzeVerify(KubernetesRoles.Profile profile, @TempDir Path dir) throws Exception {
        KubernetesRoles roles = TestRoles.of(profile);
        List<Path> files = new ArrayList<>();
        for (RoleUnit u : units(roles.render("master", MASTER, Optional.of(MASTER)), roles.render("minion", MINION, Optional.of(MASTER)))) {
            Path f = dir.resolve(u.submission().name());
            Files.writeString(f, u.submission().unit().serialize());
            files.add(f);
        }
        List<String> problems = verify(files).stream()
                .filter(line -> !line.matches(".*Command /opt/(bin|kube-etcd)/[a-z-]+ is not executable: No such file or directory"))
                // units of the machine's boot data and image (etcd-install, containerd, flanneld, cni-install)
                .filter(line -> !line.matches(".*(etcd-install|containerd|flanneld|cni-install)\\.service.*not found.*"))
                .toList();
        assertEquals(List.of(), problems, "systemd-analyze verify of " + files.size() + " units");

        Path broken = dir.resolve("control.service");
        Files.writeString(broken, "[Service]\nExecStart=/bin/true %Z\n");
        assertFalse(verify(List.of(broken)).isEmpty(), "the check must catch a bad unit");
    }

    static List<String> verify(List<Path> files) throws IOException, InterruptedException {
        return io.corekube.templates.SystemdAnalyze.verify(files);
    }

    @SafeVarargs
    static List<RoleUnit> units(List<RoleStage>... roles) {
        List<RoleUnit> all = new ArrayList<>();
        for (List<RoleStage> stages : roles) {
            stages.forEach(s -> all.addAll(s.units()));
        }
        return all;
    }

    static List<String> names(List<RoleStage> stages) {
        return units(stages).stream().map(u -> u.submission().name().substring(0, u.submission().name().indexOf('@'))).toList();
    }

    static UnitFile unit(KubernetesRoles roles, String role, int index) {
        return units(roles.render(role, MINION, Optional.of(MASTER))).get(index).submission().unit();
    }
}
