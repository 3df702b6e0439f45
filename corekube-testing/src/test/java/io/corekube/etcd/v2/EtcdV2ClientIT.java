package io.corekube.etcd.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdArgumentException;
import io.corekube.etcd.EtcdConfig;
import io.corekube.spi.Subscription;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EtcdServerExtension.class)
class EtcdV2ClientIT {

    private EtcdV2Client etcd;
    private String base;

    @BeforeEach
    void connect(EtcdServer server) {
        etcd = EtcdV2Client.create(EtcdConfig.of(server.clientUrl()));
        base = "/it/" + UUID.randomUUID();
    }

    @AfterEach
    void close() {
        etcd.close();
    }

    @Test
    void setThenGetReturnsTheValueWithIndexes() {
        String value = "hello world & a=b+c\nsecond line";
        EtcdV2Response set = etcd.set(base + "/a", value);
        assertEquals("set", set.action());
        EtcdV2Response got = etcd.get(base + "/a");
        assertEquals(value, got.node().value().orElseThrow());
        assertEquals(set.node().modifiedIndex(), got.node().modifiedIndex());
        assertTrue(got.etcdIndex() >= got.node().modifiedIndex());
    }

    @Test
    void createOnlyRefusesAnExistingKeyWithEtcdsError() {
        etcd.create(base + "/once", "1");
        KeyExistsException e = assertThrows(KeyExistsException.class, () -> etcd.create(base + "/once", "2"));
        assertEquals(105, e.errorCode());
        assertEquals(412, e.status().getAsInt());
        assertEquals("Key already exists", e.etcdMessage());
        assertEquals(base + "/once", e.etcdCause());
        assertEquals("1", etcd.get(base + "/once").node().value().orElseThrow());
    }

