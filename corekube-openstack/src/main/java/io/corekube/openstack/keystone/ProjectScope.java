package io.corekube.openstack.keystone;

import java.util.Objects;
import java.util.Optional;

/** The project a token is scoped to: by ID, or by name in a domain (by domain ID or name). */
public record ProjectScope(Optional<String> id, Optional<String> name, Optional<String> domainId,
                           Optional<String> domainName) {

    /** A project by ID. */
    public static ProjectScope byId(String id) {
        return new ProjectScope(Optional.of(Objects.requireNonNull(id)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A project by name in the domain with this ID. */
    public static ProjectScope byName(String name, String domainId) {
        return new ProjectScope(Optional.empty(), Optional.of(name), Optional.of(domainId), Optional.empty());
    }

    /** A project by name in the domain with this name. */
    public static ProjectScope byNameInDomainNamed(String name, String domainName) {
        return new ProjectScope(Optional.empty(), Optional.of(name), Optional.empty(), Optional.of(domainName));
    }
}
