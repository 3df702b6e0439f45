/**
 * Injection-proof rendering: templates are resources with named, typed placeholders ({@code {{name|context}}});
 * every placeholder must be bound, nothing else may be, and each value is checked for the context it lands in.
 */
package io.corekube.templates.render;
