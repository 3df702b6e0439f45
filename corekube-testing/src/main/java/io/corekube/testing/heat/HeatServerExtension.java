package io.corekube.testing.heat;

import io.corekube.testing.internal.ClassScoped;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a JUnit 5 test class one real Heat, started before its first test and stopped after its last. */
public final class HeatServerExtension implements BeforeAllCallback, ParameterResolver {


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
        return ClassScoped.get(context, HeatServerExtension.class, HeatServer.class, HeatServer::start);
    }
}
