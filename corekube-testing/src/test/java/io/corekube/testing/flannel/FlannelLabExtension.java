package io.corekube.testing.flannel;

import io.corekube.testing.ClassScopedExtension;

/** Gives a JUnit 5 test class one {@link FlannelLab} (bridge, etcd, flanneld on demand), removed after its last test. */
public final class FlannelLabExtension extends ClassScopedExtension<FlannelLab> {

    /** The extension JUnit instantiates. */
    public FlannelLabExtension() {
        super(FlannelLab.class, FlannelLab::start);
    }
}
