package io.corekube.spi;

import java.time.Duration;

/**
 * A write was refused because the leadership that guards it is lost, or about to be: its lease has less than the
 * safety margin left by this process's clock, or the store saw another leader (a deposed leader's write). Nothing
 * was written. Not retryable by the same leadership: campaign again.
 */
public class LeadershipLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The candidate whose write was refused. */
    private final String candidateId;
    /** What it tried to write. */
    private final String write;

    /** A refusal of {@code write} by {@code candidateId}, saying why. */
    public LeadershipLostException(String candidateId, String write, String why) {
        super(candidateId + " no longer leads, so it did not " + write + ": " + why);
        this.candidateId = candidateId;
        this.write = write;
    }

    /** A refusal because {@code left} of the lease remained, not more than {@code margin}. */
    static LeadershipLostException lowLease(String candidateId, String write, Duration left, Duration margin) {
        return new LeadershipLostException(candidateId, write, left.isZero() ? "its leadership ended"
                : "only " + left.toMillis() + " ms of its lease remained, the safety margin is " + margin.toMillis() + " ms");
    }

    /** The candidate whose write was refused. */
    public String candidateId() {
        return candidateId;
    }

    /** The write that was refused, e.g. {@code PUT unit kube-apiserver.service}. */
    public String write() {
        return write;
    }
}
