package io.corekube.testing.flannel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.corekube.etcd.EtcdConfig;
import io.corekube.etcd.flannel.FlannelEtcd;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The launcher itself: a flanneld runs in its namespace, stops on SIGTERM, and nothing is left behind. */
@ExtendWith(FlannelLabExtension.class)
class FlannelLabIT {

    @Test
    void aFlanneldRunsInItsNamespaceAndStopsOnSigterm(FlannelLab lab) throws Exception {
        try (FlannelEtcd flannel = FlannelEtcd.v2(EtcdConfig.of(lab.etcd().clientUrl()), "/lab/network")) {
            flannel.publish("{\"Network\":\"10.60.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}");
        }
        FlannelLab.Instance flanneld = lab.flanneld("/lab/network");
        assertTrue(flanneld.awaitLog(Pattern.compile("Wrote subnet file"), Duration.ofSeconds(20)).isPresent(), flanneld.log());
        assertTrue(flanneld.subnetEnv().orElseThrow().startsWith("FLANNEL_NETWORK=10.60.0.0/16\n"));
        assertTrue(flanneld.isRunning());
        flanneld.stop();
        assertFalse(flanneld.isRunning());
        ProcessBuilder ls = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true);
        String namespaces = new String(ls.start().getInputStream().readAllBytes());
        assertTrue(namespaces.contains("ckf"), "the namespace exists while the lab runs: " + namespaces);
    }
}
