package io.corekube.fleet;

/** What a PUT of a unit did, by fleet's answer. */
public enum PutOutcome {
    /** {@code 201}: the unit was created, or replaced by new content. */
    CREATED,
    /** {@code 204}: only the desired state of the existing unit was set. */
    UPDATED
}
