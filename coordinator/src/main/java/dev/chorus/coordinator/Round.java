package dev.chorus.coordinator;

import dev.chorus.coordinator.lock.ConflictOrder;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.replica.SpinningQueue;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Vote;
import dev.chorus.coordinator.vote.Vote.Ballot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One call sent to a set of replica sessions and the answers as they come in. On each replica the call first
 * waits until the statement's predecessors finished there ({@link ConflictOrder}), then runs on that session's
 * thread. The client thread collects answers until a quorum has decided (or every replica asked has answered);
 * replicas that have not answered by then are <em>stragglers</em>: each owes an answer (which counts towards its
 * lag), and when it arrives it is checked against the winning answer by the round's {@link Late} judge.
 *
 * <p>The client thread calls {@link #send}, {@link #collect}, {@link #timeOut} and {@link #settle}; answers arrive
 * on the replica threads.
 */
final class Round {
    private static final Logger LOG = LoggerFactory.getLogger(Round.class);

    /** What a replica runs. */
    interface Call {
        Answer run(ReplicaSession rs) throws SQLException;
    }

    /** Judges an answer that arrived after the quorum had decided, on the straggler's thread. */
    interface Late {
        /** @param generation the replica's database the answer came from (a late answer may outlive it) */
        void judge(Replica r, int generation, Answer late, Answer winner);
    }

    private record Arrival(ReplicaSession session, Answer answer, Throwable failure, boolean skipped) {
    }

    private final long seq;
    private final String what;
    private final Call call;
    private final int quorum;
    private final ConflictOrder order;
    private final Set<Long> predecessors;
    /** The transaction a commit or rollback round finishes, or -1. */
    private final long finishes;
    private final Late late;
    /** Whether answer times count towards the replicas' query latency. */
    private final boolean timed;
    private final SpinningQueue<Arrival> arrivals = new SpinningQueue<>();
    /** Sessions asked and not yet heard from (client thread only). */
    private final Map<ReplicaSession, Future<?>> pending = new IdentityHashMap<>();
    private final List<Ballot<Replica>> ballots = new ArrayList<>();
    private final Map<Replica, String> silent = new LinkedHashMap<>();
    private int sent;
    private boolean settled;
    private Answer winner;

    /**
     * @param finishes the transaction this round commits or rolls back (every replica that runs it has then
     *                 finished it), or -1
     * @param late     judges answers that arrive after the decision; null to only account for them
     * @param timed    whether the call is a query, whose answer times choose the replicas to read from
     */
    Round(long seq, String what, Call call, int quorum, ConflictOrder order, Set<Long> predecessors, long finishes, Late late,
          boolean timed) {
        this.seq = seq;
        this.what = what;
        this.call = call;
        this.quorum = quorum;
        this.order = order;
        this.predecessors = Set.copyOf(predecessors);
        this.finishes = finishes;
        this.late = late;
        this.timed = timed;
    }

    /** Asks more replicas. A replica whose session cannot take work (DOWN) is silent. */
    void send(Collection<ReplicaSession> targets) {
        for (ReplicaSession rs : targets) {
            long sentAt = System.nanoTime();
            Future<?> f = rs.submit(() -> {
                run(rs, sentAt);
                return null;
            });
            if (f == null) {
                silent.put(rs.replica(), "DOWN before it could be asked");
                if (finishes >= 0) {
                    order.finished(finishes, rs.replica().index());
                }
            } else {
                pending.put(rs, f);
                sent++;
            }
        }
    }

    long seq() {
        return seq;
    }

    String what() {
        return what;
    }

    /**
     * On the replica's session thread: waits for the predecessors there, runs the call, reports the answer. The
     * replica's answer time counts from when the call was sent, so that one with a backlog looks as slow as it is.
     */
    private void run(ReplicaSession rs, long sentAt) {
        Replica r = rs.replica();
        Answer a = null;
        Throwable failure = null;
        boolean skipped = false;
        try {
            if (order.await(predecessors, r.index(), r::usable)) {
                a = call.run(rs);
                if (timed) {
                    r.answeredIn(System.nanoTime() - sentAt);
                }
            } else {
                skipped = true;
                if (finishes >= 0) {
                    rs.rollbackUnused();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Throwable e) {
            failure = e;
        } finally {
            if (finishes >= 0) {
                order.finished(finishes, r.index());
            }
        }
        arrive(new Arrival(rs, a, failure, skipped));
    }

    private void arrive(Arrival a) {
        Answer won;
        synchronized (this) {
            if (!settled) {
                arrivals.add(a);
                return;
            }
            won = winner;
        }
        Replica r = a.session().replica();
        int generation = a.session().generation();
        try {
            if (a.failure() instanceof SQLException e) {
                if (r.usable()) {
                    r.markDown(generation, "connection failed at seq=" + seq + " (" + what + ") after the quorum had answered: " + e);
                }
            } else if (a.answer() != null && won != null && late != null && r.usable()) {
                late.judge(r, generation, a.answer(), won);
            }
        } finally {
            // only now: who waits for the replica to catch up sees the judgement
            r.paid(this);
        }
    }

    /**
     * Takes answers as they come until the quorum has decided ({@code quorumSuffices}), or everyone asked has
     * answered, or the deadline.
     *
     * @return true when decided or nobody is pending; false at the deadline
     */
    boolean collect(long deadlineNanos, boolean quorumSuffices) throws InterruptedException {
        while (true) {
            if (pending.isEmpty() || (quorumSuffices && decided())) {
                return true;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Arrival a = arrivals.poll(left, TimeUnit.NANOSECONDS);
            if (a != null) {
                take(a);
                for (Arrival more; (more = arrivals.poll()) != null; ) {
                    take(more);
                }
            }
        }
    }

    private void take(Arrival a) {
        ReplicaSession rs = a.session();
        Replica r = rs.replica();
        if (pending.remove(rs) == null) {
            return; // timed out before it answered
        }
        if (a.skipped()) {
            silent.put(r, "no longer healthy");
        } else if (a.failure() instanceof SQLException e) {
            if (r.usable()) {
                r.markDown(rs.generation(), "connection failed at seq=" + seq + " (" + what + "): " + e);
            }
            silent.put(r, "connection failed: " + e);
        } else if (a.failure() != null) {
            // Chorus's own failure (out of memory on a huge result, a bug): not the replica's fault.
            LOG.warn("seq={} ({}) failed inside Chorus for replica {}", seq, what, r.name(), a.failure());
            silent.put(r, "failed inside Chorus: " + a.failure());
        } else {
            ballots.add(new Ballot<>(r, a.answer()));
        }
    }

    /**
     * Whether f+1 equal answers are in that no later answer can outnumber (more than half of those asked), with
     * f+1 of them also in the same row order (engines may break the ties of an ORDER BY differently: then more
     * answers may settle it).
     */
    boolean decided() {
        Vote<Replica> v = Vote.count(ballots, quorum);
        if (!v.decided() || v.agreeing().size() * 2 <= sent) {
            return false;
        }
        Answer won = v.winner().orElseThrow().answer();
        if (!(won instanceof Answer.Rows)) {
            return true;
        }
        Map<Object, Integer> orders = new java.util.HashMap<>();
        for (Ballot<Replica> b : ballots) {
            if (b.answer().digest().equals(won.digest())) {
                if (orders.merge(Objects.requireNonNullElse(((Answer.Rows) b.answer()).order(), "none"), 1, Integer::sum) >= quorum) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Counts the time a query has waited so far against the replicas that have not answered it yet, as if they had
     * answered now: a replica with a backlog is then not the first choice for the next query while this one is
     * still on its way.
     */
    void chargeWaiting(long waitedNanos) {
        if (timed) {
            for (ReplicaSession rs : pending.keySet()) {
                rs.replica().answeredIn(waitedNanos);
            }
        }
    }

    /** Asks the replicas asked so far to cancel what they run (the application's query timeout or cancel). */
    void cancelAll() {
        for (ReplicaSession rs : pending.keySet()) {
            rs.cancel();
        }
    }

    /** The replicas still pending at the statement timeout are DOWN: their statements are cancelled. */
    void timeOut(long timeoutMs) {
        for (Map.Entry<ReplicaSession, Future<?>> e : pending.entrySet()) {
            Replica r = e.getKey().replica();
            e.getKey().cancel();
            e.getValue().cancel(true);
            r.markDown(e.getKey().generation(), "no answer to seq=" + seq + " (" + what + ") within the statement timeout of "
                    + timeoutMs + " ms");
            silent.put(r, "no answer within " + timeoutMs + " ms");
        }
        pending.clear();
    }

    /**
     * Ends collecting: the replicas still pending become stragglers that owe their answer, and later answers go to
     * the {@link Late} judge.
     */
    void settle() {
        synchronized (this) {
            for (Arrival a; (a = arrivals.poll()) != null; ) {
                take(a);
            }
            Vote<Replica> v = Vote.count(ballots, quorum);
            winner = v.winner().map(Ballot::answer).orElse(null);
            settled = true;
            for (ReplicaSession rs : pending.keySet()) {
                rs.replica().owes(this);
            }
        }
        if (!pending.isEmpty()) {
            LOG.debug("seq={} ({}) decided without {}", seq, what, pending.keySet());
        }
        ballots.sort(Comparator.comparingInt(b -> b.replica().index()));
    }

    /** The answers taken, in configuration order once settled. */
    List<Ballot<Replica>> ballots() {
        return ballots;
    }

    /** The replicas that gave no answer, and why. */
    Map<Replica, String> silent() {
        return silent;
    }
}
