package io.corekube.testing.etcd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtcdServerTest {

    @Test
    void aMissingBinaryIsReportedWithTheWayToInstallIt() {
        String before = System.getProperty("corekube.etcd.binary");
        System.setProperty("corekube.etcd.binary", "/nonexistent/etcd");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, EtcdServer::binary);
            assertTrue(e.getMessage().contains("/nonexistent/etcd"), e.getMessage());
            assertTrue(e.getMessage().contains("apt-get install"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("corekube.etcd.binary");
            } else {
                System.setProperty("corekube.etcd.binary", before);
            }
        }
    }
}
