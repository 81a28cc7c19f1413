package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.ReplicaState;

import java.time.Instant;

/**
 * One replica in the {@link CoordinatorStatus}.
 *
 * @param answers       answers the replica gave (statements, commits, metadata calls)
 * @param disagreements answers that differed from the quorum's
 * @param lastFault     why the replica was last marked SUSPECT or DOWN, empty if never
 * @param lastFaultAt   when, or null
 * @param owedAnswers   answers the replica still owes for statements a quorum already answered without it
 * @param lag           how far it is behind the quorum: the age of the oldest answer it owes (zero when none)
 */
public record ReplicaStatus(String name, Engine engine, String url, ReplicaState state, long answers, long disagreements,
                            String lastFault, Instant lastFaultAt, int owedAnswers, java.time.Duration lag) {
}
