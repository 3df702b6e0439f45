package io.corekube.testing.openstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link OpenStackServer} as a parameter: one cloud per top-level test class (it takes about 30 s
 * and 2 GB to start), started on first use and closed when that class ends. Put every test that needs it in
 * {@code @Nested} classes of one top-level class, and a test run starts one cloud, which is gone before the other
 * test classes run.
 */
public final class OpenStackServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenStackServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext top = context;
        while (top.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
            top = top.getParent().get();
        }
        return top.getStore(ExtensionContext.Namespace.create(OpenStackServerExtension.class))
                .getOrComputeIfAbsent(OpenStackServer.class.getName(), k -> new Shared(OpenStackServer.start()), Shared.class).server();
    }

    private record Shared(OpenStackServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
