package io.corekube.testing.etcd;

import io.corekube.testing.ClassScopedExtension;

/**
 * Gives a JUnit 5 test class one real etcd, started before its first test and stopped after its last, as a
 * parameter of type {@link EtcdServer} (constructor, {@code @BeforeAll}, {@code @BeforeEach} or test method).
 *
 * <pre>{@code
 * @ExtendWith(EtcdServerExtension.class)
 * class MyTest {
 *     @Test void works(EtcdServer etcd) { ... etcd.clientUrl() ... }
 * }
 * }</pre>
 */
public final class EtcdServerExtension extends ClassScopedExtension<EtcdServer> {

    /** The extension JUnit instantiates. */
    public EtcdServerExtension() {
        super(EtcdServer.class, () -> EtcdServer.builder().build().start());
    }
}
