package io.corekube.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.corekube.etcd.discovery.DiscoveryException;
import io.corekube.etcd.discovery.EtcdDiscovery;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad endpoints, timeouts and sizes are refused when the config or call is made, typed, and never show a password. */
class EtcdConfigCheckTest {

    @Test
    void endpointsMustBeHttpWithAHostAndNoUserInformation() {
        assertEquals("endpoints", assertThrows(EtcdArgumentException.class, () -> EtcdConfig.of("ftp://h:2379")).field());
        assertEquals("endpoints", assertThrows(EtcdArgumentException.class, () -> EtcdConfig.of("h:2379")).field());
        EtcdArgumentException userinfo = assertThrows(EtcdArgumentException.class,
                () -> EtcdConfig.of("http://root:CANARY-pw@127.0.0.1:2379"));
        assertEquals("endpoints", userinfo.field());
        assertFalse(userinfo.getMessage().contains("CANARY"), userinfo.getMessage());
    }

    @Test
    void timeoutsArePositiveAndAtMostAnHourForEveryEtcdClient() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(Long.MAX_VALUE), Duration.ofHours(2)}) {
            assertEquals("requestTimeout", assertThrows(EtcdArgumentException.class, () -> EtcdConfig.builder()
                    .addEndpoint(URI.create("http://127.0.0.1:2379")).requestTimeout(bad).build()).field(), bad.toString());
            assertEquals("connectTimeout", assertThrows(EtcdArgumentException.class, () -> EtcdConfig.builder()
                    .addEndpoint(URI.create("http://127.0.0.1:2379")).connectTimeout(bad).build()).field(), bad.toString());
        }
        assertEquals(Duration.ofSeconds(15), EtcdConfig.of("http://127.0.0.1:2379").requestTimeout());
    }

    @Test
    void discoverySizeIsBoundedBeforeAnyRequest() {
        try (EtcdDiscovery discovery = EtcdDiscovery.v2(EtcdConfig.of("http://127.0.0.1:1"))) {
            for (int size : new int[] {0, -1, EtcdDiscovery.MAX_SIZE + 1, 1_000_000_000}) {
                DiscoveryException e = assertThrows(DiscoveryException.class, () -> discovery.createToken(size));
                assertEquals(DiscoveryException.Reason.BAD_SIZE, e.reason(), String.valueOf(size));
            }
        }
    }
}
