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

    /** The whole pipeline, deploy to teardown. */
    @Nested
    class Pipeline extends PipelineChecks {
    }
}
