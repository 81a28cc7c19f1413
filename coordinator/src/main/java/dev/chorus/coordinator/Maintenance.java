package dev.chorus.coordinator;

import dev.chorus.coordinator.capture.TableImage;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.recovery.Replay;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.coordinator.translate.CapturePlan;
import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Verification and repair of replicas' state (DESIGN.md, "Checkpoints, state transfer and recovery"). The state of
 * a replica is every base table of the schema (the application's and Chorus's own identity counters) as portable,
 * canonical rows in key order ({@link TableImage}); a table's digest is the SHA-256 of its rows as write-set text,
 * the replica's state digest the SHA-256 of its tables' digests in name order. Correct replicas of any engines
 * have equal digests.
 * <ul>
 *   <li>{@link #verify}: at one logical point (no write runs meanwhile, every replica caught up), every HEALTHY and
 *       SUSPECT replica's table digests, compared with the ones f+1 healthy replicas agree on; a healthy replica
 *       whose state differs is marked SUSPECT.</li>
 *   <li>{@link #recover}: a SUSPECT replica is made equal to the state f+1 healthy replicas agree on, table by table
 *       (each table's image is accepted when f+1 digests match), by applying only the rows that differ, while
 *       nothing else runs; then it rejoins the quorum. This is snapshot-based transfer with the table as the block.
 *       Before that pause it is caught up while the service runs: copied from one healthy replica's tables, unverified,
 *       until little differs, so that the pause lasts as long as reading the database and writing what changed
 *       meanwhile, not everything the replica missed.</li>
 * </ul>
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private Maintenance() {
    }

    /**
     * One replica's state as verification found it.
     *
     * @param stateDigest the SHA-256 of its tables' digests, or null when it could not be read ({@code error})
     * @param differing   the tables whose digest differs from the one f+1 healthy replicas agree on
     */
    public record ReplicaVerification(String replica, ReplicaState state, String stateDigest, List<String> differing,
                                      String error) {
        public ReplicaVerification {
            differing = List.copyOf(differing);
        }

        public boolean agrees() {
            return error == null && differing.isEmpty();
        }
    }

    /**
     * What {@link #verify} found.
     *
     * @param sequence    the coordinator's sequence number at the point verified
     * @param tables      the tables compared
     * @param agreedState the state digest f+1 healthy replicas share, or null when they share none
     * @param unagreed    tables on which no f+1 healthy replicas agree
     */
    public record VerifyReport(long sequence, List<String> tables, String agreedState, List<String> unagreed,
                               List<ReplicaVerification> replicas) {
        public VerifyReport {
            tables = List.copyOf(tables);
            unagreed = List.copyOf(unagreed);
            replicas = List.copyOf(replicas);
        }

        /** Whether every replica verified holds the agreed state. */
        public boolean allEqual() {
            return agreedState != null && replicas.stream().allMatch(ReplicaVerification::agrees);
        }
    }

    /**
     * What {@link #recover} did.
     *
     * @param tablesRepaired    the tables whose rows differed
     * @param rowsChanged       rows deleted, inserted or replaced on the replica, in all
     * @param rowsUnderLock     of those, the rows written while no statement ran (the rest were caught up before)
     * @param pause             how long the database lock was held (no statement ran meanwhile)
     */
    public record RecoveryReport(String replica, List<String> tablesRepaired, long rowsChanged, long rowsUnderLock,
                                 Duration pause) {
        public RecoveryReport {
            tablesRepaired = List.copyOf(tablesRepaired);
        }
    }

    /** At most this many passes copy a replica's tables before the exclusive phase of {@link #recover}. */
    private static final int CATCH_UP_PASSES = 4;
    /** A catch-up pass that leaves at most this many rows different is the last. */
    private static final int CATCH_UP_ENOUGH = 200;
    /** Rows written per transaction while catching up. */
    private static final int CATCH_UP_CHUNK = 2000;

    /** Compares the state of every replica that answers (HEALTHY and SUSPECT ones) at one logical point. */
    public static VerifyReport verify(Coordinator coordinator) throws SQLException {
        try (CoordinatorSession session = coordinator.openMaintenanceSession()) {
            return session.underDatabaseLock(LockMode.S, () -> {
                awaitQuiet(coordinator, null);
                List<CapturePlan.Table> tables = coordinator.translator().tables();
                Map<Replica, Object> read = readAll(coordinator, session, tables);
                Agreement agreed = agree(coordinator, tables, read);
                List<ReplicaVerification> out = new ArrayList<>();
                for (Replica r : coordinator.replicas()) {
                    Object state = read.get(r);
                    if (state instanceof State s) {
                        List<String> differing = s.differing(agreed);
                        if (!differing.isEmpty() && agreed.unagreed().isEmpty()) {
                            r.markSuspect("verify at seq=" + coordinator.sequence() + ": its tables " + differing
                                    + " differ from the state " + coordinator.config().quorum() + " healthy replicas agree on");
                        }
                        out.add(new ReplicaVerification(r.name(), r.state(), s.digest(), differing, null));
                    } else {
                        out.add(new ReplicaVerification(r.name(), r.state(), null, List.of(), String.valueOf(state)));
                    }
                }
                List<String> names = tables.stream().map(CapturePlan.Table::name).toList();
                return new VerifyReport(coordinator.sequence(), names, agreed.stateDigest(), agreed.unagreed(), out);
            });
        }
    }

    /**
     * Repairs a SUSPECT replica: waits until it owes no answer, then, while no statement runs, makes every table
     * whose digest differs from the one f+1 healthy replicas agree on equal to theirs (only the differing rows are
     * written), checks the result and takes the replica back into the quorum.
     *
     * @throws SQLException when the replica is not SUSPECT (a DOWN replica needs a new database: not yet), when the
     *                      healthy replicas do not agree on a table, or when the repaired state still differs
     */
    public static RecoveryReport recover(Coordinator coordinator, String replicaName) throws SQLException {
        Replica target = coordinator.replicas().stream().filter(r -> r.name().equals(replicaName)).findFirst()
                .orElseThrow(() -> new SQLException("no replica named " + replicaName + " in " + coordinator.config().name(),
                        SqlStates.INVALID_ARGUMENT));
        if (target.state() != ReplicaState.SUSPECT) {
            throw new SQLException("replica " + replicaName + " is " + target.state() + "; recovery repairs a SUSPECT replica"
                    + (target.state() == ReplicaState.DOWN ? " (a DOWN one needs a new database: not available yet)" : ""),
                    SqlStates.INVALID_TRANSACTION_STATE);
        }
        try (CoordinatorSession session = coordinator.openMaintenanceSession()) {
            Set<String> caughtUpTables = new HashSet<>();
            long caughtUp = catchUp(coordinator, session, target, caughtUpTables);
            return session.underDatabaseLock(LockMode.X, () -> {
                long start = System.nanoTime();
                awaitQuiet(coordinator, target);
                List<CapturePlan.Table> tables = coordinator.translator().tables();
                Map<Replica, Object> read = readAll(coordinator, session, tables);
                Agreement agreed = agree(coordinator, tables, read);
                if (!agreed.unagreed().isEmpty()) {
                    throw new SQLException("cannot recover " + replicaName + ": no " + coordinator.config().quorum()
                            + " healthy replicas agree on " + agreed.unagreed(), SqlStates.NO_QUORUM);
                }
                if (!(read.get(target) instanceof State mine)) {
                    throw new SQLException("cannot recover " + replicaName + ": its tables could not be read ("
                            + read.get(target) + ")", SqlStates.CONNECTION_FAILURE);
                }
                List<String> repaired = mine.differing(agreed);
                List<RowChange> changes = new ArrayList<>();
                for (String t : repaired) {
                    changes.addAll(mine.images().get(t).changesTo(agreed.images().get(t)));
                }
                ReplicaSession rs = session.replicaSession(target);
                WriteSet ws = new WriteSet(changes);
                onReplica(coordinator, rs, () -> {
                    Connection c = rs.connection();
                    try {
                        new Replay(target.engine()).apply(c, ws);
                        c.commit();
                    } catch (SQLException e) {
                        c.rollback();
                        throw e;
                    }
                    return null;
                });
                Object after = onReplica(coordinator, rs, () -> readState(rs, tables, coordinator.config().approximateDigits()));
                if (!(after instanceof State s) || !s.differing(agreed).isEmpty()) {
                    throw new SQLException("recovery of " + replicaName + " wrote " + changes.size() + " rows but its state still"
                            + " differs: " + (after instanceof State s2 ? s2.differing(agreed) : after), SqlStates.NO_QUORUM);
                }
                Duration pause = Duration.ofNanos(System.nanoTime() - start);
                target.markHealthy("recovered at seq=" + coordinator.sequence() + ": " + changes.size() + " rows in "
                        + repaired + " made equal to the quorum's in " + pause.toMillis() + " ms"
                        + (caughtUp > 0 ? " (after " + caughtUp + " rows copied while the service ran)" : ""));
                List<String> inOrder = tables.stream().map(CapturePlan.Table::name)
                        .filter(t -> caughtUpTables.contains(t) || repaired.contains(t)).toList();
                return new RecoveryReport(replicaName, inOrder, caughtUp + changes.size(), changes.size(), pause);
            });
        }
    }

    /**
     * Brings a replica to be recovered close to the others while the service runs, so that the exclusive phase of
     * {@link #recover} writes only what changed meanwhile (a replica that was out for long under load may have missed
     * more rows than can be written within one statement timeout). Each pass reads every table on one healthy
     * replica and on the target (each at its own moment: the copy is not a consistent state and is not trusted; the
     * exclusive phase verifies everything against f+1 replicas) and writes the difference in chunks; passes repeat
     * while they shrink. Best effort: a failure ends it, and the exclusive phase does the rest. A replica that still
     * owes answers is not touched (the exclusive phase waits for them, and finds a hang); one whose read or write
     * does not finish within the statement timeout hangs, and is marked DOWN.
     *
     * @param changedTables receives the tables it wrote to
     * @return the rows written
     * @throws SQLException when the replica hangs
     */
    private static long catchUp(Coordinator coordinator, CoordinatorSession session, Replica target,
                                Set<String> changedTables) throws SQLException {
        ReplicaSession to = session.replicaSession(target);
        ReplicaSession from = catchUpSource(coordinator, session, target);
        if (to == null || from == null || target.owedAnswers() > 0) {
            return 0;
        }
        int digits = coordinator.config().approximateDigits();
        Replay replay = new Replay(target.engine());
        long written = 0;
        long previous = Long.MAX_VALUE;
        try {
            List<CapturePlan.Table> tables = coordinator.translator().tables();
            for (int pass = 0; pass < CATCH_UP_PASSES; pass++) {
                long differing = 0;
                for (CapturePlan.Table t : tables) {
                    TableImage theirs = onReplica(coordinator, from, () -> readTable(from, t, digits));
                    TableImage mine = onTarget(coordinator, to, () -> readTable(to, t, digits));
                    List<RowChange> changes = mine.changesTo(theirs);
                    // rows it does not have at all (what it missed while out, mostly) go in many to a statement
                    List<RowChange> absent = new ArrayList<>();
                    List<RowChange> other = new ArrayList<>();
                    for (RowChange ch : changes) {
                        (ch.isDelete() || mine.has(ch.key()) ? other : absent).add(ch);
                    }
                    for (List<RowChange> part : List.of(absent, other)) {
                        for (int i = 0; i < part.size(); i += CATCH_UP_CHUNK) {
                            List<RowChange> chunk = part.subList(i, Math.min(part.size(), i + CATCH_UP_CHUNK));
                            boolean inserts = part == absent;
                            onTarget(coordinator, to, () -> {
                                writeChunk(to.connection(), replay, chunk, inserts);
                                return null;
                            });
                            written += chunk.size();
                        }
                    }
                    if (!changes.isEmpty()) {
                        changedTables.add(t.name());
                    }
                    differing += changes.size();
                }
                LOG.debug("catching up replica {} of {} from {}: pass {} wrote {} rows", target.name(),
                        coordinator.config().name(), from.replica().name(), pass + 1, differing);
                if (differing <= CATCH_UP_ENOUGH || differing >= previous) {
                    break;
                }
                previous = differing;
            }
        } catch (TargetHangs e) {
            String why = "a read or write of its catch-up before repair did not finish within "
                    + coordinator.config().statementTimeout().toMillis() + " ms (a statement hangs there)";
            target.markDown(to.generation(), why);
            throw new SQLException("replica " + target.name() + " " + why + "; it cannot be repaired in place and is marked DOWN",
                    SqlStates.CONNECTION_FAILURE, e.getCause());
        } catch (SQLException | RuntimeException e) {
            LOG.info("catching up replica {} of {} before its repair stopped after {} rows ({}); the repair does the rest",
                    target.name(), coordinator.config().name(), written, e.getMessage());
        }
        return written;
    }

    /** The replica being caught up did not finish a task within the statement timeout. */
    private static final class TargetHangs extends Exception {
        TargetHangs(SQLException cause) {
            super(cause);
        }
    }

    /** {@link #onReplica} on the replica being caught up: a timeout there is a hang ({@link TargetHangs}). */
    private static <T> T onTarget(Coordinator coordinator, ReplicaSession rs, ReplicaTask<T> task) throws SQLException, TargetHangs {
        try {
            return onReplica(coordinator, rs, task);
        } catch (SQLException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new TargetHangs(e);
            }
            throw e;
        }
    }

    /** Writes and commits one chunk of a catch-up; rows to insert go many to a statement, row by row if that fails. */
    private static void writeChunk(Connection c, Replay replay, List<RowChange> chunk, boolean inserts) throws SQLException {
        try {
            if (inserts) {
                try {
                    replay.insertAbsent(c, chunk);
                } catch (SQLException e) {
                    LOG.debug("inserting {} rows many to a statement failed, row by row now: {}", chunk.size(), e.toString());
                    c.rollback();
                    replay.apply(c, new WriteSet(chunk));
                }
            } else {
                replay.apply(c, new WriteSet(chunk));
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** The healthy replica to copy from: one whose reads do not wait for the service's writers, then the fastest. */
    private static ReplicaSession catchUpSource(Coordinator coordinator, CoordinatorSession session, Replica target) {
        return coordinator.replicas().stream()
                .filter(r -> r != target && r.usable())
                .map(session::replicaSession)
                .filter(rs -> rs != null && rs.current())
                .min(Comparator.comparing((ReplicaSession rs) -> rs.replica().engine().readsWaitForWriters())
                        .thenComparingDouble(rs -> rs.replica().latency()))
                .orElse(null);
    }

    /** One table's image read on its own, outside any transaction of the session's. */
    private static TableImage readTable(ReplicaSession rs, CapturePlan.Table t, int digits) throws SQLException {
        try {
            return image(rs, t, digits);
        } finally {
            rs.connection().rollback();
        }
    }

    private static TableImage image(ReplicaSession rs, CapturePlan.Table t, int digits) throws SQLException {
        return TableImage.read(rs.connection(), t.readAll().get(rs.replica().engine()), t.name(), t.columns(), t.keyColumns(), digits);
    }

    /**
     * What {@link #checkpoint} wrote.
     *
     * @param sequence         the commit sequence number it holds the state at
     * @param pause            how long all writes waited (the identity counters were read at the checkpoint's point)
     * @param longestTableLock the longest a table's writers waited while that table was read on the replicas
     * @param basis            {@code replicas}, or {@code checkpoint N + log} when the previous checkpoint rolled
     *                         forward by the log was verified against the replicas
     * @param logMismatches    tables where the previous checkpoint plus the log differed from what the replicas agree
     *                         on (the replicas' image was taken); empty normally
     */
    public record CheckpointReport(long sequence, String stateDigest, int tables, long rows, long bytes, String directory,
                                  Duration pause, Duration longestTableLock, String basis, List<String> logMismatches,
                                  Duration total) {
        public CheckpointReport {
            logMismatches = List.copyOf(logMismatches);
        }
    }

    /**
     * Writes a checkpoint while the service runs: each table read on the replicas under a lock on that table only and
     * verified against the previous checkpoint rolled forward by the log, then every table brought by the log to one
     * commit; see {@link Checkpointing}. A replica whose image of a table differs from the agreed one is marked
     * SUSPECT.
     *
     * @throws SQLException when the database has no log directory, no f+1 healthy replicas agree on a table, or the
     *                      schema changed meanwhile
     */
    public static CheckpointReport checkpoint(Coordinator coordinator) throws SQLException {
        return Checkpointing.write(coordinator);
    }

    // ---- reading states ------------------------------------------------------------------------------------

    /** One replica's tables: images and digests by table name, and its state digest. */
    private record State(Map<String, TableImage> images, Map<String, Digest> digests, String digest) {
        List<String> differing(Agreement agreed) {
            List<String> out = new ArrayList<>();
            digests.forEach((t, d) -> {
                if (!d.equals(agreed.digests().get(t))) {
                    out.add(t);
                }
            });
            return out;
        }
    }

    /** What f+1 healthy replicas agree on: per table the digest and one image with it. */
    private record Agreement(Map<String, Digest> digests, Map<String, TableImage> images, List<String> unagreed,
                             String stateDigest) {
    }

    private static Agreement agree(Coordinator coordinator, List<CapturePlan.Table> tables, Map<Replica, Object> read) {
        int quorum = coordinator.config().quorum();
        Map<String, Digest> digests = new LinkedHashMap<>();
        Map<String, TableImage> images = new HashMap<>();
        List<String> unagreed = new ArrayList<>();
        for (CapturePlan.Table t : tables) {
            Map<Digest, Integer> votes = new HashMap<>();
            for (Map.Entry<Replica, Object> e : read.entrySet()) {
                if (e.getKey().usable() && e.getValue() instanceof State s) {
                    int n = votes.merge(s.digests().get(t.name()), 1, Integer::sum);
                    if (n >= quorum && !digests.containsKey(t.name())) {
                        digests.put(t.name(), s.digests().get(t.name()));
                        images.put(t.name(), s.images().get(t.name()));
                    }
                }
            }
            if (!digests.containsKey(t.name())) {
                unagreed.add(t.name());
            }
        }
        return new Agreement(digests, images, unagreed, unagreed.isEmpty() ? stateDigest(digests) : null);
    }

    private static String stateDigest(Map<String, Digest> digests) {
        return dev.chorus.writeset.checkpoint.Checkpoint.stateDigest(digests);
    }

    /** Every answering replica's state, read on the session's own connection there: a State, or why it failed. */
    private static Map<Replica, Object> readAll(Coordinator coordinator, CoordinatorSession session, List<CapturePlan.Table> tables) {
        int digits = coordinator.config().approximateDigits();
        Map<Replica, Future<Object>> pending = new LinkedHashMap<>();
        for (Replica r : coordinator.replicas()) {
            ReplicaSession rs = session.replicaSession(r);
            if (rs != null && r.state() != ReplicaState.DOWN) {
                Future<Object> f = rs.submitAnyway(() -> {
                    try {
                        return readState(rs, tables, digits);
                    } finally {
                        rs.connection().rollback();
                    }
                });
                if (f != null) {
                    pending.put(r, f);
                }
            }
        }
        Map<Replica, Object> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + coordinator.config().statementTimeout().toNanos();
        pending.forEach((r, f) -> {
            try {
                out.put(r, f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                out.put(r, e.getCause().toString());
            } catch (TimeoutException e) {
                f.cancel(true);
                out.put(r, "no state within the statement timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(r, "interrupted");
            }
        });
        return out;
    }

    private static State readState(ReplicaSession rs, List<CapturePlan.Table> tables, int digits) throws SQLException {
        Map<String, TableImage> images = new LinkedHashMap<>();
        Map<String, Digest> digests = new LinkedHashMap<>();
        for (CapturePlan.Table t : tables) {
            TableImage image = image(rs, t, digits);
            images.put(t.name(), image);
            digests.put(t.name(), image.asWriteSet().digest());
        }
        return new State(images, digests, stateDigest(digests));
    }

    private interface ReplicaTask<T> {
        T run() throws SQLException;
    }

    private static <T> T onReplica(Coordinator coordinator, ReplicaSession rs, ReplicaTask<T> task) throws SQLException {
        Future<T> f = rs.submitAnyway(task::run);
        if (f == null) {
            throw new SQLException("replica " + rs.replica().name() + " is stopped", SqlStates.CONNECTION_FAILURE);
        }
        try {
            return f.get(coordinator.config().statementTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException s ? s
                    : new SQLException("on replica " + rs.replica().name() + ": " + e.getCause(), SqlStates.CONNECTION_FAILURE, e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new SQLException("replica " + rs.replica().name() + " did not finish within the statement timeout",
                    SqlStates.CONNECTION_FAILURE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", SqlStates.OPERATION_CANCELED, e);
        }
    }

    /**
     * Waits (up to the statement timeout) until every healthy replica finished what the quorum committed and, for a
     * replica being recovered, until it owes no answer (its session threads run nothing left over); a replica that
     * still owes answers then is hung and is marked DOWN.
     */
    static void awaitQuiet(Coordinator coordinator, Replica target) throws SQLException {
        Duration timeout = coordinator.config().statementTimeout();
        try {
            if (!coordinator.awaitCaughtUp(timeout)) {
                throw new SQLException("the healthy replicas did not catch up within " + timeout.toMillis() + " ms",
                        SqlStates.CONNECTION_FAILURE);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (target != null && target.owedAnswers() > 0) {
                if (System.nanoTime() - deadline >= 0) {
                    // a statement hangs there: repairing in place would race with what is queued behind it. As DOWN
                    // it gets a new database (or, on a server, a new pool and a repair), and its stuck sessions
                    // are left with the old one.
                    String why = "still owes " + target.owedAnswers() + " answers after " + timeout.toMillis()
                            + " ms (a statement hangs there)";
                    target.markDown(why);
                    throw new SQLException("replica " + target.name() + " " + why + "; it cannot be repaired in place"
                            + " and is marked DOWN", SqlStates.CONNECTION_FAILURE);
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", SqlStates.OPERATION_CANCELED, e);
        }
        LOG.debug("coordinator {} quiet for maintenance", coordinator.config().name());
    }
}
