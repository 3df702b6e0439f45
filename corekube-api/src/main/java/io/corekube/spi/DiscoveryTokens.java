package io.corekube.spi;

/** Where the cluster's etcd discovery tokens live, so that teardown can delete the cluster's token. */
public interface DiscoveryTokens {

    /** Deletes the token (a bare token or a discovery URL) and its registrations; false when there was none. */
    boolean deleteToken(String tokenOrUrl);
}
