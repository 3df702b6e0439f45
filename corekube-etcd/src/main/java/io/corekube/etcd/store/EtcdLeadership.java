package io.corekube.etcd.store;

import io.corekube.etcd.internal.Jetcd;
import io.corekube.spi.Leadership;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.NoLeaderException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through etcd's election API: a lease renewed by this process, and the candidate's key in the
 * election. This process keeps its own deadline on its monotonic clock: each renewal etcd confirms moves it to the
 * time the renewal was <em>sent</em> plus the TTL, which etcd can only reach later. The leadership ends at that
 * deadline even when nothing was heard (a process paused past its lease ends it as it resumes), when etcd says the
 * lease is gone, or on resignation. Renewals go every quarter of the TTL.
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
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile LeaderKey leaderKey;
    private volatile boolean resignedWhileHeld;

    private EtcdLeadership(Client client, String candidateId, long leaseId, long grantedTtl, long grantSentNanos,
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

    static CompletableFuture<EtcdLeadership> campaign(Client client, ByteSequence election, String candidateId, long ttl,
                                                  Duration timeout) {
        long sent = System.nanoTime();
        var grant = Jetcd.await(client.getLeaseClient().grant(ttl), timeout, "granting an election lease");
        EtcdLeadership leadership = new EtcdLeadership(client, candidateId, grant.getID(), grant.getTTL(), sent, timeout);
        return client.getElectionClient().campaign(election, grant.getID(), Jetcd.bytes(candidateId))
                .handle((response, error) -> {
                    if (error != null) {
                        leadership.end("campaign failed: " + error);
                        throw new CompletionException(Jetcd.failure(error, "campaigning as " + candidateId));
                    }
                    leadership.leaderKey = response.getLeader();
                    LOG.info("{} leads {}", candidateId, Jetcd.text(election));
                    if (!leadership.isHeld()) {
                        throw new CompletionException(new IllegalStateException("leadership of " + candidateId
                                + " was lost before it was won"));
                    }
                    return leadership;
                });
    }

    private void renew() {
        if (lost.isDone()) {
            return;
        }
        long sent = System.nanoTime();
        client.getLeaseClient().keepAliveOnce(leaseId).whenComplete((response, error) -> {
            if (error != null) {
                if (String.valueOf(error.getMessage()).contains("lease not found")) {
                    end("lease " + Long.toHexString(leaseId) + " expired or was revoked");
                } else {
                    LOG.debug("renewing the lease of {} failed, trying again: {}", candidateId, error.toString());
                }
            } else if (response.getTTL() <= 0) {
                end("lease " + Long.toHexString(leaseId) + " expired or was revoked");
            } else {
                deadlineNanos.accumulateAndGet(sent + TimeUnit.SECONDS.toNanos(response.getTTL()), Math::max);
            }
        });
    }

    private void checkDeadline() {
        if (System.nanoTime() - deadlineNanos.get() >= 0) {
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
        return leaderKey != null && !lost.isDone() && System.nanoTime() - deadlineNanos.get() < 0;
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

    private void end(String why) {
        renewals.shutdown();
        if (lost.complete(null)) {
            LOG.info("leadership of {} ended: {}", candidateId, why);
        }
    }
}
