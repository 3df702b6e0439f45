package io.corekube.unit;

/** What submitting a unit did on the scheduler. */
public enum SubmitOutcome {
    /** The unit did not exist and was created. */
    CREATED,
    /** The unit existed with other content and was replaced. */
    REPLACED,
    /** The unit existed with the same content; only its desired state was (re)applied. */
    UNCHANGED
}
