package io.corekube.etcd.store;

import io.corekube.etcd.EtcdTimeoutException;
import io.corekube.etcd.internal.Jetcd;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidate's campaign in etcd's election, from the first lease to a confirmed leadership. A candidate that
 * waits longer than its lease can be paused, starved of CPU or cut off; when etcd says its lease is gone, its key
 * in the election went with it, so it campaigns again on a new lease instead of winning a key it no longer has.
 * It stops when it leads, when etcd refuses the campaign, or when it is withdrawn; a withdrawn candidacy revokes its
 * lease, so it can never lead later.
 */
final class EtcdCandidacy {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdCandidacy.class);

    private final Client client;
    private final ByteSequence election;
    private final String candidateId;
    private final long ttlSeconds;
    private final Duration timeout;
    private final CompletableFuture<EtcdLeadership> result = new CompletableFuture<>();
    private final Object lock = new Object();
    private boolean over;
    private EtcdLeadership current;

    private EtcdCandidacy(Client client, ByteSequence election, String candidateId, long ttlSeconds, Duration timeout) {
        this.client = client;
        this.election = election;
        this.candidateId = candidateId;
        this.ttlSeconds = ttlSeconds;
        this.timeout = timeout;
    }

    /** Starts campaigning as {@code candidateId}; nothing here blocks. */
    static EtcdCandidacy start(Client client, ByteSequence election, String candidateId, long ttlSeconds,
                               Duration timeout) {
        EtcdCandidacy candidacy = new EtcdCandidacy(client, election, candidateId, ttlSeconds, timeout);
        candidacy.attempt();
        return candidacy;
    }

    /** Completes with the confirmed leadership, or with the {@code EtcdException} that ended the campaign. */
    CompletableFuture<EtcdLeadership> result() {
        return result;
    }

    /**
     * Stops campaigning without waiting, and cancels {@link #result()} if it has not completed; a leadership won but
     * not yet handed out is given up as well.
     */
    void withdraw() {
        EtcdLeadership lease = stop();
        if (lease != null) {
            lease.withdraw();
        }
        result.cancel(false);
    }

    /** Stops campaigning and waits until its lease is revoked (for closing the store before its client). */
    void close() {
        EtcdLeadership lease = stop();
        if (lease != null && !result.isDone()) {
            lease.close();
        }
    }

    private EtcdLeadership stop() {
        synchronized (lock) {
            over = true;
            return current;
        }
    }

    private void attempt() {
        long sent = System.nanoTime();
        client.getLeaseClient().grant(ttlSeconds).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((grant, error) -> {
                    if (error != null) {
                        fail(error, "granting an election lease");
                        return;
                    }
                    EtcdLeadership lease = new EtcdLeadership(client, candidateId, grant.getID(), grant.getTTL(), sent,
                            timeout);
                    synchronized (lock) {
                        if (over) {
                            lease.withdraw();
                            return;
                        }
                        current = lease;
                    }
                    lease.lost().thenRun(() -> campaignAgainAfter(lease));
                    client.getElectionClient().campaign(election, grant.getID(), Jetcd.bytes(candidateId))
                            .whenComplete((response, failure) -> {
                                if (lease.lost().isDone()) {
                                    return; // this lease lapsed; a campaign on a new one is under way
                                }
                                if (failure == null) {
                                    lease.won(response.getLeader()).thenAccept(held -> confirm(lease, held));
                                } else if (EtcdLeadership.leaseNotFound(failure)) {
                                    lease.lapsed();
                                } else {
                                    fail(failure, "campaigning as " + candidateId);
                                }
                            });
                });
    }

    private void campaignAgainAfter(EtcdLeadership lapsed) {
        synchronized (lock) {
            if (over || current != lapsed) {
                return;
            }
        }
        LOG.info("the election lease of {} ended before it led; campaigning again on a new lease", candidateId);
        attempt();
    }

    private void confirm(EtcdLeadership lease, boolean held) {
        synchronized (lock) {
            if (!held || over || current != lease || !lease.isHeld()) {
                return; // a lease that ended campaigns again; a withdrawn candidacy has given it up
            }
            over = true;
        }
        result.complete(lease);
    }

    private void fail(Throwable error, String what) {
        EtcdLeadership lease = stop();
        if (lease != null) {
            lease.withdraw();
        }
        Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
                ? error.getCause() : error;
        result.completeExceptionally(cause instanceof TimeoutException
                ? new EtcdTimeoutException(what, timeout, cause) : Jetcd.failure(cause, what));
    }
}
