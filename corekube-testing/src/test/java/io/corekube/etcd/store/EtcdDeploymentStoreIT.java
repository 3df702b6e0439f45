package io.corekube.etcd.store;

import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.DeploymentStore;
import io.corekube.testing.contract.DeploymentStoreContract;
import io.corekube.testing.etcd.EtcdServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class EtcdDeploymentStoreIT extends DeploymentStoreContract {

    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() {
        etcd = EtcdServer.builder().build().start();
    }

    @AfterAll
    static void stopEtcd() {
        etcd.close();
    }

    @Override
    protected DeploymentStore openStore() {
        return EtcdDeploymentStore.builder(EtcdConfig.of(etcd.clientUrl()))
                .prefix("/it/" + UUID.randomUUID()).leaseTtl(Duration.ofSeconds(5)).build();
    }
}
