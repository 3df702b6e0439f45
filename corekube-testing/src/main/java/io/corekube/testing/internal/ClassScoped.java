package io.corekube.testing.internal;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One resource per test class, started on first use and closed after the class's last test. */
public final class ClassScoped {

    private ClassScoped() {
    }

    /** The class's instance of the resource {@code owner} manages, started with {@code start} if there is none yet. */
    public static <T extends AutoCloseable> T get(ExtensionContext context, Class<?> owner, Class<T> type, Supplier<T> start) {
        ExtensionContext classContext = context.getTestMethod().isPresent() && context.getParent().isPresent()
                ? context.getParent().get() : context;
        return type.cast(classContext.getStore(ExtensionContext.Namespace.create(owner))
                .getOrComputeIfAbsent(type.getName(), k -> new Closing(start.get()), Closing.class).resource());
    }

    private record Closing(AutoCloseable resource) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            resource.close();
        }
    }
}
