package io.corekube.deploy;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.spi.DeploymentStore;
import io.corekube.testing.fleet.contract.FleetTarget;
import io.corekube.testing.fleet.contract.RealFleetTarget;

/** The end-to-end deploy on the real fleet v1.0.0, recording in a real etcd (the one fleet uses). */
class RealFleetDeployIT extends DeployEndToEndScenarios {

    @Override
    FleetTarget target() {
        return new RealFleetTarget();
    }

    @Override
    DeploymentStore store(FleetTarget.Cluster cluster) {
        return EtcdDeploymentStore.builder(EtcdConfig.of(cluster.etcd().orElseThrow().clientUrl()))
                .prefix("/corekube-e2e").build();
    }
}
