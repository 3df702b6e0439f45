package io.corekube.etcd.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.testing.etcd.EtcdServer;

class V2DiscoveryIT extends DiscoveryContractIT {

    @Override
    EtcdDiscovery open(EtcdServer server) {
        return EtcdDiscovery.v2(EtcdConfig.of(server.clientUrl()));
    }

    @Override
    void writeRawSize(EtcdServer server, DiscoveryToken token, String size) {
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()))) {
            raw.set(token.key() + "/_config/size", size);
        }
    }
}
