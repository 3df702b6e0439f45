package io.corekube.spi;

import io.corekube.deploy.DeploymentRecord;
import io.corekube.deploy.RecordChange;
import io.corekube.deploy.StoreSnapshot;
import io.corekube.deploy.Versioned;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable record of what was deployed where, one record per machine, with compare-and-set on revisions,
 * watches from a revision, and leader election among engine processes.
 */
public interface DeploymentStore extends AutoCloseable {

    /** The record of a machine, with its revision, when there is one. */
    Optional<Versioned<DeploymentRecord>> get(String machineId);

    /** Every record, at one revision. */
    StoreSnapshot snapshot();

    /**
     * Writes the record if the stored one was last written at {@code expectedRevision} ({@code 0}: if there is
     * none). Returns the stored version, or empty when another writer came first.
     */
    Optional<Versioned<DeploymentRecord>> compareAndSet(DeploymentRecord record, long expectedRevision);

    /** Deletes the record if it was last written at {@code expectedRevision}; false when it was not. */
    boolean delete(String machineId, long expectedRevision);

    /** Deletes every record. */
    void clear();

    /** Delivers every change with a revision above {@code afterRevision}, in order, until closed. */
    Subscription watch(long afterRevision, Consumer<RecordChange> listener);

    /**
     * Completes when {@code candidateId} leads; of all candidates of one store, exactly one leads at a time. Which
     * waiting candidate leads next is not specified. Cancelling the returned future withdraws the candidate: it
     * never leads afterwards, and it holds up no other candidate. Closing the store cancels its waiting campaigns.
     */
    CompletableFuture<Leadership> campaign(String candidateId);

    /** The candidate that leads now, if any. */
    Optional<String> leader();

    /** Resigns any leadership held through this store and releases its resources. */
    @Override
    void close();
}
