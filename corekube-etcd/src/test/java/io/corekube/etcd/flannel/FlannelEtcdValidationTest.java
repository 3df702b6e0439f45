package io.corekube.etcd.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.fuzz.ScriptedHttpServer;
import io.corekube.templates.flannel.FlannelConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every config is validated with flannel's rules before anything is written, and a conflict never shows a PSK. */
class FlannelEtcdValidationTest {

    @Test
    void aConfigFlanneldWouldRefuseIsRefusedBeforeAnyRequest() throws Exception {
        try (ScriptedHttpServer etcd = ScriptedHttpServer.start(r -> ScriptedHttpServer.Reply.json("{}"));
             FlannelEtcd flannel = FlannelEtcd.v2(EtcdConfig.of(etcd.url().toString()))) {
            for (String bad : List.of("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":9223372036854775808}",
                    "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"short\"}}",
                    "{\"EnableIPv4\":false,\"Network\":\"10.0.0.0/16\"}", "{\"Network\":\"\u0661\u0660.0.0.0/8\"}")) {
                assertThrows(FlannelConfigException.class, () -> flannel.publish(bad), bad);
                assertThrows(FlannelConfigException.class, () -> flannel.replace(bad), bad);
                assertThrows(FlannelConfigException.class, () -> flannel.asNetworkConfigStore().publish(bad), bad);
            }
            assertEquals(0, etcd.requests(), "nothing was sent");
        }
    }

    @Test
    void theConflictMessageShowsThePublishedConfigWithoutItsKey() {
        String existing = "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":\"CANARY" + "k".repeat(96) + "\"}}";
        FlannelConfigConflictException e = new FlannelConfigConflictException("/coreos.com/network/config", existing);
        assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        assertTrue(e.getMessage().contains("\"PSK\":\"****\""), e.getMessage());
        assertEquals(existing, e.existing());
    }
}
