package io.corekube.openstack.heat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What to create (or preview, or update a stack to): the template as Heat receives it (the raw text, never
 * re-parsed) or its URL, parameters, an environment, files, a timeout, rollback and tags.
 */
@Value.Immutable
public interface StackRequest {

    /** The stack's name. */
    String name();

    /** The template's text (HOT YAML or JSON), sent as a string. */
    Optional<String> template();

    /** Where Heat fetches the template from, instead of {@link #template()}. */
    Optional<String> templateUrl();

    /** Parameter values by name. */
    Map<String, String> parameters();

    /** The environment's text (YAML or JSON), e.g. a {@code resource_registry}. */
    Optional<String> environment();

    /** Files the template or environment refer to, by name. */
    Map<String, String> files();

    /** How long Heat gives the operation before it fails it. */
    Optional<Duration> timeout();

    /** Keep a failed create as CREATE_FAILED (Heat's default) rather than rolling it back. */
    @Value.Default
    default boolean disableRollback() {
        return true;
    }

    /** Tags, each at most 80 characters without commas. */
    List<String> tags();

    /** A builder for a request. */
    static ImmutableStackRequest.Builder builder() {
        return ImmutableStackRequest.builder();
    }

    /** A template or its URL, not both; tags Heat can store; a timeout of whole minutes. */
    @Value.Check
    default void check() {
        if (template().isPresent() == templateUrl().isPresent()) {
            throw new IllegalArgumentException("give exactly one of template and templateUrl for stack " + name());
        }
        if (!name().matches("[a-zA-Z][a-zA-Z0-9_.-]{0,254}")) {
            throw new IllegalArgumentException("stack name must start with a letter and use [a-zA-Z0-9_.-]: '" + name() + "'");
        }
        for (String tag : tags()) {
            if (tag.isEmpty() || tag.length() > 80 || tag.contains(",")) {
                throw new IllegalArgumentException("tag must be 1-80 characters without commas: '" + tag + "'");
            }
        }
        timeout().ifPresent(t -> {
            if (t.toMinutes() < 1) {
                throw new IllegalArgumentException("timeout must be at least one minute, got " + t);
            }
        });
    }
}
