package dev.chorus.driver;

import dev.chorus.coordinator.CoordinatorStatus;
import dev.chorus.coordinator.Maintenance;
import dev.chorus.coordinator.VoteObserver;

import java.sql.Connection;

/**
 * A connection to a Chorus database. Reach it with {@code connection.unwrap(ChorusConnection.class)}, also
 * through a pool's proxy.
 */
public interface ChorusConnection extends Connection {
    /** The status of the database's coordinator: its replicas, their health and counters. */
    CoordinatorStatus status();

    /**
     * Waits until every healthy replica has caught up with the quorum: every transaction that ended at the quorum has
     * ended on each of them, and no answer is owed (with {@code acks=quorum} a slower replica commits after the application was answered). For a
     * consistent moment to compare or back up replicas; ordinary work never needs it.
     *
     * @return whether they caught up within the timeout
     */
    boolean awaitReplicasCaughtUp(java.time.Duration timeout) throws InterruptedException;

    /**
     * Compares the state of every replica (HEALTHY and SUSPECT) at one logical point: writes wait meanwhile. Each
     * table's digest is compared with the one f+1 healthy replicas agree on; see {@link Maintenance}.
     */
    Maintenance.VerifyReport verify() throws java.sql.SQLException;

    /**
     * Repairs a SUSPECT replica from the state f+1 healthy replicas agree on and takes it back into the quorum; every
     * statement waits meanwhile (the report says how long). See {@link Maintenance#recover}.
     */
    Maintenance.RecoveryReport recover(String replica) throws java.sql.SQLException;

    /**
     * Writes a checkpoint of the state f+1 healthy replicas agree on, read at one logical point (writes wait
     * meanwhile), into the log directory's {@code checkpoints/}. See {@link Maintenance#checkpoint}.
     */
    Maintenance.CheckpointReport checkpoint() throws java.sql.SQLException;

    /**
     * Moves a replica to a new database, of its engine or of {@code engine} ({@code h2}, {@code derby}, {@code hsqldb};
     * null for its own), built from the last checkpoint and the log (or a snapshot of the others) while the service
     * goes on, then switched over under a short pause. See {@link dev.chorus.coordinator.StateTransfer}.
     */
    dev.chorus.coordinator.StateTransfer.Report transfer(String replica, String engine) throws java.sql.SQLException;

    /** Observes every vote of the database's coordinator, from every connection (see {@link VoteObserver}). */
    void addVoteObserver(VoteObserver observer);

    void removeVoteObserver(VoteObserver observer);
}
