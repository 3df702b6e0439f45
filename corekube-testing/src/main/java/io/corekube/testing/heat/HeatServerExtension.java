package io.corekube.testing.heat;

import io.corekube.testing.ClassScopedExtension;

/** Gives a JUnit 5 test class one real Heat, started before its first test and stopped after its last. */
public final class HeatServerExtension extends ClassScopedExtension<HeatServer> {

    /** The extension JUnit instantiates. */
    public HeatServerExtension() {
        super(HeatServer.class, HeatServer::start);
    }
}
