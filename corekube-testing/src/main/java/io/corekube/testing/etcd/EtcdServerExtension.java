package io.corekube.testing.etcd;

import io.corekube.testing.internal.ClassScoped;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class EtcdServerExtension implements BeforeAllCallback, ParameterResolver {


    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EtcdServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static EtcdServer server(ExtensionContext context) {
        return ClassScoped.get(context, EtcdServerExtension.class, EtcdServer.class, () -> EtcdServer.builder().build().start());
    }
}
