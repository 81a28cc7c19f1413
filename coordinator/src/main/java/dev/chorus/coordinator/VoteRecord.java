package dev.chorus.coordinator;

import java.util.List;

/**
 * How one request was voted: what each replica answered and what won. Handed to {@link VoteObserver}s.
 *
 * @param seq     the request's sequence number
 * @param what    the request, for example {@code executeQuery 'SELECT ...'} or {@code commit}
 * @param ballots one entry per replica asked, in configuration order
 * @param decided whether f+1 equal answers were found
 */
public record VoteRecord(long seq, String what, List<ReplicaVote> ballots, boolean decided) {
    public VoteRecord {
        ballots = List.copyOf(ballots);
    }

    /**
     * @param answer  a short description of the answer ({@code 3 rows}, {@code count 1}, {@code error 42X05},
     *                {@code no answer (...)})
     * @param digest  the answer's SHA-256 digest in hex, empty when the replica did not answer
     * @param agreed  whether the answer is the winning one
     */
    public record ReplicaVote(String replica, String answer, String digest, boolean agreed) {
    }
}
