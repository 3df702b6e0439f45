package io.corekube.etcd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemberIdsTest {

    @Test
    void matchesTheIdEtcd3423RegisteredForThisPeerAndToken() {
        String token = "http://127.0.0.1:23379/v2/keys/_etcd/registry/6c007a14875d53d9bf0ef5a6fc0257c8";
        assertEquals("b7c3342ca68febf6", MemberIds.compute(List.of("http://127.0.0.1:25380"), token));
    }

    @Test
    void peerUrlOrderDoesNotMatter() {
        assertEquals(MemberIds.compute(List.of("http://a:2380", "http://b:2380"), "t"),
                MemberIds.compute(List.of("http://b:2380", "http://a:2380"), "t"));
    }

    @Test
    void registrationValueIsSortedAndCommaJoined() {
        assertEquals("infra0=http://a:2380,infra0=http://b:2380",
                DiscoveryMember.registrationValue("infra0", List.of("http://b:2380", "http://a:2380")));
    }
}
