package io.corekube.deploy;

import io.corekube.spi.DeploymentStore;
import io.corekube.testing.contract.DeploymentStoreContract;

class InMemoryDeploymentStoreTest extends DeploymentStoreContract {

    @Override
    protected DeploymentStore openStore() {
        return new InMemoryDeploymentStore();
    }
}
