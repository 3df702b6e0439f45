package io.corekube.etcd.store;

import io.corekube.etcd.internal.Jetcd;
import io.corekube.spi.Leadership;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One lease in etcd's election: the lease this process renews, and, once the campaign on it wins, the candidate's
 * key. A leadership is held from its confirmation ({@link #won}) on. This process keeps its own deadline on its
 * monotonic clock: each renewal etcd confirms moves it to the time the renewal was <em>sent</em> plus the TTL, which
 * etcd can only reach later. A held leadership ends at that deadline even when nothing was heard (a process paused
 * past its lease ends it as it resumes), when etcd says the lease is gone, or on resignation. While the campaign
 * still waits, a late renewal ends nothing: only etcd saying the lease is gone does, and {@link EtcdCandidacy} then
 * campaigns again on a new lease. Renewals go every quarter of the TTL. When a lease ends other than by
 * {@link #close()}, it is revoked in the background, so that etcd frees the election at once if it still held it.
 */
final class EtcdLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeadership.class);
    private static final long CHECK_MILLIS = 50;

    private final Client client;
    private final String candidateId;
    private final long leaseId;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final Duration timeout;
    private final ScheduledExecutorService renewals;
    private final AtomicLong deadlineNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LeaderKey leaderKey;
    private volatile boolean leading;
    private volatile boolean resignedWhileHeld;

    EtcdLeadership(Client client, String candidateId, long leaseId, long grantedTtl, long grantSentNanos,
                   Duration timeout) {
        this.client = client;
        this.candidateId = candidateId;
        this.leaseId = leaseId;
        this.timeout = timeout;
        this.deadlineNanos = new AtomicLong(grantSentNanos + TimeUnit.SECONDS.toNanos(grantedTtl));
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "corekube-lease-" + candidateId);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(CHECK_MILLIS, TimeUnit.SECONDS.toMillis(grantedTtl) / 4);
        renewals.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        renewals.scheduleWithFixedDelay(this::checkDeadline, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The campaign on this lease won with {@code key}: one renewal confirms that etcd still holds the lease (and so
     * the key) before the leadership counts as held, however long the campaign waited. Completes with whether it is
     * held; when the lease is gone or cannot be confirmed, this lease ends.
     */
    CompletableFuture<Boolean> won(LeaderKey key) {
        leaderKey = key;
        if (lost.isDone()) {
            return CompletableFuture.completedFuture(false);
        }
        long sent = System.nanoTime();
        return client.getLeaseClient().keepAliveOnce(leaseId).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error == null && response.getTTL() > 0) {
                        deadlineNanos.accumulateAndGet(sent + TimeUnit.SECONDS.toNanos(response.getTTL()), Math::max);
                        leading = true;
                        LOG.info("{} leads (lease {})", candidateId, Long.toHexString(leaseId));
                        return isHeld();
                    }
                    end(error == null || leaseNotFound(error) ? "its lease expired before it could lead"
                            : "its lease could not be confirmed once it won: " + error);
                    return false;
                });
    }

    /** True when {@code error} is etcd saying that a lease does not exist (expired or revoked). */
    static boolean leaseNotFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains("lease not found")) {
                return true;
            }
        }
        return false;
    }

    /** Ends this lease because etcd no longer has it. */
    void lapsed() {
        end("lease " + Long.toHexString(leaseId) + " expired or was revoked");
    }

    private void renew() {
        if (lost.isDone()) {
            return;
        }
        long sent = System.nanoTime();
        client.getLeaseClient().keepAliveOnce(leaseId).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((response, error) -> renewed(sent, response, error));
    }

    private void renewed(long sentNanos, LeaseKeepAliveResponse response, Throwable error) {
        if (error != null && !leaseNotFound(error)) {
            LOG.debug("renewing the lease of {} failed, trying again: {}", candidateId, error.toString());
        } else if (error != null || response.getTTL() <= 0) {
            lapsed();
        } else {
            deadlineNanos.accumulateAndGet(sentNanos + TimeUnit.SECONDS.toNanos(response.getTTL()), Math::max);
        }
    }

    private void checkDeadline() {
        if (leading && System.nanoTime() - deadlineNanos.get() >= 0) {
            end("its lease's deadline passed with no renewal confirmed in time");
        }
    }

    static Optional<String> currentLeader(Client client, ByteSequence election, Duration timeout) {
        try {
            var response = client.getElectionClient().leader(election).get(timeout.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return Optional.of(Jetcd.text(response.getKv().getValue()));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof NoLeaderException) {
                return Optional.empty();
            }
            throw Jetcd.failure(e.getCause(), "reading the leader");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Jetcd.failure(e, "reading the leader");
        } catch (java.util.concurrent.TimeoutException e) {
            throw Jetcd.failure(e, "reading the leader");
        }
    }

    @Override
    public String candidateId() {
        return candidateId;
    }

    @Override
    public boolean isHeld() {
        return leading && !lost.isDone() && System.nanoTime() - deadlineNanos.get() < 0;
    }

    @Override
    public Duration remaining() {
        return isHeld() ? Duration.ofNanos(deadlineNanos.get() - System.nanoTime()) : Duration.ZERO;
    }

    /** The create revision of this candidate's key in the election, which the store's writes compare. */
    @Override
    public long fencingToken() {
        LeaderKey key = leaderKey;
        return key == null ? 0 : key.getRevision();
    }

    /** True when etcd still holds this candidate's key in the election (false when it cannot tell). */
    private boolean keyStillOurs() {
        LeaderKey key = leaderKey;
        try {
            return key != null && Jetcd.await(client.getKVClient().get(key.getKey()), timeout, "reading the leader key")
                    .getKvs().stream().anyMatch(kv -> kv.getCreateRevision() == key.getRevision());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** True when its owner resigned it while it still held: a clean hand-over, not a loss. */
    boolean resignedWhileHeld() {
        return resignedWhileHeld;
    }

    /** The candidate's key in the election, once it leads. */
    Optional<ByteSequence> key() {
        return Optional.ofNullable(leaderKey).map(LeaderKey::getKey);
    }

    @Override
    public CompletableFuture<Void> lost() {
        return lost;
    }

    /** Resigns and revokes the lease, so that the next candidate leads at once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        resignedWhileHeld = isHeld() && keyStillOurs();
        try {
            if (leaderKey != null) {
                Jetcd.await(client.getElectionClient().resign(leaderKey), timeout, "resigning");
            }
            Jetcd.await(client.getLeaseClient().revoke(leaseId), timeout, "revoking the election lease");
        } catch (RuntimeException e) {
            LOG.debug("resigning {} failed; the lease will expire: {}", candidateId, e.toString());
        } finally {
            end("resigned");
        }
    }

    /** Gives this lease up without waiting: revokes it in the background, which deletes the key if it has one. */
    void withdraw() {
        if (!closed.getAndSet(true)) {
            revokeInBackground();
            end("withdrawn");
        }
    }

    private void revokeInBackground() {
        client.getLeaseClient().revoke(leaseId).whenComplete((response, error) -> {
            if (error != null) {
                LOG.debug("revoking the election lease of {} failed; it will expire: {}", candidateId, error.toString());
            }
        });
    }

    private void end(String why) {
        renewals.shutdown();
        if (lost.complete(null)) {
            LOG.info("{} of {} ended: {}", leading ? "leadership" : "candidacy", candidateId, why);
            if (!closed.getAndSet(true)) {
                revokeInBackground();
            }
        }
    }
}
