package io.corekube.etcd.flannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.fuzz.ScriptedHttpServer;
import io.corekube.templates.flannel.FlannelConfigException;
import io.corekube.CorekubeDeployer;
import io.corekube.deploy.ClusterSpec;
import io.corekube.deploy.RoleCatalog;
import io.corekube.etcd.EtcdArgumentException;
import io.corekube.spi.ClusterProvisioner;
import io.corekube.spi.DeploymentStore;
import io.corekube.spi.MachineRegistry;
import io.corekube.spi.UnitScheduler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

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

    @Test
    void theDeployerValidatesTheConfigBeforeItProvisionsOrPublishes() throws Exception {
        List<String> provisionerCalls = new CopyOnWriteArrayList<>();
        try (ScriptedHttpServer etcd = ScriptedHttpServer.start(r -> ScriptedHttpServer.Reply.json("{}"));
             FlannelEtcd flannel = FlannelEtcd.v2(EtcdConfig.of(etcd.url().toString()))) {
            CorekubeDeployer deployer = CorekubeDeployer.builder().registry(unused(MachineRegistry.class, null))
                    .scheduler(unused(UnitScheduler.class, null)).store(unused(DeploymentStore.class, null))
                    .roles(unused(RoleCatalog.class, null)).provisioner(unused(ClusterProvisioner.class, provisionerCalls))
                    .network(flannel.asNetworkConfigStore()).build();
            for (String bad : List.of("{\"Network\":\"10.0.0.0/8\",\"SubnetLen\":9223372036854775808}",
                    "{\"EnableIPv4\":false,\"Network\":\"10.0.0.0/16\"}",
                    "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":16777216}}")) {
                ClusterSpec spec = ClusterSpec.builder().name("c").minionCount(1).networkConfig(bad).build();
                assertThrows(FlannelConfigException.class, () -> deployer.deploy(spec), bad);
                assertThrows(FlannelConfigException.class, () -> deployer.plan(spec), bad);
                assertThrows(FlannelConfigException.class, () -> flannel.asNetworkConfigStore().validate(bad), bad);
            }
            assertEquals(List.of(), provisionerCalls, "nothing was provisioned");
            assertEquals(0, etcd.requests(), "nothing was published");
        }
    }

    @Test
    void malformedJsonIsRefusedWithoutQuotingIt() throws Exception {
        try (ScriptedHttpServer etcd = ScriptedHttpServer.start(r -> ScriptedHttpServer.Reply.json("{}"));
             FlannelEtcd flannel = FlannelEtcd.v2(EtcdConfig.of(etcd.url().toString()))) {
            String bad = "{\"Network\":\"10.0.0.0/16\",\"Backend\":{\"Type\":\"ipsec\",\"PSK\":CANARY" + "k".repeat(96) + "}}";
            for (Executable publish : List.<Executable>of(() -> flannel.publish(bad), () -> flannel.replace(bad),
                    () -> flannel.asNetworkConfigStore().validate(bad))) {
                RuntimeException e = assertThrows(RuntimeException.class, publish);
                assertTrue(e instanceof EtcdArgumentException || e instanceof FlannelConfigException, e.toString());
                assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
            }
            assertEquals(0, etcd.requests());
        }
    }

    /** A port the test must not reach: any call is recorded (when {@code calls} is given) and fails. */
    private static <T> T unused(Class<T> port, List<String> calls) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? port.getSimpleName() : method.getName().equals("hashCode")
                        ? System.identityHashCode(proxy) : proxy == args[0];
            }
            if (calls != null) {
                calls.add(method.getName());
            }
            throw new UnsupportedOperationException(port.getSimpleName() + "." + method.getName());
        }));
    }
}
