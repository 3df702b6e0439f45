package io.corekube.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.ClientExchange;
import io.corekube.etcd.store.EtcdDeploymentStore;
import io.corekube.etcd.v2.EtcdV2Client;
import io.corekube.spi.DeploymentStore;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EtcdConfig#exchangeListener} sees every request of both etcd APIs on a real etcd, by routes that name no key. */
@ExtendWith(EtcdServerExtension.class)
class EtcdExchangeListenerIT {

    @Test
    void theKeysApiIsSeenByRouteWithoutTheKey(EtcdServer server) {
        List<ClientExchange> seen = new CopyOnWriteArrayList<>();
        String token = UUID.randomUUID().toString().replace("-", "");
        try (EtcdV2Client etcd = EtcdV2Client.create(EtcdConfig.builder().from(EtcdConfig.of(server.clientUrl()))
                .exchangeListener(seen::add).build())) {
            etcd.set("/_etcd/registry/" + token + "/_config/size", "3");
            etcd.get("/_etcd/registry/" + token + "/_config/size");
            assertThrows(EtcdException.class, () -> etcd.get("/_etcd/registry/" + token + "/missing"));
        }
        assertEquals(List.of("PUT /v2/keys/* 201", "GET /v2/keys/* 200", "GET /v2/keys/* 404"),
                seen.stream().map(e -> e.method() + " " + e.route() + " " + e.outcome()).toList());
        assertTrue(seen.stream().allMatch(e -> e.client().equals("etcd-v2") && !e.toString().contains(token)), seen.toString());
    }

    @Test
    void grpcCallsAreSeenByMethodAndStatusCode(EtcdServer server) {
        List<ClientExchange> seen = new CopyOnWriteArrayList<>();
        EtcdConfig config = EtcdConfig.builder().from(EtcdConfig.of(server.clientUrl())).exchangeListener(seen::add).build();
        DeploymentStore store = EtcdDeploymentStore.builder(config).prefix("/it/" + UUID.randomUUID()).build();
        try {
            assertTrue(store.snapshot().records().isEmpty());
            assertFalse(store.get("machine-1").isPresent());
        } finally {
            store.close();
        }
        assertTrue(seen.stream().anyMatch(e -> e.client().equals("etcd") && e.method().equals("RPC")
                && e.route().equals("etcdserverpb.KV/Range") && e.outcome().equals("OK")), seen.toString());
        assertTrue(seen.stream().allMatch(e -> e.route().startsWith("etcdserverpb.") || e.route().startsWith("v3electionpb.")
                || e.route().startsWith("v3lockpb.")), seen.toString());
    }

    @Test
    void theListenerIsNeitherEqualityNorText() {
        EtcdConfig plain = EtcdConfig.of("http://127.0.0.1:2379");
        EtcdConfig listened = EtcdConfig.builder().from(plain).exchangeListener(e -> { }).build();
        assertEquals(plain, listened);
        assertEquals(plain.toString(), listened.toString());
    }
}