    @Test
    void updateOnlyRefusesAMissingKey() {
        KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> etcd.update(base + "/missing", "x"));
        assertEquals(404, e.status().getAsInt());
        etcd.set(base + "/present", "a");
        assertEquals("update", etcd.update(base + "/present", "b").action());
    }

    @Test
    void compareAndSwapByValueAndByIndex() {
        EtcdV2Response first = etcd.set(base + "/cas", "one");
        CompareFailedException byValue = assertThrows(CompareFailedException.class,
                () -> etcd.compareAndSwap(base + "/cas", "two", "wrong"));
        assertEquals("[wrong != one]", byValue.etcdCause());
        assertEquals("compareAndSwap", etcd.compareAndSwap(base + "/cas", "two", "one").action());
        assertThrows(CompareFailedException.class,
                () -> etcd.compareAndSwap(base + "/cas", "three", first.node().modifiedIndex()));
        long current = etcd.get(base + "/cas").node().modifiedIndex();
        EtcdV2Response swapped = etcd.compareAndSwap(base + "/cas", "three", current);
        assertEquals("two", swapped.prevNode().orElseThrow().value().orElseThrow());
    }

    @Test
    void compareAndDeleteChecksValueAndIndex() {
        etcd.set(base + "/cad", "v");
        assertThrows(CompareFailedException.class, () -> etcd.compareAndDelete(base + "/cad", "other"));
        assertEquals("compareAndDelete", etcd.compareAndDelete(base + "/cad", "v").action());
        assertThrows(KeyNotFoundException.class, () -> etcd.get(base + "/cad"));
    }

    @Test
    void recursiveSortedListingNestsDirectoriesAndOmitsEmptyOnes() {
        etcd.set(base + "/d/b", "2");
        etcd.set(base + "/d/a", "1");
        etcd.set(base + "/d/sub/c", "3");
        etcd.mkdir(base + "/d/empty");
        EtcdV2Node dir = etcd.get(base + "/d", GetOptions.builder().recursive(true).sorted(true).build()).node();
        assertTrue(dir.dir());
        assertEquals(List.of("a", "b", "empty", "sub"), dir.nodes().stream().map(EtcdV2Node::name).toList());
        assertTrue(dir.nodes().get(2).nodes().isEmpty());
        assertEquals("3", dir.nodes().get(3).nodes().get(0).value().orElseThrow());
    }

    @Test
    void deleteOfADirectoryNeedsRecursive() {
        etcd.set(base + "/tree/x", "1");
        EtcdV2Exception notFile = assertThrows(EtcdV2Exception.class, () -> etcd.delete(base + "/tree"));
        assertEquals(EtcdV2Exception.NOT_A_FILE, notFile.errorCode());
        etcd.delete(base + "/tree", DeleteOptions.builder().recursive(true).build());
        assertThrows(KeyNotFoundException.class, () -> etcd.get(base + "/tree"));
    }

    @Test
    void ttlIsReportedAndRefreshKeepsTheValue() {
        etcd.set(base + "/ttl", "v", SetOptions.builder().ttl(Duration.ofSeconds(30)).build());
        EtcdV2Node node = etcd.get(base + "/ttl").node();
        assertTrue(node.ttl().orElseThrow() <= 30 && node.ttl().get() > 0);
        assertTrue(node.expiration().isPresent());
        EtcdV2Response refreshed = etcd.refresh(base + "/ttl", Duration.ofSeconds(100));
        assertEquals("v", refreshed.node().value().orElseThrow());
        assertTrue(etcd.get(base + "/ttl").node().ttl().orElseThrow() > 30);
    }

    @Test
    void keyExpiresAfterItsTtl() throws InterruptedException {
        etcd.set(base + "/short", "v", SetOptions.builder().ttl(Duration.ofSeconds(1)).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean gone = false;
        while (!gone && System.nanoTime() < deadline) {
            Thread.sleep(200);
            gone = assertDoesNotThrowOrMissing(base + "/short");
        }
        assertTrue(gone, "key with a 1 s TTL still there after 5 s");
    }

    private boolean assertDoesNotThrowOrMissing(String key) {
        try {
            etcd.get(key);
            return false;
        } catch (KeyNotFoundException e) {
            return true;
        }
    }

    @Test
    void illegalKeysAreRejectedBeforeAnythingIsWritten() {
        for (String bad : List.of("relative", base + "/a b", base + "/x\ny", base + "/../escape", base + "//double",
                base + "/q?x=1", base + "/h#frag", base + "/p%2e")) {
            EtcdArgumentException e = assertThrows(EtcdArgumentException.class, () -> etcd.set(bad, "v"), bad);
            assertEquals("key", e.field());
        }
        assertThrows(KeyNotFoundException.class, () -> etcd.get(base));
    }

    @Test
    void watchDeliversEveryChangeInOrderAndReplaysFromAnIndex() throws InterruptedException {
        long start = etcd.set(base + "/w/0", "0").node().modifiedIndex();
        BlockingQueue<EtcdV2Response> events = new LinkedBlockingQueue<>();
        try (Subscription ignored = etcd.watch(base + "/w",
                WatchOptions.builder().recursive(true).fromIndex(start).build(), events::add)) {
            for (int i = 1; i <= 5; i++) {
                etcd.set(base + "/w/" + i, Integer.toString(i));
            }
            for (int i = 0; i <= 5; i++) {
                EtcdV2Response event = events.poll(10, TimeUnit.SECONDS);
                assertEquals(base + "/w/" + i, event == null ? null : event.node().key());
            }
        }
    }

    @Test
    void watchFromAClearedIndexResyncsAndThenSeesNewChanges() throws InterruptedException {
        long first = etcd.set(base + "/old", "0").node().modifiedIndex();
        for (int i = 0; i < 1005; i++) {
            etcd.set(base + "/churn", Integer.toString(i));
        }
        BlockingQueue<EtcdV2Response> resyncs = new LinkedBlockingQueue<>();
        BlockingQueue<EtcdV2Response> events = new LinkedBlockingQueue<>();
        EtcdV2WatchListener listener = new EtcdV2WatchListener() {
            @Override
            public void onEvent(EtcdV2Response event) {
                events.add(event);
            }

            @Override
            public void onResync(EtcdV2Response listing) {
                resyncs.add(listing);
            }
        };
        try (Subscription ignored = etcd.watch(base, WatchOptions.builder().recursive(true).fromIndex(first).build(),
                listener)) {
            EtcdV2Response listing = resyncs.poll(10, TimeUnit.SECONDS);
            assertTrue(listing != null, "no resync after the history was cleared");
            assertEquals("1004", listing.node().nodes().stream().filter(n -> n.name().equals("churn"))
                    .findFirst().orElseThrow().value().orElseThrow());
            etcd.set(base + "/after", "new");
            EtcdV2Response event = events.poll(10, TimeUnit.SECONDS);
            assertEquals(base + "/after", event == null ? null : event.node().key());
        }
    }

    @Test
    void closedWatchDeliversNothingMore() throws InterruptedException {
        BlockingQueue<EtcdV2Response> events = new LinkedBlockingQueue<>();
        Subscription watch = etcd.watch(base + "/c", WatchOptions.defaults(), events::add);
        etcd.set(base + "/c", "1");
        assertTrue(events.poll(10, TimeUnit.SECONDS) != null);
        watch.close();
        etcd.set(base + "/c", "2");
        assertFalse(events.poll(1, TimeUnit.SECONDS) != null, "event delivered after close");
    }
}
