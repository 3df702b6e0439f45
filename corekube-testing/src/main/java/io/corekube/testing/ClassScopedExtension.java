package io.corekube.testing;

import io.corekube.testing.internal.ClassScoped;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives a test class one real server of type {@code T}, started before its first test
 * and closed after its last, as a parameter of that type. The test kit's extensions ({@code EtcdServerExtension},
 * {@code HeatServerExtension}) are subclasses; users can write their own the same way.
 *
 * @param <T> the server's type
 */
public abstract class ClassScopedExtension<T extends AutoCloseable> implements BeforeAllCallback, ParameterResolver {

    private final Class<T> type;
    private final Supplier<T> start;

    /** An extension for servers of {@code type}, started with {@code start}. */
    protected ClassScopedExtension(Class<T> type, Supplier<T> start) {
        this.type = type;
        this.start = start;
    }

    @Override
    public final void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private T server(ExtensionContext context) {
        return ClassScoped.get(context, getClass(), type, start);
    }
}
