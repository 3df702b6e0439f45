package io.corekube.testing.openstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link OpenStackServer} as a parameter: one cloud for the whole test run (it takes about a minute
 * and 2 GB to start), started on first use and closed when the run ends.
 */
public final class OpenStackServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenStackServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(OpenStackServerExtension.class))
                .getOrComputeIfAbsent(OpenStackServer.class.getName(), k -> new Shared(OpenStackServer.start()), Shared.class).server();
    }

    private record Shared(OpenStackServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
