package io.corekube.testing.flannel;

import io.corekube.testing.internal.ClassScoped;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives a JUnit 5 test class one {@link FlannelLab} (bridge, etcd, flanneld on demand), removed after its last test. */
public final class FlannelLabExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        lab(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FlannelLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return lab(context);
    }

    private static FlannelLab lab(ExtensionContext context) {
        return ClassScoped.get(context, FlannelLabExtension.class, FlannelLab.class, FlannelLab::start);
    }
}
