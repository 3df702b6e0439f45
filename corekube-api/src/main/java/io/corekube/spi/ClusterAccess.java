package io.corekube.spi;

import io.corekube.Secret;

/**
 * How the caller reaches a deployed cluster's API: the admin kubeconfig for the master at a given address. Made
 * from the cluster's credentials (corekube-pki's {@code Kubeconfigs.access}); the deployer asks for it once it knows
 * the master, see {@code CorekubeDeployer.adminKubeconfig}.
 */
@FunctionalInterface
public interface ClusterAccess {

    /** The admin kubeconfig for the API server on {@code masterAddress} (an IPv4 address). */
    Secret adminKubeconfig(String masterAddress);
}
