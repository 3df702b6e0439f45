package io.corekube.openstack.heat;

import java.util.Optional;

/**
 * An output of a stack.
 *
 * @param key the output's name
 * @param value the value as JSON text ({@code "10.0.0.5"}, {@code ["a","b"]}, {@code null})
 * @param description Heat's description of it
 * @param error Heat's error when the output could not be computed
 */
public record StackOutput(String key, String value, String description, Optional<String> error) {
}
