package io.corekube.templates;

import io.corekube.templates.download.Artifact;
import io.corekube.templates.kubernetes.KubernetesRoles;

/** Role catalogs for tests: every artifact without a published digest allowed unverified, by name. */
public final class TestRoles {

    private TestRoles() {
    }

    /** A builder of {@code profile} that allows each unpublished artifact. */
    public static KubernetesRoles.Builder allowingUnpublished(KubernetesRoles.Profile profile) {
        KubernetesRoles.Builder b = KubernetesRoles.builder(profile);
        profile.artifacts().stream().filter(a -> a.checksum().isEmpty()).map(Artifact::name).forEach(b::allowUnverified);
        return b;
    }

    /** {@link #allowingUnpublished} built. */
    public static KubernetesRoles of(KubernetesRoles.Profile profile) {
        return allowingUnpublished(profile).build();
    }
}
