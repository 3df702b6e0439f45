package io.corekube.openstack;

import io.corekube.testing.openstack.OpenStackServerExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Everything that needs the real OpenStack, on one {@link io.corekube.testing.openstack.OpenStackServer} (about 30 s
 * and 2 GB to start), stopped when the last of them ends so that the other integration tests run without it.
 */
@ExtendWith(OpenStackServerExtension.class)
class RealOpenStackIT {

    /** Keystone v3 for real. */
    @Nested
    class Keystone extends RealKeystoneChecks {
    }

    /** The cluster stack through real Nova and Neutron. */
    @Nested
    class ClusterStack extends ClusterStackChecks {
    }

    /** A stack deleted while the SDK awaits it, on the convergence engine. */
    @Nested
    class StackDeleted {
        @org.junit.jupiter.api.Test
        void aStackDeletedWhileAwaitedEndsTheWaitWithATypedException(io.corekube.testing.openstack.OpenStackServer cloud) throws Exception {
            try (io.corekube.openstack.keystone.Keystone keystone = RealKeystoneChecks.userKeystone(cloud).build();
                 io.corekube.openstack.heat.HeatClient heat = io.corekube.openstack.heat.HeatClient.builder().keystone(keystone).build();
                 io.corekube.openstack.heat.HeatClient someoneElse = io.corekube.openstack.heat.HeatClient.builder().keystone(keystone).build()) {
                heat.awaitDeletion(StackDeletedWhileAwaitedIT.assertDeletedPromptly(heat, someoneElse), java.time.Duration.ofMinutes(2));
                heat.awaitDeletion(StackDeletedWhileAwaitedIT.assertDeletedPromptly(heat, someoneElse, false),
                        java.time.Duration.ofMinutes(2));
            }
        }
    }

    /** The whole pipeline, deploy to teardown. */
    @Nested
    class Pipeline extends PipelineChecks {
    }
}
