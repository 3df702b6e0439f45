package io.corekube.etcd.discovery;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.etcd.v2.V2ApiNotEnabledException;
import io.corekube.testing.etcd.EtcdServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class V2DiscoveryIT extends DiscoveryContractIT {

    @Override
    EtcdDiscovery open(EtcdServer server) {
        return EtcdDiscovery.v2(EtcdConfig.of(server.clientUrl()));
    }

    @Test
    void aServerWithoutTheV2ApiIsNamedPlainly() {
        try (EtcdServer noV2 = EtcdServer.builder().enableV2(false).build().start();
             EtcdDiscovery d = open(noV2)) {
            V2ApiNotEnabledException e = assertThrows(V2ApiNotEnabledException.class, () -> d.createToken(3));
            assertTrue(e.getMessage().contains("--enable-v2"), e.getMessage());
        }
    }

    @Override
    void writeRawSize(EtcdServer server, DiscoveryToken token, String size) {
        try (EtcdV2Client raw = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()))) {
            raw.set(token.key() + "/_config/size", size);
        }
    }
}
