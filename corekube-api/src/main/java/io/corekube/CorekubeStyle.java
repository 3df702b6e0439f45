package io.corekube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The one Immutables style of every Corekube value type: JDK collections only (no Guava in generated code),
 * public {@code Immutable*} implementations with builders and {@code with*} copies.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(jdkOnly = true, defaults = @Value.Immutable(copy = true), depluralize = true)
public @interface CorekubeStyle {
}
