package example;

import io.corekube.cluster.Machine;
import io.corekube.deploy.StoreSnapshot;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.fleet.FleetClient;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.Leadership;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.fleet.FleetSimulator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A platform team's plain main: leader election and the deployment store on a real etcd, and the fleet client. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        try (EtcdServer etcd = EtcdServer.builder().name("consumer").build().start();
             FleetSimulator fleetd = FleetSimulator.builder().machines(2, Map.of(Machine.ROLE_KEY, "minion")).build();
             FleetClient fleet = FleetClient.builder().endpoint(fleetd.endpoint()).build()) {
            DeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl())).build();
            try {
                Leadership leadership = store.campaign("consumer-main").get(30, TimeUnit.SECONDS);
                String leader = store.leader().orElseThrow();
                StoreSnapshot snapshot = store.snapshot();
                int machines = fleet.machines().size();
                if (!leadership.isHeld() || !leader.equals("consumer-main") || machines != 2) {
                    throw new IllegalStateException("leader " + leader + ", " + machines + " machines");
                }
                System.out.println("consumer main: leader=" + leader + " records=" + snapshot.records().size()
                        + " fleet machines=" + machines);
                leadership.close();
            } finally {
                store.close();
            }
        }
    }
}
