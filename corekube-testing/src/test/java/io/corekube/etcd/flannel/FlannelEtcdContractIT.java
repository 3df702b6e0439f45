package io.corekube.etcd.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdArgumentException;
import io.corekube.etcd.EtcdConfig;
import io.corekube.testing.etcd.EtcdServer;
import io.corekube.testing.etcd.EtcdServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** flannel's config and leases in etcd, the same rules through v2 and v3. */
@ExtendWith(EtcdServerExtension.class)
abstract class FlannelEtcdContractIT {

    static final String COREKUBE = "{\"Network\":\"10.244.0.0/15\", \"Backend\": {\"Type\": \"vxlan\"}}";

    EtcdServer server;
    String prefix;
    FlannelEtcd flannel;

    abstract FlannelEtcd open(EtcdConfig config, String prefix);

    /** Writes a lease the way flanneld does; {@code ttlSeconds} 0 writes a reservation. */
    abstract void writeLease(String key, String json, long ttlSeconds);

    /** Reads a key in this API's keyspace, bypassing the SDK. */
    abstract Optional<String> readRaw(String key);

    @BeforeEach
    void open(EtcdServer server) {
        this.server = server;
        this.prefix = "/it" + UUID.randomUUID().toString().substring(0, 8) + "/network";
        this.flannel = open(EtcdConfig.of(server.clientUrl()), prefix);
    }

    @AfterEach
    void close() {
        flannel.close();
    }

    @Test
    void publishCreatesOnceThenIsANoOpForTheSameJson() {
        assertEquals(PublishOutcome.CREATED, flannel.publish(COREKUBE));
        assertEquals(PublishOutcome.UNCHANGED,
                flannel.publish("{ \"Backend\" : {\"Type\":\"vxlan\"}, \"Network\" : \"10.244.0.0/15\" }"));
        assertEquals("{\"Network\":\"10.244.0.0/15\",\"Backend\":{\"Type\":\"vxlan\"}}", readRaw(prefix + "/config")
                .orElseThrow());
    }

    @Test
    void aDifferentConfigIsRefusedUnlessReplaced() {
        flannel.publish(COREKUBE);
        String other = "{\"Network\":\"10.1.0.0/16\",\"Backend\":{\"Type\":\"udp\"}}";
        FlannelConfigConflictException e = assertThrows(FlannelConfigConflictException.class, () -> flannel.publish(other));
        assertTrue(e.existing().contains("10.244.0.0/15"));
        assertTrue(flannel.readConfig().orElseThrow().contains("10.244.0.0/15"));
        assertEquals(PublishOutcome.REPLACED, flannel.replace(other));
        assertTrue(flannel.readConfig().orElseThrow().contains("10.1.0.0/16"));
        assertTrue(flannel.deleteConfig());
        assertEquals(Optional.empty(), flannel.readConfig());
        assertEquals(PublishOutcome.CREATED, flannel.replace(other));
    }

    @Test
    void malformedConfigsAreRefusedAndNothingIsWritten() {
        for (String bad : List.of("", "{", "not json", "[]", "\"10.0.0.0/8\"", "{}", "{\"Network\":10}",
                "{\"Network\":\"10.0.0.0/8\",\"Network\":\"10.1.0.0/16\"}", "{\"Network\":\"10.0.0.0/8\"} trailing",
                "{\"Backend\":{\"Type\":\"vxlan\"}}")) {
            EtcdArgumentException e = assertThrows(EtcdArgumentException.class, () -> flannel.publish(bad), bad);
            assertEquals("config", e.field());
        }
        assertEquals(Optional.empty(), readRaw(prefix + "/config"));
    }

    @Test
    void networkFieldNamesAreCaseInsensitiveAsInFlannel() {
        assertEquals(PublishOutcome.CREATED, flannel.publish("{\"network\":\"10.5.0.0/16\"}"));
    }

    @Test
    void leasesAreListedWithAttributesAndExpiry() {
        writeLease(prefix + "/subnets/10.244.94.0-24", "{\"PublicIP\":\"192.168.64.3\",\"PublicIPv6\":null,"
                + "\"BackendType\":\"vxlan\",\"BackendData\":{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}}", 86400);
        writeLease(prefix + "/subnets/10.244.7.0-24&fc00:0:0:1::-64", "{\"PublicIP\":\"192.168.64.4\","
                + "\"PublicIPv6\":\"fd00::4\",\"BackendType\":\"vxlan\"}", 86400);
        writeLease(prefix + "/subnets/10.244.8.0-24", "{\"PublicIP\":\"10.10.0.21\"}", 0);
        writeLease(prefix + "/subnets/not-a-lease", "{}", 0);

        List<FlannelLease> leases = flannel.leases();
        assertEquals(List.of("10.244.7.0/24", "10.244.8.0/24", "10.244.94.0/24"),
                leases.stream().map(FlannelLease::subnet).toList());
        FlannelLease vxlan = leases.get(2);
        assertEquals("192.168.64.3", vxlan.publicIp());
        assertEquals(Optional.of("vxlan"), vxlan.backendType());
        assertEquals(Optional.of("{\"VNI\":1,\"VtepMAC\":\"c6:d2:32:6f:8f:44\"}"), vxlan.backendData());
        assertEquals(Optional.empty(), vxlan.publicIpv6());
        Instant expiry = vxlan.expiration().orElseThrow();
        assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofHours(23))), expiry.toString());
        assertTrue(expiry.isBefore(Instant.now().plus(Duration.ofHours(25))), expiry.toString());

        FlannelLease dual = leases.get(0);
        assertEquals(Optional.of("fc00:0:0:1::/64"), dual.ipv6Subnet());
        assertEquals(Optional.of("fd00::4"), dual.publicIpv6());

        FlannelLease reservation = leases.get(1);
        assertEquals(Optional.empty(), reservation.expiration());
        assertEquals(Optional.empty(), reservation.backendType());
    }

    @Test
    void noLeasesIsAnEmptyList() {
        assertTrue(flannel.leases().isEmpty());
        assertFalse(flannel.deleteConfig());
    }
}
