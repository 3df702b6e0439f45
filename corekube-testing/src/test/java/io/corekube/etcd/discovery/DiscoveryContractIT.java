package io.corekube.etcd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The discovery protocol's rules, the same for v2 and v3; each subclass picks the flavour. */
@ExtendWith(EtcdServerExtension.class)
abstract class DiscoveryContractIT {

    abstract EtcdDiscovery open(EtcdServer server);

    /** Writes a raw size value under the token, bypassing the SDK's checks. */
    abstract void writeRawSize(EtcdServer server, DiscoveryToken token, String size);

    @Test
    void registeredMembersAreListedInCreationOrderWithComputedIds(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(3);
            DiscoveryMember a = d.register(token, "a", List.of("http://127.0.0.1:7001"));
            DiscoveryMember b = d.register(token, "b", List.of("http://127.0.0.1:7003", "http://127.0.0.1:7002"));
            assertEquals(MemberIds.compute(List.of("http://127.0.0.1:7001"), token.clusterToken()), a.id());
            assertEquals(List.of(a.id(), b.id()), d.members(token).stream().map(DiscoveryMember::id).toList());
            assertEquals(List.of("http://127.0.0.1:7002", "http://127.0.0.1:7003"), d.members(token).get(1).peerUrls());
            DiscoveryStatus status = d.inspect(token);
            assertEquals(3, status.size());
            assertFalse(status.isFull());
        }
    }

    @Test
    void fiftyConcurrentRegistrationsIntoSizeFiveAdmitExactlyTheFirstFive(EtcdServer server) throws Exception {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(5);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<DiscoveryMember>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    results.add(pool.submit(() -> d.register(token, "m" + n, List.of("http://127.0.0.1:" + (20000 + n)))));
                }
                List<DiscoveryMember> admitted = new ArrayList<>();
                int full = 0;
                for (Future<DiscoveryMember> f : results) {
                    try {
                        admitted.add(f.get(60, TimeUnit.SECONDS));
                    } catch (ExecutionException e) {
                        assertTrue(e.getCause() instanceof ClusterFullException, e.getCause().toString());
                        full++;
                    }
                }
                assertEquals(5, admitted.size());
                assertEquals(45, full);
                DiscoveryStatus status = d.inspect(token);
                assertTrue(status.isFull());
                assertEquals(admitted.stream().map(DiscoveryMember::id).collect(Collectors.toSet()),
                        status.admitted().stream().map(DiscoveryMember::id).collect(Collectors.toSet()));
                List<Long> order = status.members().stream().map(DiscoveryMember::createdIndex).toList();
                assertEquals(order.stream().sorted().toList(), order);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void awaitFullSeesEachRegistrationAndCompletesWithTheAdmitted(EtcdServer server) throws Exception {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(2);
            d.register(token, "early", List.of("http://127.0.0.1:7100"));
            List<DiscoveryMember> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<List<DiscoveryMember>> full = d.awaitFull(token, Duration.ofSeconds(30), seen::add);
            assertFalse(full.isDone());
            d.register(token, "late", List.of("http://127.0.0.1:7101"));
            List<DiscoveryMember> cluster = full.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("early", "late"), cluster.stream().map(DiscoveryMember::name).toList());
            assertEquals(2, seen.size());
        }
    }

    @Test
    void awaitFullTimesOut(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(2);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> d.awaitFull(token, Duration.ofMillis(300), m -> { }).get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof TimeoutException);
        }
    }

    @Test
    void duplicateIdAndDuplicateNameAreRefused(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(3);
            d.register(token, "a", List.of("http://127.0.0.1:7200"));
            assertEquals(DiscoveryException.Reason.DUPLICATE_ID, assertThrows(DiscoveryException.class,
                    () -> d.register(token, "other", List.of("http://127.0.0.1:7200"))).reason());
            assertEquals(DiscoveryException.Reason.DUPLICATE_NAME, assertThrows(DiscoveryException.class,
                    () -> d.register(token, "a", List.of("http://127.0.0.1:7201"))).reason());
            assertEquals(1, d.members(token).size());
        }
    }

    @Test
    void badSizesAreRefusedAndNothingIsWritten(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            for (int size : new int[] {0, -1}) {
                DiscoveryToken token = d.token("bad" + Math.abs(size));
                DiscoveryException e = assertThrows(DiscoveryException.class, () -> d.createToken(token.token(), size));
                assertEquals(DiscoveryException.Reason.BAD_SIZE, e.reason());
                assertTrue(e.getMessage().startsWith("discovery: size key is bad"), e.getMessage());
                assertEquals(DiscoveryException.Reason.SIZE_NOT_FOUND,
                        assertThrows(DiscoveryException.class, () -> d.inspect(token)).reason());
            }
            for (String raw : List.of("3\n", "abc", "-1", "0", " 3")) {
                DiscoveryToken token = d.token("raw" + Integer.toHexString(raw.hashCode()));
                writeRawSize(server, token, raw);
                DiscoveryException e = assertThrows(DiscoveryException.class,
                        () -> d.register(token, "x", List.of("http://127.0.0.1:7300")), raw);
                assertEquals(DiscoveryException.Reason.BAD_SIZE, e.reason());
                assertTrue(d.members(token).isEmpty(), "registered despite size " + raw);
            }
        }
    }

    @Test
    void missingTokenAndMalformedInputAreTypedErrors(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken missing = d.token("nosuchtoken");
            assertEquals(DiscoveryException.Reason.SIZE_NOT_FOUND, assertThrows(DiscoveryException.class,
                    () -> d.register(missing, "a", List.of("http://127.0.0.1:7400"))).reason());
            assertTrue(d.members(missing).isEmpty());
            for (String bad : List.of("", "to ken", "tok/en", "t\n", "x".repeat(129))) {
                assertEquals(DiscoveryException.Reason.INVALID_URL,
                        assertThrows(DiscoveryException.class, () -> d.token(bad), bad).reason());
            }
            DiscoveryToken token = d.createToken(3);
            for (List<String> peers : List.of(List.<String>of(), List.of("127.0.0.1:7400"), List.of("http://h"),
                    List.of("http://h:1/path"), List.of("http://h:1,http://g:2"), List.of("http://h:1", "http://h:1"))) {
                assertEquals(DiscoveryException.Reason.INVALID_PEER, assertThrows(DiscoveryException.class,
                        () -> d.register(token, "a", peers), peers.toString()).reason());
            }
            for (String name : List.of("", "a=b", "a,b", "a b", "a\nb")) {
                assertEquals(DiscoveryException.Reason.INVALID_PEER, assertThrows(DiscoveryException.class,
                        () -> d.register(token, name, List.of("http://127.0.0.1:7401")), name).reason());
            }
            assertTrue(d.members(token).isEmpty());
        }
    }

    @Test
    void tokensAreCreatedOnceAndDeletedWhole(EtcdServer server) {
        try (EtcdDiscovery d = open(server)) {
            DiscoveryToken token = d.createToken(1);
            assertEquals(32, token.token().length());
            assertEquals(DiscoveryException.Reason.TOKEN_EXISTS,
                    assertThrows(DiscoveryException.class, () -> d.createToken(token.token(), 3)).reason());
            d.register(token, "a", List.of("http://127.0.0.1:7500"));
            assertTrue(d.deleteToken(token));
            assertFalse(d.deleteToken(token));
            assertEquals(DiscoveryException.Reason.SIZE_NOT_FOUND,
                    assertThrows(DiscoveryException.class, () -> d.inspect(token)).reason());
        }
    }
}
