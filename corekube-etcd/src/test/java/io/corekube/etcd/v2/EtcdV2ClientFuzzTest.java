package io.corekube.etcd.v2;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.RetryPolicy;
import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.EtcdException;
import io.corekube.etcd.discovery.EtcdDiscovery;
import io.corekube.fuzz.Fuzz;
import io.corekube.fuzz.ScriptedHttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * etcd's v2 replies, fuzzed over a real socket: 10,000 random and mutated bodies (nodes, child lists, expirations,
 * error bodies) and {@code X-Etcd-Index} headers to the keys client and to discovery; nothing but an
 * {@link EtcdException} may come out.
 */
class EtcdV2ClientFuzzTest {

    private static final List<String> BODIES = List.of(
            "{\"action\":\"get\",\"node\":{\"key\":\"/a\",\"value\":\"v\",\"modifiedIndex\":7,\"createdIndex\":7}}",
            "{\"action\":\"get\",\"node\":{\"key\":\"/d\",\"dir\":true,\"nodes\":[{\"key\":\"/d/1\",\"value\":\"n1=http://10.0.0.1:2380\","
                    + "\"expiration\":\"2026-12-04T02:00:00.123456789Z\",\"ttl\":30,\"modifiedIndex\":8,\"createdIndex\":8}],"
                    + "\"modifiedIndex\":3,\"createdIndex\":3}}",
            "{\"action\":\"set\",\"node\":{\"key\":\"/_config/size\",\"value\":\"3\"},\"prevNode\":{\"key\":\"/x\",\"value\":\"2\"}}",
            "{\"errorCode\":100,\"message\":\"Key not found\",\"cause\":\"/a\",\"index\":9}");
    private static final List<String> INDEXES = List.of("12", " 7 ", "-1", "99999999999999999999", "x", "");

    @Test
    void tenThousandFuzzedRepliesEndInResultsOrEtcdExceptionsOnly() throws Exception {
        AtomicReference<ScriptedHttpServer.Reply> next = new AtomicReference<>();
        try (ScriptedHttpServer server = ScriptedHttpServer.start(request -> next.get())) {
            EtcdConfig config = EtcdConfig.builder().addEndpoint(server.url()).retryPolicy(RetryPolicy.none()).build();
            AtomicInteger n = new AtomicInteger();
            try (EtcdV2Client client = EtcdV2Client.create(config); EtcdDiscovery discovery = EtcdDiscovery.v2(config)) {
                Fuzz.seeded(424242).forAll(Fuzz.RUNS, f -> new ScriptedHttpServer.Reply(f.pick(200, 201, 400, 404, 412, 500),
                        Map.of("Content-Type", "application/json", "X-Etcd-Index", f.random().nextBoolean()
                                ? f.pick(INDEXES.toArray(String[]::new)) : f.mixed(INDEXES, 8).replaceAll("[\\r\\n\\x00-\\x1f\\x7f-\\x{ffff}]", "")),
                        f.mixed(BODIES, 80)), reply -> {
                    next.set(reply);
                    switch (n.getAndIncrement() % 3) {
                        case 0 -> Fuzz.onlyTyped(EtcdException.class, () -> client.get("/a"));
                        case 1 -> Fuzz.onlyTyped(EtcdException.class, () -> client.get("/d", GetOptions.builder().recursive(true).sorted(true).build()));
                        default -> Fuzz.onlyTyped(EtcdException.class, () -> discovery.members(
                                discovery.token("http://127.0.0.1:1/v2/keys/_etcd/registry/0123456789abcdef")));
                    }
                });
            }
            assertTrue(server.requests() >= Fuzz.RUNS / 2, server.requests() + " requests");
        }
    }
}
