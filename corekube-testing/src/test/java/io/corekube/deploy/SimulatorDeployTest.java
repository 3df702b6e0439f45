package io.corekube.deploy;

import io.corekube.spi.DeploymentStore;
import io.corekube.testing.fleet.contract.FleetTarget;
import io.corekube.testing.fleet.contract.SimulatorTarget;

/** The end-to-end deploy on the fleet simulator, recording in the in-memory store. */
class SimulatorDeployTest extends DeployEndToEndScenarios {

    @Override
    FleetTarget target() {
        return new SimulatorTarget();
    }

    @Override
    DeploymentStore store(FleetTarget.Cluster cluster) {
        return new InMemoryDeploymentStore();
    }
}
