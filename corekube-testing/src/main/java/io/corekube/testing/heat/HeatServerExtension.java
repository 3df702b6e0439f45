package io.corekube.testing.heat;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a JUnit 5 test class one real Heat, started before its first test and stopped after its last. */
public final class HeatServerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(HeatServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HeatServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static HeatServer server(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() && context.getParent().isPresent()
                ? context.getParent().get() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("heat", k -> new Closable(HeatServer.start()),
                Closable.class).server();
    }

    private record Closable(HeatServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
