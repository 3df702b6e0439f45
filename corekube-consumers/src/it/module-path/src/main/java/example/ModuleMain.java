package example;

import io.corekube.cluster.Machine;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.RoleCatalog;
import io.corekube.fleet.FleetClient;
import io.corekube.fleet.FleetException;
import io.corekube.templates.flannel.FlannelConfig;
import io.corekube.templates.kubernetes.KubernetesRoles;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders a master's role units and the flannel config, and meets a typed error from the fleet client. */
public final class ModuleMain {

    private ModuleMain() {
    }

    public static void main(String[] args) throws Exception {
        if (!ModuleMain.class.getModule().isNamed() || !KubernetesRoles.class.getModule().isNamed()) {
            throw new IllegalStateException("not on the module path");
        }
        Machine master = Machine.builder().id("0123456789abcdef0123456789abcdef").primaryIp("10.10.10.4")
                .putMetadata(Machine.ROLE_KEY, ClusterSpec.MASTER).build();
        KubernetesRoles roles = KubernetesRoles.builder(KubernetesRoles.Profile.CURRENT).allowUnverified("fleet")
                .allowUnverified("flanneld").allowUnverified("flannel-cni").build();
        List<RoleCatalog.RoleStage> stages = roles.render(ClusterSpec.MASTER, master, Optional.of(master));
        String flannel = FlannelConfig.corekubeDefault().toJson();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String failure;
        try (FleetClient fleet = FleetClient.builder().endpoint(URI.create("http://127.0.0.1:" + port))
                .requestTimeout(Duration.ofSeconds(3)).build()) {
            fleet.machines();
            throw new IllegalStateException("a closed port answered");
        } catch (FleetException expected) {
            failure = expected.getClass().getSimpleName();
        }
        if (stages.isEmpty() || !flannel.contains("\"Network\"")) {
            throw new IllegalStateException("nothing rendered");
        }
        System.out.println("module-path consumer: " + stages.size() + " master stages, module "
                + KubernetesRoles.class.getModule().getName() + ", fleet said " + failure);
    }
}
