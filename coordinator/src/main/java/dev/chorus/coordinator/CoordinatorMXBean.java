package dev.chorus.coordinator;

import java.util.Map;

/**
 * The coordinator's status over JMX, registered as {@code dev.chorus:type=Coordinator,name=NAME} while the
 * coordinator runs.
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
}
