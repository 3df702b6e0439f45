package io.corekube.etcd.store;

import io.corekube.etcd.internal.Jetcd;
import io.corekube.spi.Leadership;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.election.NoLeaderException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through etcd's election API: a lease kept alive by this process, and the candidate's key in the
 * election. It is lost when the lease can no longer be renewed or the key disappears (revoked, expired).
 */
final class EtcdLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdLeadership.class);

    private final Client client;
    private final String candidateId;
    private final long leaseId;
    private final CloseableClient keepAlive;
    private final CompletableFuture<Void> lost = new CompletableFuture<>();
    private final Duration timeout;
    private volatile LeaderKey leaderKey;

    private EtcdLeadership(Client client, String candidateId, long leaseId, Duration timeout) {
        this.client = client;
        this.candidateId = candidateId;
        this.leaseId = leaseId;
        this.timeout = timeout;
        this.keepAlive = client.getLeaseClient().keepAlive(leaseId, new StreamObserver<>() {
            @Override
            public void onNext(LeaseKeepAliveResponse response) {
                if (response.getTTL() <= 0) {
                    end("lease " + Long.toHexString(leaseId) + " expired or was revoked");
                }
            }

            @Override
            public void onError(Throwable error) {
                end("lease keep-alive failed: " + error);
            }

            @Override
            public void onCompleted() {
                end("lease keep-alive ended");
            }
        });
    }

    static CompletableFuture<EtcdLeadership> campaign(Client client, ByteSequence election, String candidateId, long ttl,
                                                  Duration timeout) {
        long leaseId = Jetcd.await(client.getLeaseClient().grant(ttl), timeout, "granting an election lease").getID();
        EtcdLeadership leadership = new EtcdLeadership(client, candidateId, leaseId, timeout);
        return client.getElectionClient().campaign(election, leaseId, Jetcd.bytes(candidateId))
                .handle((response, error) -> {
                    if (error != null) {
                        leadership.end("campaign failed: " + error);
                        throw new CompletionException(Jetcd.failure(error, "campaigning as " + candidateId));
                    }
                    leadership.leaderKey = response.getLeader();
                    LOG.info("{} leads {}", candidateId, Jetcd.text(election));
                    if (leadership.lost.isDone()) {
                        throw new CompletionException(new IllegalStateException("leadership of " + candidateId
                                + " was lost before it was won"));
                    }
                    return leadership;
                });
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
        return leaderKey != null && !lost.isDone();
    }

    @Override
    public CompletableFuture<Void> lost() {
        return lost;
    }

    /** Resigns and revokes the lease, so that the next candidate leads at once. */
    @Override
    public void close() {
        if (lost.isDone()) {
            return;
        }
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
        keepAliveClose();
        if (lost.complete(null)) {
            LOG.info("leadership of {} ended: {}", candidateId, why);
        }
    }

    private void keepAliveClose() {
        CloseableClient k = keepAlive;
        if (k != null) {
            k.close();
        }
    }
}
