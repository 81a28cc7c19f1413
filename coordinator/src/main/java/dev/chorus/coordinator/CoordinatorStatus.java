package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.ReplicaState;

import java.util.List;

/**
 * A snapshot of a coordinator: what the status API, the JMX bean and the demo print.
 *
 * @param sequence     the last sequence number given to a statement or transaction-control call
 * @param openSessions client sessions (connections) open now
 * @param unfinishedTransactions transactions that ended at the quorum but that some healthy replica has not
 *                               finished yet
 * @param commitSequence the last commit sequence number (commits that changed rows)
 * @param logBytes       the write-set log's size on disk, 0 without one
 * @param lastCheckpoint the commit sequence number of the newest checkpoint, -1 for none
 * @param transfer       the state transfer running, or null
 */
public record CoordinatorStatus(String name, int f, long sequence, int openSessions, int unfinishedTransactions,
                                List<ReplicaStatus> replicas, long commitSequence, long logBytes, long lastCheckpoint,
                                StateTransfer.Progress transfer) {
    public CoordinatorStatus {
        replicas = List.copyOf(replicas);
    }

    public long healthyReplicas() {
        return replicas.stream().filter(r -> r.state() == ReplicaState.HEALTHY).count();
    }
}
