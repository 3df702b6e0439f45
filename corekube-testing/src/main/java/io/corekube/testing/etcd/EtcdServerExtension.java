package io.corekube.testing.etcd;

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

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EtcdServerExtension.class);

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
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getParent().isPresent()
                && context.getTestMethod().isPresent() ? context.getParent().get() : context;
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> new ClosableServer(EtcdServer.builder().build().start()),
                        ClosableServer.class)
                .server();
    }

    private record ClosableServer(EtcdServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
