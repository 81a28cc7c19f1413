package dev.chorus.coordinator;

import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint of a Chorus transaction: the name of the replicas' own savepoints (each replica session keeps its
 * own by that name, so a replica that sets it after the quorum did can still roll back to it), and the transaction
 * it belongs to (it is invalid once that transaction ends). Immutable.
 */
public final class ReplicaSavepoints implements Savepoint {
    private final int id;
    private final String name;
    private final long transaction;
    private final String replicaName;

    ReplicaSavepoints(int id, String name, long transaction, String replicaName) {
        this.id = id;
        this.name = name;
        this.transaction = transaction;
        this.replicaName = replicaName;
    }

    long transaction() {
        return transaction;
    }

    /** The name the replicas' savepoints have. */
    String replicaName() {
        return replicaName;
    }

    @Override
    public int getSavepointId() throws SQLException {
        if (name != null) {
            throw new SQLException("savepoint '" + name + "' is named; it has no id", SqlStates.INVALID_SAVEPOINT);
        }
        return id;
    }

    @Override
    public String getSavepointName() throws SQLException {
        if (name == null) {
            throw new SQLException("savepoint #" + id + " is unnamed; it has no name", SqlStates.INVALID_SAVEPOINT);
        }
        return name;
    }

    @Override
    public String toString() {
        return name != null ? "'" + name + "'" : "#" + id;
    }
}
