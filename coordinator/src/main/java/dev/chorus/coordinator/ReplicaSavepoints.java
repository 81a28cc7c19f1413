package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.Replica;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;

/**
 * A savepoint of a Chorus transaction: the replicas' own savepoints, one per replica that set it, and the
 * transaction it belongs to (it is invalid once that transaction ends). Immutable.
 */
public final class ReplicaSavepoints implements Savepoint {
    private final int id;
    private final String name;
    private final long transaction;
    private final Map<Replica, Savepoint> perReplica;

    ReplicaSavepoints(int id, String name, long transaction, Map<Replica, Savepoint> perReplica) {
        this.id = id;
        this.name = name;
        this.transaction = transaction;
        this.perReplica = Map.copyOf(perReplica);
    }

    long transaction() {
        return transaction;
    }

    Savepoint on(Replica r) throws SQLException {
        Savepoint sp = perReplica.get(r);
        if (sp == null) {
            throw new SQLException("savepoint " + this + " was not set on replica " + r.name(), SqlStates.INVALID_SAVEPOINT);
        }
        return sp;
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
