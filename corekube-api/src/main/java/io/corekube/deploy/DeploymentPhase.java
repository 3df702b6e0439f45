package io.corekube.deploy;

/** Where a machine's deployment stands. */
public enum DeploymentPhase {
    /** Known, nothing submitted yet. */
    PENDING,
    /** Units are being submitted or are starting. */
    DEPLOYING,
    /** Every unit of the machine's role is done. */
    DEPLOYED,
    /** A unit failed beyond its retry limit; the record says why. */
    FAILED
}
