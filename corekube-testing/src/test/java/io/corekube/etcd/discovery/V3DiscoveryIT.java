package io.corekube.etcd.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.testing.etcd.EtcdServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;

class V3DiscoveryIT extends DiscoveryContractIT {

    @Override
    EtcdDiscovery open(EtcdServer server) {
        return EtcdDiscovery.v3(EtcdConfig.of(server.clientUrl()));
    }

    @Override
    void writeRawSize(EtcdServer server, DiscoveryToken token, String size) {
        try (Client client = Client.builder().endpoints(server.clientUrl()).build()) {
            client.getKVClient().put(ByteSequence.from(token.key() + "/_config/size", StandardCharsets.UTF_8),
                    ByteSequence.from(size, StandardCharsets.UTF_8)).join();
        }
    }
}
