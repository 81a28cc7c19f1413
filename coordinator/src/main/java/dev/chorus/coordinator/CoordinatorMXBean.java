package dev.chorus.coordinator;

import java.util.Map;

/**
 * The coordinator over JMX, registered as {@code dev.chorus:type=Coordinator,name=NAME} while the coordinator runs:
 * its status, and the administrative operations of {@code chorus-admin} (which reaches it in a running JVM through
 * the attach API, or over a remote JMX port). An operation that fails returns a result that is not ok and says why;
 * it does not throw.
 */
public interface CoordinatorMXBean {
    String getName();

    int getF();

    long getSequence();

    int getOpenSessions();

    int getHealthyReplicas();

    /** Replica name to HEALTHY, SUSPECT or DOWN. */
    Map<String, String> getReplicaStates();

    /** Replica name to the reason it was last marked SUSPECT or DOWN (empty if never). */
    Map<String, String> getReplicaFaults();

    /** Replica name to the number of its answers that differed from the quorum's. */
    Map<String, Long> getReplicaDisagreements();

    /** The status as {@code chorus-admin status} prints it: replicas, engines, health, lag, log, checkpoint, transfer. */
    String getStatusReport();

    /** Whether at least f+1 replicas are healthy (the database answers). */
    boolean isAvailable();

    /** The running state transfer's phase and progress, or an empty string. */
    String getTransferProgress();

    /** Compares every replica's state at one logical point; ok when every replica holds the agreed state. */
    AdminResult verify();

    /**
     * Repairs a replica in place from the state f+1 healthy replicas agree on. A HEALTHY replica is verified first
     * (and left alone when it holds the agreed state).
     */
    AdminResult recover(String replica);

    /** Writes a checkpoint (see {@link Maintenance#checkpoint}). */
    AdminResult checkpoint();

    /** Moves a replica to a new database of {@code engine} (empty or null: its own) by state transfer. */
    AdminResult transfer(String replica, String engine);
}
