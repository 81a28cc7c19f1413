package dev.chorus.coordinator.vote;

import dev.chorus.writeset.Digest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A quorum decision over the answers of the replicas that answered. The winning group is the one of at least
 * {@code quorum} equal digests that is strictly larger than every other group (with more than 2f+1 replicas
 * two groups could reach f+1; then nobody wins). The answer the client gets is the one of the first replica, in
 * the order the answers were given (configuration order), of the winning group: that makes the Java types and
 * labels the client sees independent of which replica happened to be fastest.
 *
 * @param <R> the replica type
 */
public final class Vote<R> {
    /** One replica's answer. */
    public record Ballot<R>(R replica, Answer answer) {
    }

    private final List<Ballot<R>> ballots;
    private final Ballot<R> winner;
    private final List<R> agreeing;
    private final List<R> dissenting;

    private Vote(List<Ballot<R>> ballots, Ballot<R> winner, List<R> agreeing, List<R> dissenting) {
        this.ballots = ballots;
        this.winner = winner;
        this.agreeing = agreeing;
        this.dissenting = dissenting;
    }

    /** Counts the ballots, given in configuration order. */
    public static <R> Vote<R> count(List<Ballot<R>> ballots, int quorum) {
        Map<Digest, List<Ballot<R>>> groups = new LinkedHashMap<>();
        for (Ballot<R> b : ballots) {
            groups.computeIfAbsent(b.answer().digest(), d -> new ArrayList<>()).add(b);
        }
        List<Ballot<R>> best = null;
        boolean tie = false;
        for (List<Ballot<R>> g : groups.values()) {
            if (best == null || g.size() > best.size()) {
                best = g;
                tie = false;
            } else if (g.size() == best.size()) {
                tie = true;
            }
        }
        if (best == null || tie || best.size() < quorum) {
            return new Vote<>(List.copyOf(ballots), null, List.of(), List.of());
        }
        Digest won = best.get(0).answer().digest();
        List<R> agreeing = new ArrayList<>();
        List<R> dissenting = new ArrayList<>();
        for (Ballot<R> b : ballots) {
            (b.answer().digest().equals(won) ? agreeing : dissenting).add(b.replica());
        }
        return new Vote<>(List.copyOf(ballots), best.get(0), List.copyOf(agreeing), List.copyOf(dissenting));
    }

    public Optional<Ballot<R>> winner() {
        return Optional.ofNullable(winner);
    }

    public boolean decided() {
        return winner != null;
    }

    /** The replicas whose answer won, in configuration order. */
    public List<R> agreeing() {
        return agreeing;
    }

    /** The replicas that answered differently from the winning group. */
    public List<R> dissenting() {
        return dissenting;
    }

    public List<Ballot<R>> ballots() {
        return ballots;
    }
}
