package io.corekube.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Lets a write through only while a leadership holds with more than a safety margin of its lease left, by this
 * process's monotonic clock. The engine checks it right before each write to a system that cannot compare a
 * leader's token itself (fleet), so that a leader paused past its lease (a long GC pause, a frozen VM, SIGSTOP)
 * sends nothing once it resumes. It narrows, and cannot close, the window of a write that leaves in time and then
 * travels longer than the margin; stores that can compare a token (etcd) fence their own writes as well.
 */
public final class WriteFence {

    private static final WriteFence NONE = new WriteFence(null, Duration.ZERO);

    private final Leadership leadership;
    private final Duration margin;

    private WriteFence(Leadership leadership, Duration margin) {
        this.leadership = leadership;
        this.margin = margin;
    }

    /** A fence on {@code leadership} that keeps {@code margin} (not negative) of the lease in reserve. */
    public static WriteFence of(Leadership leadership, Duration margin) {
        Objects.requireNonNull(leadership, "leadership");
        if (margin == null || margin.isNegative()) {
            throw new IllegalArgumentException("margin must not be negative, got " + margin);
        }
        return new WriteFence(leadership, margin);
    }

    /** The fence of a writer that does not lead (a tool, a test): it lets every write through. */
    public static WriteFence none() {
        return NONE;
    }

    /** True when a write may go now. */
    public boolean allows() {
        return leadership == null || leadership.isHeld() && leadership.remaining().compareTo(margin) > 0;
    }

    /** Returns when a write may go now; otherwise throws {@link LeadershipLostException} naming {@code write}. */
    public void check(String write) {
        if (leadership == null) {
            return;
        }
        Duration left = leadership.isHeld() ? leadership.remaining() : Duration.ZERO;
        if (left.compareTo(margin) <= 0) {
            throw LeadershipLostException.lowLease(leadership.candidateId(), write, left, margin);
        }
    }

    @Override
    public String toString() {
        return leadership == null ? "WriteFence[none]"
                : "WriteFence[" + leadership.candidateId() + ", margin " + margin.toMillis() + " ms]";
    }
}
