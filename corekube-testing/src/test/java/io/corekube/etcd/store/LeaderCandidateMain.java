package io.corekube.etcd.store;

import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Leadership;
import java.time.Duration;

/**
 * A separate engine process for election tests: campaigns, prints {@code LEADING <id>} once it leads and
 * {@code LOST <id>} if it stops leading, and exits by itself after two minutes at the latest.
 */
public final class LeaderCandidateMain {

    private LeaderCandidateMain() {
    }

    /** Arguments: etcd endpoint, store prefix, lease TTL seconds, candidate ID. */
    public static void main(String[] args) throws Exception {
        try (EtcdDeploymentStore store = EtcdDeploymentStore.builder(EtcdConfig.of(args[0])).prefix(args[1])
                .leaseTtl(Duration.ofSeconds(Long.parseLong(args[2]))).build()) {
            System.out.println("CAMPAIGNING " + args[3]);
            Leadership leadership = store.campaign(args[3]).get();
            System.out.println("LEADING " + args[3]);
            leadership.lost().whenComplete((v, e) -> System.out.println("LOST " + args[3]));
            Thread.sleep(120_000);
        }
    }
}
