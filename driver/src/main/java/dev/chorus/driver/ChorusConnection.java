package dev.chorus.driver;

import dev.chorus.coordinator.CoordinatorStatus;
import dev.chorus.coordinator.VoteObserver;

import java.sql.Connection;

/**
 * A connection to a Chorus database. Reach it with {@code connection.unwrap(ChorusConnection.class)}, also
 * through a pool's proxy.
 */
public interface ChorusConnection extends Connection {
    /** The status of the database's coordinator: its replicas, their health and counters. */
    CoordinatorStatus status();

    /** Observes every vote of the database's coordinator, from every connection (see {@link VoteObserver}). */
    void addVoteObserver(VoteObserver observer);

    void removeVoteObserver(VoteObserver observer);
}
