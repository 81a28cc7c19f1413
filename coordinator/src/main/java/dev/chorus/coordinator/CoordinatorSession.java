package dev.chorus.coordinator;

import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.Resource;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.SchemaCatalog;
import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.sql.StatementKind;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.coordinator.vote.Canonicalizer;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Vote;
import dev.chorus.coordinator.vote.Vote.Ballot;
import dev.chorus.writeset.Digest;
import dev.chorus.writeset.WriteSet;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's view of the coordinator: its own connection on every replica, its transaction state,
 * and the one funnel every statement goes through ({@link #execute}). A statement takes its locks, then is sent to
 * the replicas (a query to f+1 of them first), each running it on this session's thread there once the
 * transactions it conflicts with finished on that replica; the answers are canonicalised and voted, and f+1 equal
 * answers decide ({@code acks=quorum}; with {@code acks=all} every healthy replica's answer is awaited). Replicas
 * that answer differently, then or later, are marked SUSPECT; replicas the quorum needed that did not answer within
 * the statement timeout are DOWN; without a quorum the transaction is rolled back everywhere.
 *
 * <p>Replica connections are always in manual-commit mode: in the client's auto-commit mode Chorus commits after
 * each statement itself, after the vote, so that a statement without a quorum can still be rolled back.
 *
 * <p>Thread-safe: a session serves one call at a time; {@link #cancel()} may be called from any thread.
 */
public final class CoordinatorSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorSession.class);
    private static final int MAX_SQL_IN_MESSAGE = 120;
    /** The answer to COMMIT or ROLLBACK written as SQL: no rows changed. */
    /** Reading the schema: no DDL may run meanwhile. */
    private static final List<LockManager.Request> SCHEMA_READ = List.of(new LockManager.Request(Resource.DATABASE, LockMode.IS));
    /** A read asks the other replicas too when the first f+1 take this many times their recent answer time... */
    private static final double HEDGE_FACTOR = 4;
    /** ...but never sooner than this. */
    private static final long MIN_HEDGE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final Answer.Count NOTHING_CHANGED = new dev.chorus.coordinator.vote.Canonicalizer(1).count(0, null);

    private final Coordinator coordinator;
    private final int id;
    private final ReplicaSession[] replicaSessions;
    /** Whether SUSPECT replicas get a connection too (verification and recovery). */
    private final boolean maintenance;
    /** Whether the open transaction holds locks: before its first, a replica may still have swapped databases. */
    private boolean lockedInTransaction;
    private boolean autoCommit = true;
    private boolean readOnly;
    /** Whether a transaction is open (this session holds locks or has work on the replicas). */
    private boolean holdsToken;
    /** The open transaction's number for the lock manager. */
    private long txId;
    private boolean dirty;
    /** Whether the open transaction ran a statement whose changes were captured: its commit votes a write set. */
    private boolean captured;
    /** The replicas' write sets read with the open transaction's last write, while nothing changed since, or null. */
    private Dispatch preparedWriteSets;
    private long transaction;
    private int savepointIds;
    /** Why the open transaction was rolled back behind the application's back, or null: see {@link #abort}. */
    private String rollbackOnly;
    /** Savepoints the application set with SQL (SAVEPOINT name), by name, in the open transaction. */
    private final Map<String, Savepoint> namedSavepoints = new HashMap<>();
    /** BEGIN in SQL switched auto-commit off for one transaction. */
    private boolean autoCommitAfterTransaction;
    private volatile boolean cancelRequested;
    /** The transactions the open one must follow on every replica (from its lock grants). */
    private final Set<Long> predecessors = new java.util.HashSet<>();
    /** The replicas that were sent the open transaction's commit or rollback. */
    private final Set<Replica> finishAsked = new java.util.HashSet<>();
    /** Guards {@link #openTransaction} and {@link #lateConflict}, which stragglers' threads read and write. */
    private final Object lateLock = new Object();
    /** The open transaction's number while it may still be rolled back for a straggler's sake, else -1. */
    private long openTransaction = -1;
    /** A straggler's concurrency failure in the open transaction: it is rolled back at the next call. */
    private String lateConflict;
    private volatile boolean closed;

    private CoordinatorSession(Coordinator coordinator, int id, ReplicaSession[] replicaSessions, boolean maintenance) {
        this.coordinator = coordinator;
        this.id = id;
        this.replicaSessions = replicaSessions;
        this.maintenance = maintenance;
    }

    /**
     * Before anything of a transaction runs on a replica: a connection to a database the replica no longer uses
     * (state transfer swapped in a new one) is replaced by one to its current database, and a replica that became
     * HEALTHY since this session opened (recovered, or swapped in) gets a connection.
     */
    private void refreshReplicas() throws SQLException {
        List<Replica> replicas = coordinator.replicas();
        for (int i = 0; i < replicaSessions.length; i++) {
            Replica r = replicas.get(i);
            ReplicaSession rs = replicaSessions[i];
            boolean wanted = r.usable() || (maintenance && r.state() == ReplicaState.SUSPECT);
            if (rs != null && rs.current() || rs == null && !wanted) {
                continue;
            }
            if (rs != null) {
                replicaSessions[i] = null;
                closeAll(new ReplicaSession[] {rs});
            }
            if (wanted) {
                int generation = r.generation();
                try {
                    replicaSessions[i] = ReplicaSession.connect(r);
                } catch (SQLException e) {
                    if (Replica.TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                        // not the replica's fault; but without a connection this session must not change anything
                        throw e;
                    }
                    r.markDown(generation, "cannot connect to its database " + r.config().displayUrl() + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Opens a session with a connection on every healthy replica.
     *
     * @param maintenance whether SUSPECT replicas get a connection too (for verification and recovery, which read
     *                    and repair them; statements are never sent to them)
     */
    static CoordinatorSession open(Coordinator coordinator, int id, boolean maintenance) throws SQLException {
        List<Replica> replicas = coordinator.replicas();
        ReplicaSession[] sessions = new ReplicaSession[replicas.size()];
        List<Future<ReplicaSession>> futures = new ArrayList<>();
        int[] generations = new int[replicas.size()];
        // per replica: 0 while the connect runs, 1 once it delivered its session, 2 once this open gave up on it (the
        // connect then closes what it opened itself)
        java.util.concurrent.atomic.AtomicInteger[] handover = new java.util.concurrent.atomic.AtomicInteger[replicas.size()];
        for (Replica r : replicas) {
            generations[r.index()] = r.generation();
            java.util.concurrent.atomic.AtomicInteger h = new java.util.concurrent.atomic.AtomicInteger();
            handover[r.index()] = h;
            boolean connect = r.usable() || (maintenance && r.state() == ReplicaState.SUSPECT);
            futures.add(connect ? submit(r, () -> {
                ReplicaSession s = ReplicaSession.connect(r);
                if (!h.compareAndSet(0, 1)) {
                    closeAll(new ReplicaSession[] {s}); // opened too late: nobody will use it
                    return null;
                }
                return s;
            }) : null);
        }
        long deadline = System.nanoTime() + coordinator.config().statementTimeout().toNanos();
        Map<String, String> failures = new LinkedHashMap<>();
        SQLException noConnectionFree = null;
        for (int i = 0; i < sessions.length; i++) {
            Replica r = replicas.get(i);
            Future<ReplicaSession> f = futures.get(i);
            if (f == null) {
                failures.put(r.name(), r.state() + ": " + r.lastFault());
                continue;
            }
            try {
                sessions[i] = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql && Replica.TOO_MANY_CONNECTIONS.equals(sql.getSQLState())) {
                    // the replica is fine, it has no connection to spare: this session is refused, nobody is blamed
                    noConnectionFree = noConnectionFree == null ? sql : noConnectionFree;
                    continue;
                }
                r.markDown(generations[i], "cannot connect: " + e.getCause());
                failures.put(r.name(), "cannot connect: " + e.getCause());
            } catch (TimeoutException e) {
                if (!handover[i].compareAndSet(0, 2)) {
                    // it connected just now: take it
                    try {
                        sessions[i] = f.get();
                        continue;
                    } catch (ExecutionException late) {
                        // fall through: treated as the timeout it was
                    } catch (InterruptedException late) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (r.saturated()) {
                    noConnectionFree = noConnectionFree == null ? r.noConnectionFree(null) : noConnectionFree;
                    continue;
                }
                r.markDown(generations[i], "no connection within " + coordinator.config().statementTimeout().toMillis() + " ms");
                failures.put(r.name(), "no connection within the statement timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAll(sessions);
                throw new SQLNonTransientConnectionException("interrupted while connecting to the replicas", SqlStates.CONNECTION_REJECTED, e);
            }
        }
        if (noConnectionFree != null) {
            // a session must hold a connection to every healthy replica, or that replica would miss its writes
            closeAll(sessions);
            throw noConnectionFree;
        }
        int opened = 0;
        for (ReplicaSession s : sessions) {
            opened += s == null ? 0 : 1;
        }
        int quorum = coordinator.config().quorum();
        if (opened < quorum) {
            closeAll(sessions);
            throw new SQLNonTransientConnectionException("cannot open a Chorus connection to " + coordinator.config().name()
                    + ": " + opened + " of " + replicas.size() + " replicas reachable, " + quorum + " needed; " + failures,
                    SqlStates.CONNECTION_FAILURE);
        }
        return new CoordinatorSession(coordinator, id, sessions, maintenance);
    }

    public int id() {
        return id;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /**
     * Executes one request on every healthy replica and returns the voted answer: {@link Answer.Rows},
     * {@link Answer.Count} or {@link Answer.Batch} (a batch that stopped at a failed entry is an answer too, with
     * its error). An error the replicas agree on is thrown with the SQLState of the replica that supplied it.
     */
    public synchronized Answer execute(StatementRequest req) throws SQLException {
        ensureOpen();
        ensureNotRolledBack();
        ensureNoLateConflict();
        List<Analysis> analyses = new ArrayList<>();
        if (req.expect() == StatementRequest.Expect.BATCH && !req.prepared()) {
            for (String sql : req.batchSql()) {
                analyses.add(coordinator.analyzer().analyse(sql));
            }
        } else {
            analyses.add(coordinator.analyzer().analyse(req.sql()));
        }
        boolean ddl = false;
        boolean schemaChange = false;
        for (Analysis a : analyses) {
            StatementKind kind = a.kind();
            if (kind == StatementKind.MULTIPLE) {
                throw new java.sql.SQLFeatureNotSupportedException("several statements in one call are not supported by Chorus"
                        + " (engines disagree on running them); execute them one at a time", SqlStates.FEATURE_NOT_SUPPORTED);
            }
            if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
                if (req.expect() == StatementRequest.Expect.BATCH) {
                    throw new SQLException(a.firstKeyword() + " cannot be part of a batch", SqlStates.INVALID_TRANSACTION_STATE);
                }
                if (kind == StatementKind.COMMIT) {
                    commit();
                } else {
                    rollback();
                }
                return NOTHING_CHANGED;
            }
            if (kind == StatementKind.SESSION_CONTROL) {
                if (req.expect() == StatementRequest.Expect.BATCH) {
                    throw new SQLException(a.firstKeyword() + " cannot be part of a batch", SqlStates.INVALID_TRANSACTION_STATE);
                }
                control(coordinator.translator().translate(a, coordinator.schemaEpoch()).control());
                return NOTHING_CHANGED;
            }
            if (readOnly && kind != StatementKind.QUERY) {
                throw new SQLException("the connection is read-only; " + a.firstKeyword() + " is not allowed",
                        SqlStates.READ_ONLY_TRANSACTION);
            }
            if (req.expect() == StatementRequest.Expect.ROWS && kind != StatementKind.QUERY && kind != StatementKind.OTHER) {
                throw new SQLException("executeQuery was called with a statement that returns no rows (" + a.firstKeyword()
                        + "); use executeUpdate or execute", SqlStates.WRONG_STATEMENT_KIND);
            }
            if ((req.expect() == StatementRequest.Expect.COUNT || req.expect() == StatementRequest.Expect.BATCH)
                    && kind == StatementKind.QUERY) {
                throw new SQLException("executeUpdate" + (req.expect() == StatementRequest.Expect.BATCH ? "/executeBatch" : "")
                        + " was called with a query (" + a.firstKeyword() + "); use executeQuery or execute", SqlStates.WRONG_STATEMENT_KIND);
            }
            for (List<Param> params : req.params()) {
                if (params.size() != a.parameterCount()) {
                    throw new SQLException("the statement has " + a.parameterCount() + " parameters but " + params.size()
                            + " were bound", SqlStates.PARAMETER_NOT_SET);
                }
            }
            ddl |= kind == StatementKind.DDL;
            schemaChange |= kind == StatementKind.DDL || kind == StatementKind.OTHER;
        }
        ensureCatalog();
        long epoch = coordinator.schemaEpoch();
        ensureSchema(epoch);
        List<Translation> translations = new ArrayList<>(analyses.size());
        for (Analysis a : analyses) {
            translations.add(coordinator.translator().translate(a, epoch));
        }
        if (translations.stream().anyMatch(t -> t.insertSelect() != null)) {
            return insertSelect(req, translations);
        }
        Set<Engine> skip = unsupportedEngines(translations);
        begin();
        if (ddl && dirty) {
            // H2, the application dialect, commits the open transaction before DDL; Derby would not.
            commitTransaction();
            begin();
        }
        lock(locks(req, translations));
        if (coordinator.schemaEpoch() != epoch) {
            // DDL ran while this statement waited for its locks: translate it again for the schema as it is now
            // (its locks keep further DDL out, so this happens once)
            return execute(req);
        }
        long seq = coordinator.nextSequence();
        String what = describe(req);
        BoundStatement bound;
        try {
            bound = BoundStatement.bind(req, translations, coordinator.generated(), coordinator.config().capture());
        } catch (SQLException e) {
            if (autoCommit) {
                abort(e); // nothing ran: the statement's own transaction ends and its locks go
            }
            throw e;
        }
        boolean query = analyses.size() == 1 && analyses.get(0).kind() == StatementKind.QUERY;
        // An auto-committed query that is the whole transaction: each replica ends its transaction right after
        // answering, in the same call, which saves a round to every replica (a read has nothing to vote at commit)
        boolean endsInRound = query && autoCommit && !dirty && !captured;
        // A captured write: each replica reads the transaction's write set in the same call, so that a commit that
        // follows with nothing written in between needs no round of its own to vote on it
        boolean captures = coordinator.config().capture() && translations.stream().anyMatch(t -> t.capture() != null);
        boolean preparesWriteSet = captures && !query && !ddl;
        if (!query) {
            preparedWriteSets = null;
        }
        Vote<Replica> vote;
        Dispatch d;
        try {
            Round.Call call = endsInRound
                    ? rs -> rs.executeAndEnd(req, bound.work(rs.replica().engine()), epoch)
                    : preparesWriteSet
                    ? rs -> rs.executeAndPrepareWriteSet(req, bound.work(rs.replica().engine()), epoch)
                    : rs -> rs.execute(req, bound.work(rs.replica().engine()), epoch);
            Round.Late late = judge(seq, what, query ? translations.get(0) : null);
            d = query && !coordinator.config().readsFromAll()
                    ? read(seq, what, call, req.queryTimeoutSeconds(), skip, late, endsInRound)
                    : dispatch(seq, what, call, req.queryTimeoutSeconds(), rs -> !skip.contains(rs.replica().engine()), late,
                    endsInRound, query);
            vote = decide(seq, what, d, false, query ? translations.get(0) : null);
        } finally {
            if (schemaChange) {
                coordinator.schemaChanged();
            }
        }
        if (endsInRound) {
            Answer won = supplied(seq, what, vote, analyses.get(0).ordered(), translations.get(0).labels());
            // the replicas asked have ended the transaction; a straggler's concurrency failure has nothing to undo
            closeLateWindow();
            endTransaction();
            if (won instanceof Answer.Failure f) {
                throw agreedError(f.error(), seq, vote);
            }
            return won;
        }
        dirty = true;
        captured |= captures;
        if (preparesWriteSet) {
            List<Ballot<Replica>> sets = new ArrayList<>();
            for (Ballot<Replica> b : d.ballots()) {
                Answer ws = replicaSession(b.replica()).preparedWriteSet();
                if (ws != null) {
                    sets.add(new Ballot<>(b.replica(), ws));
                }
            }
            preparedWriteSets = new Dispatch(sets, d.silent());
        }
        Answer won = supplied(seq, what, vote, analyses.get(0).ordered(), translations.get(0).labels());
        if (won instanceof Answer.Failure f) {
            if (SqlStates.CAPTURE_FAILED.equals(f.error().getSQLState())) {
                // the statement ran but what it changed is unknown: its transaction cannot commit
                SQLException e = agreedError(f.error(), seq, vote);
                abort(e);
                throw e;
            }
            if (autoCommit || ddl) {
                rollbackTransaction();
            }
            throw agreedError(f.error(), seq, vote);
        }
        Translation first = translations.get(0);
        if (first.created() != null) {
            Translation.Created c = first.created();
            coordinator.generated().created(c.table(), c.columns(), c.firstValues());
        }
        if (first.dropped() != null) {
            coordinator.generated().dropped(first.dropped());
        }
        if (ddl) {
            for (Analysis a : analyses) {
                if (a.kind() == StatementKind.DDL) {
                    coordinator.schemaChangedBy(a.sql());
                }
            }
        }
        won = bound.withKeys(won, replicaCanonicalizer());
        if (autoCommit || ddl) {
            commitTransaction();
        }
        return won;
    }

    /** Work Chorus does itself on the replicas, under a database-wide lock ({@link #underDatabaseLock}). */
    interface LockedWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs maintenance work (verification, recovery) in a transaction of its own that holds the database lock in
     * {@code mode}: S lets no write run meanwhile, X nothing at all. The schema catalog is current when it runs. The
     * transaction is rolled back after: whatever the work changes on a replica it commits there itself.
     */
    <T> T underDatabaseLock(LockMode mode, LockedWork<T> work) throws SQLException {
        return underLocks(List.of(new LockManager.Request(Resource.DATABASE, mode)), work);
    }

    /**
     * Runs maintenance work in a transaction of its own that holds the given locks (see {@link
     * #underDatabaseLock}); {@link #predecessors()} are the transactions whose work on a replica must be finished
     * there before the work reads it.
     */
    synchronized <T> T underLocks(List<LockManager.Request> requests, LockedWork<T> work) throws SQLException {
        ensureOpen();
        ensureNotRolledBack();
        if (holdsToken) {
            throw new SQLException("maintenance needs a session without an open transaction", SqlStates.INVALID_TRANSACTION_STATE);
        }
        ensureCatalog();
        ensureSchema(coordinator.schemaEpoch());
        begin();
        try {
            lock(requests);
            return work.run();
        } finally {
            if (holdsToken) {
                rollbackTransaction();
            }
        }
    }

    /** The open transaction's predecessors (transactions that held conflicting locks before it). */
    Set<Long> predecessors() {
        return Set.copyOf(predecessors);
    }

    /** This session's connection to a replica (null when it could not be opened). */
    ReplicaSession replicaSession(Replica r) {
        return replicaSessions[r.index()];
    }

    /** Runs a metadata reader on every healthy replica and returns the voted, normalised table. */
    public synchronized ResultTable metadata(String call, MetadataReader reader) throws SQLException {
        ensureOpen();
        ensureNotRolledBack();
        ensureNoLateConflict();
        begin();
        lock(SCHEMA_READ);
        long seq = coordinator.nextSequence();
        Vote<Replica> vote = decide(seq, call, toEveryReplica(seq, call, rs -> rs.metadata(reader), false), false);
        Answer won = supplied(seq, call, vote, true, null);
        if (autoCommit) {
            rollbackTransaction();
        }
        if (won instanceof Answer.Failure f) {
            throw agreedError(f.error(), seq, vote);
        }
        return ((Answer.Rows) won).table();
    }

    public synchronized void setAutoCommit(boolean on) throws SQLException {
        ensureOpen();
        if (on && !autoCommit) {
            autoCommit = true;
            commit(); // JDBC: switching auto-commit on commits the open transaction
        }
        autoCommit = on;
    }

    public synchronized boolean autoCommit() throws SQLException {
        ensureOpen();
        return autoCommit;
    }

    public synchronized void setReadOnly(boolean on) throws SQLException {
        ensureOpen();
        readOnly = on;
    }

    public synchronized boolean readOnly() throws SQLException {
        ensureOpen();
        return readOnly;
    }

    /** Commits the open transaction; in auto-commit mode there is none, and nothing happens (as on H2). */
    public synchronized void commit() throws SQLException {
        ensureOpen();
        if (rollbackOnly != null) {
            String why = rollbackOnly;
            rollbackOnly = null;
            endTransaction();
            throw new SQLTransactionRollbackException("commit: nothing was committed; the transaction had been rolled back at "
                    + why, SqlStates.TRANSACTION_ROLLED_BACK);
        }
        if (holdsToken) {
            commitTransaction();
        } else {
            endTransaction();
        }
    }

    public synchronized void rollback() throws SQLException {
        ensureOpen();
        rollbackOnly = null;
        if (holdsToken) {
            rollbackTransaction();
        } else {
            endTransaction();
        }
    }

    /**
     * After Chorus rolled back a transaction on its own (no quorum, a timeout, too few replicas), the application's
     * next statements must not silently start a new transaction: they would commit without the work before the
     * failure. So every call fails until the application calls {@code rollback()} (or {@code commit()}, which
     * fails and reports that nothing was committed).
     */
    private void ensureNotRolledBack() throws SQLException {
        if (rollbackOnly != null) {
            throw new SQLTransactionRollbackException("the transaction was rolled back at " + rollbackOnly
                    + "; call rollback() to start a new one", SqlStates.TRANSACTION_ROLLED_BACK);
        }
    }

    public synchronized Savepoint setSavepoint(String name) throws SQLException {
        ensureOpen();
        ensureNotRolledBack();
        ensureNoLateConflict();
        if (autoCommit) {
            throw new SQLException("setSavepoint is not allowed in auto-commit mode", SqlStates.INVALID_TRANSACTION_STATE);
        }
        begin();
        int spId = ++savepointIds;
        String replicaName = name != null ? name : "CHORUS_SP_" + spId;
        long seq = coordinator.nextSequence();
        String what = "setSavepoint(" + (name == null ? "#" + spId : "'" + name + "'") + ")";
        Vote<Replica> vote = decide(seq, what, toEveryReplica(seq, what, rs -> rs.setSavepoint(replicaName), false), false);
        if (vote.winner().orElseThrow().answer() instanceof Answer.Failure f) {
            throw agreedError(f.error(), seq, vote);
        }
        return new ReplicaSavepoints(spId, name, transaction, replicaName);
    }

    public synchronized void rollback(Savepoint savepoint) throws SQLException {
        onSavepoint(savepoint, "rollback", (rs, sp) -> rs.rollback(sp));
    }

    public synchronized void releaseSavepoint(Savepoint savepoint) throws SQLException {
        onSavepoint(savepoint, "releaseSavepoint", (rs, sp) -> rs.release(sp));
    }

    private interface SavepointCall {
        Answer run(ReplicaSession rs, String savepoint) throws SQLException;
    }

    private void onSavepoint(Savepoint savepoint, String op, SavepointCall call) throws SQLException {
        ensureOpen();
        ensureNotRolledBack();
        ensureNoLateConflict();
        if (!(savepoint instanceof ReplicaSavepoints sps) || !holdsToken || sps.transaction() != transaction) {
            throw new SQLException(op + "(" + savepoint + "): the savepoint does not belong to this connection's open transaction",
                    SqlStates.INVALID_SAVEPOINT);
        }
        preparedWriteSets = null; // a rollback to a savepoint changes the write set
        long seq = coordinator.nextSequence();
        String what = op + "(" + sps + ")";
        Vote<Replica> vote = decide(seq, what, toEveryReplica(seq, what, rs -> call.run(rs, sps.replicaName()), false), false);
        if (vote.winner().orElseThrow().answer() instanceof Answer.Failure f) {
            throw agreedError(f.error(), seq, vote);
        }
    }

    /**
     * Whether the session is open and at least f+1 of its replicas are healthy. It does not ping the replicas:
     * their threads may be busy with other sessions' statements, and a pool must not evict a good connection for
     * that; a replica that died is found by the next statement.
     */
    public boolean isValid(int timeoutSeconds) {
        return !closed && !coordinator.isClosed() && targets().size() >= coordinator.config().quorum();
    }

    /** Cancels what this session's statement is doing on every replica. Any thread. */
    public void cancel() {
        cancelRequested = true;
        for (ReplicaSession rs : replicaSessions) {
            if (rs != null) {
                rs.cancel();
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Rolls back an open transaction and closes the replica connections. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long tx = holdsToken ? txId : -1;
            closeLateWindow();
            // wait for f+1 replicas to close (the others may still be catching up; they close when they get there)
            int quorum = coordinator.config().quorum();
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(quorum);
            int asked = 0;
            for (ReplicaSession rs : replicaSessions) {
                if (rs == null) {
                    continue;
                }
                Future<?> f = rs.submit(() -> {
                    try {
                        rs.close();
                    } finally {
                        closed.countDown();
                        if (tx >= 0) {
                            coordinator.order().finished(tx, rs.replica().index());
                        }
                    }
                    return null;
                });
                if (f != null && tx >= 0) {
                    finishAsked.add(rs.replica());
                }
                if (f == null) {
                    rs.abandon();
                } else {
                    asked++;
                }
            }
            for (int i = asked; i < quorum; i++) {
                closed.countDown();
            }
            try {
                if (!closed.await(coordinator.config().statementTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("session {}: fewer than {} replicas closed within the statement timeout", id, quorum);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            endTransaction();
            coordinator.sessionClosed(this);
        }
    }

    // ---- the transaction and the token ------------------------------------------------------------------------

    private void begin() throws SQLException {
        if (!holdsToken) {
            refreshReplicas(); // (first: a session that cannot get a connection it needs fails before it begins)
            holdsToken = true;
            transaction++;
            txId = coordinator.nextTransaction();
            coordinator.order().begin(txId);
            predecessors.clear();
            finishAsked.clear();
            lockedInTransaction = false;
            synchronized (lateLock) {
                openTransaction = transaction;
                lateConflict = null;
            }
        }
    }

    /**
     * The open transaction can no longer be rolled back for a straggler's sake (it is being committed or rolled
     * back); returns the straggler's concurrency failure that came before, if any.
     */
    private String closeLateWindow() {
        synchronized (lateLock) {
            openTransaction = -1;
            String why = lateConflict;
            lateConflict = null;
            return why;
        }
    }

    /** Rolls the open transaction back with 40001 when a straggler's engine failed a statement on a conflict. */
    private void ensureNoLateConflict() throws SQLException {
        String why;
        synchronized (lateLock) {
            why = lateConflict;
            lateConflict = null;
        }
        if (why != null && holdsToken) {
            lateConflictRollback(why);
        }
    }

    private void lateConflictRollback(String why) throws SQLException {
        SQLTransactionRollbackException e = new SQLTransactionRollbackException("the replicas disagree on whether " + why
                + "; the transaction was rolled back on every replica and can be retried", SqlStates.TRANSACTION_ROLLBACK);
        LOG.info("{}; rolled back everywhere", why);
        abort(e);
        throw e;
    }

    /**
     * Takes a statement's locks for the open transaction (waiting for conflicting transactions to end); a deadlock
     * victim or a lock wait timeout rolls the transaction back on every replica and fails with 40001.
     */
    private void lock(List<LockManager.Request> requests) throws SQLException {
        if (requests.isEmpty()) {
            return;
        }
        try {
            predecessors.addAll(coordinator.locks().acquire(txId, requests).predecessors());
        } catch (SQLException e) {
            abort(e);
            throw e;
        }
        if (!lockedInTransaction) {
            // A state transfer swaps databases and recovery takes a replica back under the exclusive database lock:
            // not while this transaction runs, but perhaps while it waited for this first lock. Only now are the
            // replicas it runs on known (and the ones given up meanwhile may stop waiting for it).
            lockedInTransaction = true;
            coordinator.order().started(txId);
            try {
                refreshReplicas();
            } catch (SQLException e) {
                abort(e);
                throw e;
            }
        }
    }

    /** The locks of a request: every execution's (a batch entry each), with its own parameter values. */
    private static List<LockManager.Request> locks(StatementRequest req, List<Translation> translations) {
        List<LockManager.Request> out = new ArrayList<>();
        int executions = BoundStatement.executions(req, translations);
        for (int j = 0; j < executions; j++) {
            Translation t = BoundStatement.translation(translations, j);
            if (t.locks() == null) {
                continue;
            }
            List<Param> params = req.prepared() ? req.params().get(j) : List.of();
            out.addAll(t.locks().resolve(k -> k < params.size() ? params.get(k).value() : null));
        }
        return out;
    }

    private void endTransaction() {
        namedSavepoints.clear();
        preparedWriteSets = null;
        if (autoCommitAfterTransaction) {
            autoCommitAfterTransaction = false;
            autoCommit = true;
        }
        if (holdsToken) {
            holdsToken = false;
            dirty = false;
            captured = false;
            closeLateWindow();
            // f+1 replicas finished the transaction; the others finish it later, and until then later conflicting
            // statements wait for it there (the conflict order): the locks can go
            coordinator.locks().releaseAll(txId);
            for (ReplicaSession rs : replicaSessions) {
                if (rs != null && !finishAsked.contains(rs.replica()) && rs.replica().state() == ReplicaState.SUSPECT) {
                    // found faulty during the transaction: it ends there too, without being counted
                    rs.rollbackAside();
                }
            }
            for (Replica r : coordinator.replicas()) {
                if (!finishAsked.contains(r)) {
                    coordinator.order().finished(txId, r.index());
                }
            }
            coordinator.order().released(txId);
        }
    }

    private void commitTransaction() throws SQLException {
        String conflict = closeLateWindow();
        if (conflict != null) {
            lateConflictRollback(conflict);
        }
        Digest agreed = captured ? agreeOnWriteSet() : null;
        long seq = coordinator.nextSequence();
        Vote<Replica> vote = decide(seq, "commit", toEveryReplica(seq, "commit", rs -> rs.commit(agreed), true), true);
        if (vote.winner().orElseThrow().answer() instanceof Answer.Failure f) {
            // The replicas agree the commit failed; make sure no engine keeps the transaction open.
            SQLException e = agreedError(f.error(), seq, vote);
            abort(e);
            throw e;
        }
        endTransaction();
    }

    /**
     * Before a commit: the replicas' write sets are voted (f+1 equal digests; a replica whose write set differs is
     * SUSPECT and rolls back at the commit instead of committing), and the agreed one is appended to the log, which
     * is durable (under the fsync policy) before any replica commits.
     *
     * @return the agreed write set's digest
     */
    private Digest agreeOnWriteSet() throws SQLException {
        long seq = coordinator.nextSequence();
        String what = "write set";
        Dispatch prepared = preparedWriteSets;
        preparedWriteSets = null;
        // the write sets read with the transaction's last write, when f+1 of them agree; otherwise every replica is
        // asked (a replica that did not answer that statement in time answers then)
        Dispatch d = prepared != null && Vote.count(prepared.ballots(), coordinator.config().quorum()).decided()
                ? prepared : toEveryReplica(seq, what, ReplicaSession::writeSet, false);
        Vote<Replica> vote = decide(seq, what, d, false);
        Answer won = vote.winner().orElseThrow().answer();
        if (won instanceof Answer.Failure f) {
            SQLException e = agreedError(f.error(), seq, vote);
            abort(e);
            throw e;
        }
        try {
            coordinator.log((WriteSet) ((Answer.Done) won).value(), txId);
        } catch (SQLException e) {
            abort(e);
            throw e;
        }
        return won.digest(); // the write set's own digest

    }

    private void rollbackTransaction() throws SQLException {
        try {
            closeLateWindow();
            long seq = coordinator.nextSequence();
            Vote<Replica> vote = decide(seq, "rollback", toEveryReplica(seq, "rollback", ReplicaSession::rollback, true), false);
            if (vote.winner().orElseThrow().answer() instanceof Answer.Failure f) {
                throw agreedError(f.error(), seq, vote);
            }
        } finally {
            endTransaction();
        }
    }

    /**
     * Rolls back after a failure that already has its own exception: on every replica still usable, without
     * needing a quorum (a rollback is always safe), and without voting. A replica that fails to roll back is
     * reported on the cause.
     */
    private void abort(SQLException cause) {
        if (!holdsToken) {
            return;
        }
        if (!autoCommit) {
            rollbackOnly = "seq=" + coordinator.sequence() + " (" + cause.getSQLState() + ": " + firstLine(cause.getMessage()) + ")";
        }
        try {
            closeLateWindow();
            long seq = coordinator.sequence();
            String what = "rollback after " + cause.getSQLState();
            Round round = start(seq, what, ReplicaSession::rollback, targets(), judge(seq, what, null), true, false);
            long timeoutMs = coordinator.config().statementTimeout().toMillis();
            try {
                if (!round.collect(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), !coordinator.config().acksFromAll())) {
                    round.timeOut(timeoutMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            round.settle();
            for (Ballot<Replica> b : round.ballots()) {
                if (b.answer() instanceof Answer.Failure fail) {
                    cause.addSuppressed(Errors.withContext(fail.error(), "rollback on replica " + b.replica().name()));
                }
            }
        } finally {
            endTransaction();
        }
    }

    /**
     * Replicas that disagree on whether a statement failed because of concurrency inside one engine (a lock timeout
     * or deadlock there: SQLState class 40, H2's HYT00) are not faults: the transaction is rolled back on every
     * replica and the application gets 40001, which pools and ORMs retry. Nobody is marked SUSPECT.
     */
    private void concurrencyDisagreement(long seq, String what, Dispatch d) throws SQLException {
        Ballot<Replica> conflict = null;
        boolean differ = false;
        for (Ballot<Replica> b : d.ballots()) {
            differ |= !b.answer().digest().equals(d.ballots().get(0).answer().digest());
            if (conflict == null && b.answer() instanceof Answer.Failure f && concurrencyFailure(f.error())) {
                conflict = b;
            }
        }
        if (conflict == null || !differ) {
            return;
        }
        SQLException cause = ((Answer.Failure) conflict.answer()).error();
        SQLTransactionRollbackException e = new SQLTransactionRollbackException("the replicas disagree on whether seq=" + seq
                + " (" + what + ") failed: " + conflict.replica().name() + " answered " + cause.getSQLState() + " ("
                + firstLine(cause.getMessage()) + ") where others did not; the transaction was rolled back on every replica"
                + " and can be retried", SqlStates.TRANSACTION_ROLLBACK, cause);
        LOG.info("seq={} ({}): {} failed with {} where others did not; rolled back everywhere", seq, what,
                conflict.replica().name(), cause.getSQLState());
        abort(e);
        throw e;
    }

    private static boolean concurrencyFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("HYT00"));
    }

    /** An error that says the engine lacks the SQL (syntax, unknown function, feature), not that data differ. */
    private static boolean dialectGap(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("42") || state.startsWith("0A"));
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message;
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    // ---- translation: transaction control, generated columns, INSERT ... SELECT -----------------------------

    /** Transaction control written in SQL, served with the connection calls. */
    private void control(Translation.Control c) throws SQLException {
        switch (c.kind()) {
            case BEGIN -> {
                if (autoCommit) {
                    autoCommit = false;
                    autoCommitAfterTransaction = true;
                }
            }
            case SAVEPOINT -> {
                Savepoint sp = setSavepoint(c.savepoint());
                namedSavepoints.put(c.savepoint(), sp);
            }
            case ROLLBACK_TO_SAVEPOINT -> rollback(namedSavepoint(c.savepoint()));
            case RELEASE_SAVEPOINT -> {
                releaseSavepoint(namedSavepoint(c.savepoint()));
                namedSavepoints.remove(c.savepoint());
            }
        }
    }

    private Savepoint namedSavepoint(String name) throws SQLException {
        Savepoint sp = namedSavepoints.get(name);
        if (sp == null) {
            throw new SQLException("savepoint " + name + " does not exist in this transaction", SqlStates.INVALID_SAVEPOINT);
        }
        return sp;
    }

    /**
     * Reads the catalog of generated columns from the replicas (voted) the first time any session runs a
     * statement, so that a coordinator started on existing databases numbers identity columns where the last one
     * stopped.
     */
    private void ensureCatalog() throws SQLException {
        GeneratedColumns generated = coordinator.generated();
        if (generated.loaded()) {
            return;
        }
        synchronized (generated) {
            if (generated.loaded()) {
                return;
            }
            String what = "read Chorus's catalog of generated columns";
            CatalogRead read = catalogRead(what, rs -> rs.query("CHORUS", "GENERATED_COLUMNS", GeneratedColumns.SELECT));
            long seq = read.seq();
            Vote<Replica> vote = decide(seq, what, read.dispatch(), false);
            Answer won = vote.winner().orElseThrow().answer();
            if (won instanceof Answer.Failure f) {
                throw agreedError(f.error(), seq, vote);
            }
            generated.load(won instanceof Answer.Rows r ? r.table().rows() : null);
        }
    }

    /**
     * Reads the application's tables from the replicas when the schema changed since the catalog was last read
     * (the translator needs column types and keys). Replicas that describe a column differently are not blamed:
     * engines differ there; the catalog keeps what f+1 of them agree on.
     */
    private void ensureSchema(long epoch) throws SQLException {
        SchemaCatalog schema = coordinator.schema();
        if (schema.current(epoch)) {
            return;
        }
        synchronized (schema) {
            if (schema.current(epoch)) {
                return;
            }
            List<ResultTable> tables = tables(catalogRead("read the schema for translation", rs -> rs.metadata(SchemaCatalog.READER)));
            List<ResultTable> constraints = tables(catalogRead("read the constraints for locking",
                    rs -> rs.metadata(SchemaCatalog.CONSTRAINTS_READER)));
            schema.load(epoch, tables, constraints, coordinator.config().quorum());
        }
    }

    private record CatalogRead(long seq, Dispatch dispatch) {
    }

    /** The tables the replicas answered a catalog read with (failures left out: nobody is blamed here). */
    private static List<ResultTable> tables(CatalogRead read) {
        List<ResultTable> out = new ArrayList<>();
        for (Ballot<Replica> b : read.dispatch().ballots()) {
            if (b.answer() instanceof Answer.Rows r) {
                out.add(r.table());
            }
        }
        return out;
    }

    /**
     * Reads one of Chorus's catalogs from every replica: inside the application's transaction when one is open,
     * otherwise in a transaction of its own, rolled back after (keeping a SQL BEGIN in force).
     */
    private CatalogRead catalogRead(String what, Round.Call call) throws SQLException {
        boolean wasHolding = holdsToken;
        boolean begun = autoCommitAfterTransaction;
        begin();
        lock(SCHEMA_READ);
        long seq = coordinator.nextSequence();
        Dispatch d = dispatch(seq, what, call, 0);
        if (!wasHolding) {
            rollbackTransaction();
            if (begun) {
                autoCommitAfterTransaction = true;
                autoCommit = false;
            }
        }
        return new CatalogRead(seq, d);
    }

    private Canonicalizer replicaCanonicalizer() {
        return new Canonicalizer(coordinator.config().approximateDigits());
    }

    /** Rows per INSERT when Chorus inserts the voted rows of an INSERT ... SELECT. */
    private static final int INSERT_SELECT_CHUNK = 500;

    /**
     * INSERT ... SELECT: the SELECT is voted like any query, then its rows are inserted with an INSERT ... VALUES
     * (the coordinator fills generated columns), all in one transaction. Entries of a batch run one after the other
     * and stop at the first failure.
     */
    private Answer insertSelect(StatementRequest req, List<Translation> translations) throws SQLException {
        preparedWriteSets = null;
        boolean wasAutoCommit = autoCommit;
        autoCommit = false;
        try {
            int executions = BoundStatement.executions(req, translations);
            long[] counts = new long[executions];
            List<Answer.Rows> keys = req.keys().wanted() ? new ArrayList<>() : null;
            Canonicalizer canon = replicaCanonicalizer();
            for (int j = 0; j < executions; j++) {
                Translation t = BoundStatement.translation(translations, j);
                List<Param> params = req.prepared() ? req.params().get(j) : List.of();
                try {
                    Answer.Count c = insertSelectOnce(req, t, params);
                    counts[j] = c.count();
                    if (keys != null && c.keys() != null) {
                        keys.add(canon.table(c.keys()));
                    }
                } catch (SQLException e) {
                    if (req.expect() != StatementRequest.Expect.BATCH || rollbackOnly != null) {
                        throw e;
                    }
                    if (wasAutoCommit) {
                        rollbackTransaction();
                    }
                    return canon.batch(java.util.Arrays.copyOf(counts, j), e, keys);
                }
            }
            if (wasAutoCommit && holdsToken) {
                commitTransaction();
            }
            return req.expect() == StatementRequest.Expect.BATCH ? canon.batch(counts, null, keys)
                    : canon.count(counts[0], keys == null || keys.isEmpty() ? null : keys.get(0));
        } catch (SQLException e) {
            if (wasAutoCommit) {
                // In auto-commit mode the statement alone is rolled back; no transaction is left rollback-only.
                rollbackOnly = null;
                if (holdsToken) {
                    rollbackTransaction();
                }
            }
            throw e;
        } finally {
            autoCommit = wasAutoCommit;
        }
    }

    private Answer.Count insertSelectOnce(StatementRequest req, Translation t, List<Param> params) throws SQLException {
        Translation.InsertSelect is = t.insertSelect();
        Analysis select = coordinator.analyzer().analyse(is.select());
        List<Param> selectParams = params.isEmpty() ? List.of()
                : params.subList(is.firstParam(), is.firstParam() + select.parameterCount());
        Answer rows = execute(new StatementRequest(is.select(), selectParams.isEmpty() ? List.of() : List.of(selectParams), List.of(),
                StatementRequest.Expect.ROWS, GeneratedKeys.NONE, 0, req.queryTimeoutSeconds()));
        ResultTable table = ((Answer.Rows) rows).table();
        long count = 0;
        List<Object[]> keyRows = new ArrayList<>();
        List<Column> keyColumns = null;
        for (int from = 0; from < table.rowCount(); from += INSERT_SELECT_CHUNK) {
            List<Object[]> chunk = table.rows().subList(from, Math.min(table.rowCount(), from + INSERT_SELECT_CHUNK));
            StringBuilder sql = new StringBuilder(is.insertPrefix()).append(" VALUES ");
            List<Param> values = new ArrayList<>();
            for (int r = 0; r < chunk.size(); r++) {
                sql.append(r == 0 ? "(" : ", (");
                for (int c = 0; c < table.columnCount(); c++) {
                    sql.append(c == 0 ? "?" : ", ?");
                    values.add(valueParam(chunk.get(r)[c]));
                }
                sql.append(')');
            }
            Answer a = execute(new StatementRequest(sql.toString(), List.of(values), List.of(), StatementRequest.Expect.COUNT,
                    req.keys(), 0, req.queryTimeoutSeconds()));
            Answer.Count c = (Answer.Count) a;
            count += c.count();
            if (c.keys() != null) {
                keyColumns = c.keys().columns();
                keyRows.addAll(c.keys().rows());
            }
        }
        Canonicalizer canon = replicaCanonicalizer();
        return canon.count(count, keyColumns == null ? null : canon.table(new ResultTable(keyColumns, keyRows)));
    }

    /** A voted value as a parameter for the replicas; large objects were read into memory already. */
    private static Param valueParam(Object v) throws SQLException {
        if (v == null) {
            return Param.ofNull(java.sql.Types.NULL);
        }
        if (v instanceof java.sql.Clob c) {
            return Param.of(Param.Setter.STRING, c.getSubString(1, (int) c.length()));
        }
        if (v instanceof java.sql.Blob b) {
            return Param.of(Param.Setter.BYTES, b.getBytes(1, (int) b.length()));
        }
        return Param.of(Param.Setter.OBJECT, v);
    }

    // ---- dispatch and vote ------------------------------------------------------------------------------------

    private record Dispatch(List<Ballot<Replica>> ballots, Map<Replica, String> silent) {
    }

    /**
     * The engines a query cannot run on (see {@link Translation#unsupported()}), after checking that the replicas of
     * the other engines are a quorum; otherwise the statement is rejected with the reason, and nothing is sent.
     */
    private Set<Engine> unsupportedEngines(List<Translation> translations) throws SQLException {
        Map<Engine, String> why = new java.util.EnumMap<>(Engine.class);
        translations.forEach(t -> why.putAll(t.unsupported()));
        if (why.isEmpty()) {
            return Set.of();
        }
        long able = targets().stream().filter(rs -> !why.containsKey(rs.replica().engine())).count();
        int quorum = coordinator.config().quorum();
        if (able < quorum) {
            throw new java.sql.SQLFeatureNotSupportedException(why.values().iterator().next() + " (and only " + able
                    + " healthy replicas of other engines can run it, " + quorum + " needed)", SqlStates.FEATURE_NOT_SUPPORTED);
        }
        LOG.debug("query runs without the replicas of {}: {}", why.keySet(), why);
        return why.keySet();
    }

    /**
     * A query, read from f+1 replicas first: the replica of the application dialect's engine (whose Java types the
     * application expects) and the fastest others by recent answer time. Only when those do not all give the same
     * answer (or one fails or is silent), or when they take much longer than they recently did (a lagging replica),
     * do the other replicas run it too, and the vote counts every answer. Replicas that were not asked are neither
     * counted nor blamed.
     */
    private Dispatch read(long seq, String what, Round.Call call, int queryTimeoutSeconds, Set<Engine> skip,
                          Round.Late late, boolean finishes) throws SQLException {
        int quorum = coordinator.config().quorum();
        Engine preferred = coordinator.translator().dialectEngine();
        List<ReplicaSession> able = targets();
        able.removeIf(rs -> skip.contains(rs.replica().engine()));
        if (able.size() <= quorum) {
            return dispatch(seq, what, call, queryTimeoutSeconds, rs -> !skip.contains(rs.replica().engine()), late, finishes, true);
        }
        // the application dialect's engine first (its Java types are the ones the application expects), then the
        // fastest by recent query answer time, times one more than the calls this session still has running there
        able.sort(java.util.Comparator.<ReplicaSession, Boolean>comparing(rs -> rs.replica().engine() != preferred)
                .thenComparingDouble(rs -> rs.replica().latency() * (1 + rs.queued())));
        List<ReplicaSession> first = able.subList(0, quorum);
        List<ReplicaSession> rest = able.subList(quorum, able.size());
        // ask the others too when the first f+1 take much longer than they usually do
        double slowest = first.stream().mapToDouble(rs -> rs.replica().latency()).max().orElse(0);
        long hedgeNanos = Math.max(MIN_HEDGE_NANOS, (long) (HEDGE_FACTOR * slowest));
        Round round = start(seq, what, call, first, late, finishes, true);
        return await(round, queryTimeoutSeconds, true, System.nanoTime() + hedgeNanos, () -> ask(round, rest, finishes));
    }

    private List<ReplicaSession> targets() {
        List<ReplicaSession> out = new ArrayList<>(replicaSessions.length);
        for (ReplicaSession rs : replicaSessions) {
            if (rs != null && rs.replica().usable() && rs.current()) {
                out.add(rs);
            }
        }
        return out;
    }

    /**
     * Sends a call to every healthy replica and waits for all of them (up to the statement timeout): for Chorus's
     * own reads, whose answers engines may legitimately give differently.
     */
    private Dispatch dispatch(long seq, String what, Round.Call call, int queryTimeoutSeconds) throws SQLException {
        return dispatch(seq, what, call, queryTimeoutSeconds, rs -> true, null, false, false);
    }

    /**
     * Sends a call (a commit, a rollback, a savepoint, a metadata read) to every healthy replica; answers after the
     * decision are judged when they come.
     *
     * @param finishes whether the call ends the open transaction on the replicas (commit or rollback)
     */
    private Dispatch toEveryReplica(long seq, String what, Round.Call call, boolean finishes) throws SQLException {
        return dispatch(seq, what, call, 0, rs -> true, judge(seq, what, null), finishes, false);
    }

    /**
     * Sends a call to the healthy replicas {@code include} accepts and collects their answers: until f+1 agree
     * (with {@code acks=quorum}; the others' answers are judged by {@code late} when they come) or until every
     * replica asked has answered ({@code acks=all}, or no {@code late} judge). A replica that gives no answer
     * within the statement timeout while the quorum still needs it, or whose connection fails, is marked DOWN and
     * gives no ballot.
     *
     * @param late     judges answers that come after the decision; null to wait for every answer
     * @param finishes whether the call ends the open transaction on the replicas (commit or rollback)
     * @param query    whether the answer times count towards the replicas' query latency
     */
    private Dispatch dispatch(long seq, String what, Round.Call call, int queryTimeoutSeconds,
                              java.util.function.Predicate<ReplicaSession> include, Round.Late late, boolean finishes,
                              boolean query) throws SQLException {
        List<ReplicaSession> targets = targets();
        targets.removeIf(include.negate());
        int quorum = coordinator.config().quorum();
        if (targets.size() < quorum) {
            SQLException e = tooFew(seq, what, targets.size(), Map.of());
            abort(e);
            throw e;
        }
        Round round = start(seq, what, call, targets, late, finishes, query);
        return await(round, queryTimeoutSeconds, late != null && !coordinator.config().acksFromAll(), Long.MAX_VALUE, null);
    }

    /** Sends a call to the given replica sessions, each to run after the transaction's predecessors there. */
    private Round start(long seq, String what, Round.Call call, List<ReplicaSession> targets, Round.Late late, boolean finishes,
                        boolean query) {
        cancelRequested = false;
        Round round = new Round(seq, what, call, coordinator.config().quorum(), coordinator.order(),
                holdsToken ? predecessors : Set.of(), finishes && holdsToken ? txId : -1, late, query);
        ask(round, targets, finishes);
        return round;
    }

    /** Sends a round's call to (more) replica sessions; one that ends the transaction marks them as asked to. */
    private void ask(Round round, List<ReplicaSession> targets, boolean finishes) {
        if (finishes && holdsToken) {
            targets.forEach(rs -> finishAsked.add(rs.replica()));
        }
        round.send(targets);
    }

    /**
     * Collects a round's answers: until it is decided (when {@code quorumSuffices}) or everyone asked answered; at
     * {@code hedgeAt} (or when those asked answered without a decision) {@code hedge} asks the others. The
     * application's query timeout cancels the statement everywhere; the statement timeout marks replicas that are
     * still needed DOWN.
     */
    private Dispatch await(Round round, int queryTimeoutSeconds, boolean quorumSuffices, long hedgeAt, Runnable hedge)
            throws SQLException {
        long timeoutMs = coordinator.config().statementTimeout().toMillis();
        long start = System.nanoTime();
        long statementDeadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long clientDeadline = queryTimeoutSeconds > 0 ? start + TimeUnit.SECONDS.toNanos(queryTimeoutSeconds) : Long.MAX_VALUE;
        boolean clientTimedOut = false;
        try {
            while (true) {
                long until = clientTimedOut ? statementDeadline : Math.min(statementDeadline, clientDeadline);
                if (hedge != null) {
                    until = Math.min(until, hedgeAt);
                }
                boolean done = round.collect(until, quorumSuffices && !clientTimedOut);
                if (hedge != null && !clientTimedOut && (!done || !round.decided()) && (done || System.nanoTime() >= hedgeAt)) {
                    round.chargeWaiting(System.nanoTime() - start);
                    hedge.run();
                    hedge = null;
                    continue;
                }
                if (done) {
                    break;
                }
                if (!clientTimedOut && clientDeadline < statementDeadline && System.nanoTime() >= clientDeadline) {
                    clientTimedOut = true;
                    round.cancelAll();
                    continue;
                }
                if (System.nanoTime() >= statementDeadline) {
                    round.timeOut(timeoutMs);
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            round.cancelAll();
            round.settle();
            SQLException ex = new SQLException("interrupted while waiting for the replicas at seq=" + round.seq() + " ("
                    + round.what() + ")", SqlStates.OPERATION_CANCELED, e);
            abort(ex);
            throw ex;
        }
        round.settle();
        if (cancelRequested && !clientTimedOut) {
            SQLException e = new SQLException("the statement was cancelled by the application at seq=" + round.seq() + " ("
                    + round.what() + "); it was rolled back on every replica", SqlStates.QUERY_CANCELED);
            abort(e);
            throw e;
        }
        if (clientTimedOut) {
            SQLTimeoutException e = new SQLTimeoutException("query timeout of " + queryTimeoutSeconds + " s elapsed at seq="
                    + round.seq() + " (" + round.what() + "); the statement was cancelled on every replica and the transaction"
                    + " rolled back", SqlStates.QUERY_CANCELED);
            abort(e);
            throw e;
        }
        return new Dispatch(round.ballots(), round.silent());
    }

    /**
     * Judges an answer that came after the quorum had decided. An equal answer is fine; a dialect gap in a query
     * is learnt; a concurrency failure inside the straggler's engine (a lock timeout there) while the transaction
     * is still open rolls it back at the application's next call, with 40001; anything else is a fault: the
     * replica is SUSPECT (once the client was told the outcome, a replica that did otherwise differs from it).
     *
     * @param query the translation of a single query, or null
     */
    private Round.Late judge(long seq, String what, Translation query) {
        long tx = transaction;
        return (r, generation, late, winner) -> {
            if (late.digest().equals(winner.digest())) {
                return;
            }
            if (query != null && ((late instanceof Answer.Failure f && dialectGap(f.error()))
                    || (winner instanceof Answer.Failure w && dialectGap(w.error())))) {
                SQLException why = late instanceof Answer.Failure f ? f.error() : ((Answer.Failure) winner).error();
                coordinator.translator().learnUnsupported(query, r.engine(), why);
                LOG.info("seq={} ({}): {} answered differently where the SQL is missing on some engines ({}); the query is"
                        + " refused or runs without them from now on", seq, what, r.name(), why.getSQLState());
                return;
            }
            if (late instanceof Answer.Failure f && concurrencyFailure(f.error())) {
                String reason = "seq=" + seq + " (" + what + "): " + r.name() + " answered " + f.error().getSQLState() + " ("
                        + firstLine(f.error().getMessage()) + ") after the others had succeeded";
                synchronized (lateLock) {
                    if (openTransaction == tx) {
                        lateConflict = reason;
                        return;
                    }
                }
            }
            r.markSuspect(generation, "at seq=" + seq + " (" + what + ") answered " + summary(late) + " after the quorum had"
                    + " answered " + summary(winner));
        };
    }

    /**
     * Counts the ballots: dissenting replicas are marked SUSPECT; without a quorum the transaction is rolled back
     * everywhere and the statement fails with a message naming every replica and its answer.
     */
    private Vote<Replica> decide(long seq, String what, Dispatch d, boolean commit) throws SQLException {
        return decide(seq, what, d, commit, null);
    }

    /**
     * As {@link #decide(long, String, Dispatch, boolean)}; for a query, a replica that rejected the statement as
     * SQL its engine does not have (SQLState class 42 or 0A) while a quorum answered it is not blamed: the engine
     * is left out of that query from then on (a read changes nothing, so it stays equal to the others).
     *
     * @param query the translation of a single query, or null
     */
    private Vote<Replica> decide(long seq, String what, Dispatch d, boolean commit, Translation query) throws SQLException {
        int quorum = coordinator.config().quorum();
        Vote<Replica> vote = Vote.count(d.ballots(), quorum);
        if (coordinator.observed()) {
            coordinator.publish(record(seq, what, d, vote));
        }
        if (!commit) {
            concurrencyDisagreement(seq, what, d);
        }
        if (vote.decided()) {
            Ballot<Replica> won = vote.winner().orElseThrow();
            boolean gapWon = query != null && won.answer() instanceof Answer.Failure wf && dialectGap(wf.error());
            for (Ballot<Replica> b : d.ballots()) {
                if (gapWon && vote.dissenting().contains(b.replica()) && b.answer() instanceof Answer.Rows) {
                    // The quorum's engines lack this SQL; the dissenter's engine has it: nobody is at fault.
                    for (Replica r : vote.agreeing()) {
                        coordinator.translator().learnUnsupported(query, r.engine(), ((Answer.Failure) won.answer()).error());
                    }
                    LOG.info("seq={} ({}): {} answered SQL that {} reject; the query is refused from now on", seq, what,
                            b.replica().name(), names(vote.agreeing()));
                } else if (vote.dissenting().contains(b.replica()) && query != null && !(won.answer() instanceof Answer.Failure)
                        && b.answer() instanceof Answer.Failure f && dialectGap(f.error())) {
                    coordinator.translator().learnUnsupported(query, b.replica().engine(), f.error());
                    LOG.info("seq={} ({}): {} does not have this SQL ({} {}); the query runs without {} replicas from now on",
                            seq, what, b.replica().name(), f.error().getSQLState(), firstLine(f.error().getMessage()),
                            b.replica().engine().displayName());
                } else if (vote.dissenting().contains(b.replica())) {
                    b.replica().markSuspect("at seq=" + seq + " (" + what + ") answered " + summary(b.answer()) + " where "
                            + names(vote.agreeing()) + " answered " + summary(won.answer()));
                }
            }
            return vote;
        }
        SQLException e;
        if (d.ballots().size() < quorum) {
            e = tooFew(seq, what, d.ballots().size(), d.silent());
        } else {
            StringBuilder sb = new StringBuilder("no quorum for seq=").append(seq).append(" (").append(what).append("):");
            for (Ballot<Replica> b : d.ballots()) {
                sb.append(' ').append(b.replica().name()).append('=').append(summary(b.answer()));
            }
            d.silent().forEach((r, why) -> sb.append(' ').append(r.name()).append("=no answer (").append(why).append(')'));
            sb.append("; ").append(quorum).append(" equal answers needed");
            if (commit) {
                sb.insert(0, "commit outcome unknown: ").append("; replicas that committed keep the transaction, the others"
                        + " rolled it back, so they may now differ");
                e = new SQLException(sb.toString(), SqlStates.COMMIT_OUTCOME_UNKNOWN);
            } else if (holdsToken && !autoCommit) {
                sb.append("; the transaction was rolled back on every replica");
                e = new SQLTransactionRollbackException(sb.toString(), SqlStates.NO_QUORUM);
            } else {
                e = new SQLException(sb.toString(), SqlStates.NO_QUORUM);
            }
        }
        abort(e);
        throw e;
    }

    /**
     * The answer the client gets from a decided vote. For rows, the supplier is chosen among the replicas whose
     * rows won: with an ORDER BY, f+1 of them must also agree on the order (ties compared as a multiset), otherwise
     * the statement fails without blaming anyone, since engines may break ties differently; and the labels shown
     * are ones f+1 of them gave, where there are such (engines label unnamed expressions differently, so there may
     * be none: then the first supplier's).
     */
    private Answer supplied(long seq, String what, Vote<Replica> vote, boolean ordered, List<String> labels) throws SQLException {
        Answer a = supplied(seq, what, vote, ordered);
        return labels == null || !(a instanceof Answer.Rows r) ? a : relabelled(r, labels);
    }

    /** The rows under the application dialect's labels, where they differ from the supplier's. */
    private static Answer.Rows relabelled(Answer.Rows r, List<String> labels) {
        List<Column> columns = r.table().columns();
        if (columns.size() != labels.size()) {
            return r;
        }
        List<Column> out = new ArrayList<>(columns.size());
        boolean changed = false;
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            String label = labels.get(i);
            changed |= !c.label().equals(label);
            out.add(c.label().equals(label) ? c : new Column(label, c.name(), c.tableName(), c.schemaName(), c.jdbcType(),
                    c.typeName(), c.className(), c.precision(), c.scale(), c.nullable(), c.displaySize(), c.signed(),
                    c.autoIncrement()));
        }
        return changed ? new Answer.Rows(new ResultTable(out, r.table().rows()), r.digest(), r.order(), r.labels()) : r;
    }

    private Answer supplied(long seq, String what, Vote<Replica> vote, boolean ordered) throws SQLException {
        Answer won = vote.winner().orElseThrow().answer();
        if (!(won instanceof Answer.Rows)) {
            return won;
        }
        int quorum = coordinator.config().quorum();
        // Replicas of the application dialect's engine first: their labels and types are the ones the application
        // expects (Derby labels an unnamed expression by its position, HSQLDB as C1; COUNT is an INTEGER on Derby).
        Engine preferred = coordinator.translator().dialectEngine();
        List<Answer.Rows> agreeing = new ArrayList<>();
        for (boolean wantPreferred : new boolean[] {true, false}) {
            for (Ballot<Replica> b : vote.ballots()) {
                if (vote.agreeing().contains(b.replica()) && (b.replica().engine() == preferred) == wantPreferred) {
                    agreeing.add((Answer.Rows) b.answer());
                }
            }
        }
        List<Answer.Rows> candidates = agreeing;
        if (ordered) {
            candidates = new ArrayList<>();
            for (Answer.Rows r : agreeing) {
                if (agreeing.stream().filter(o -> java.util.Objects.equals(o.order(), r.order())).count() >= quorum) {
                    candidates.add(r);
                }
            }
            if (candidates.isEmpty()) {
                SQLException e = new SQLException("the replicas agree on the rows of seq=" + seq + " (" + what + ") but not on"
                        + " their order: the ORDER BY leaves ties the engines break differently; order by a unique key too",
                        SqlStates.ORDER_DISAGREEMENT);
                abort(e);
                throw e;
            }
        }
        for (Answer.Rows r : candidates) {
            if (agreeing.stream().filter(o -> o.labels().equals(r.labels())).count() >= quorum) {
                return r;
            }
        }
        return candidates.get(0);
    }

    private static VoteRecord record(long seq, String what, Dispatch d, Vote<Replica> vote) {
        List<VoteRecord.ReplicaVote> votes = new ArrayList<>();
        for (Ballot<Replica> b : d.ballots()) {
            votes.add(new VoteRecord.ReplicaVote(b.replica().name(), kindOf(b.answer()), b.answer().digest().hex(),
                    vote.agreeing().contains(b.replica())));
        }
        d.silent().forEach((r, why) -> votes.add(new VoteRecord.ReplicaVote(r.name(), "no answer (" + why + ")", "", false)));
        return new VoteRecord(seq, what, votes, vote.decided());
    }

    private SQLException tooFew(long seq, String what, int answered, Map<Replica, String> silent) {
        StringBuilder sb = new StringBuilder("too few healthy replicas for seq=").append(seq).append(" (").append(what)
                .append("): ").append(answered).append(" answered, ").append(coordinator.config().quorum()).append(" needed;");
        for (Replica r : coordinator.replicas()) {
            String why = silent.get(r);
            sb.append(' ').append(r.name()).append('=').append(why != null ? "no answer (" + why + ")" : r.state());
        }
        return new SQLNonTransientConnectionException(sb.toString(), SqlStates.CONNECTION_FAILURE);
    }

    /** The error the quorum agreed on, as the supplying replica raised it, with Chorus's context appended. */
    private static SQLException agreedError(SQLException e, long seq, Vote<Replica> vote) {
        return Errors.withContext(e, "replicas " + names(vote.agreeing()) + " agreed at seq=" + seq);
    }

    private static String summary(Answer a) {
        return kindOf(a) + " " + a.digest().shortHex();
    }

    private static String kindOf(Answer a) {
        String what;
        if (a instanceof Answer.Rows r) {
            what = r.table().rowCount() + (r.table().rowCount() == 1 ? " row" : " rows");
        } else if (a instanceof Answer.Count c) {
            what = "count " + c.count();
        } else if (a instanceof Answer.Failure f) {
            what = "error " + f.error().getSQLState();
        } else if (a instanceof Answer.Batch b) {
            what = b.toString();
        } else {
            what = "ok";
        }
        return what;
    }

    private static String names(List<Replica> replicas) {
        StringBuilder sb = new StringBuilder();
        for (Replica r : replicas) {
            sb.append(sb.length() == 0 ? "" : ", ").append(r.name());
        }
        return sb.toString();
    }

    private static String describe(StatementRequest req) {
        String method = switch (req.expect()) {
            case ROWS -> "executeQuery";
            case COUNT -> "executeUpdate";
            case ANY -> "execute";
            case BATCH -> "executeBatch";
        };
        String sql = req.sql().length() > MAX_SQL_IN_MESSAGE ? req.sql().substring(0, MAX_SQL_IN_MESSAGE) + "..." : req.sql();
        return method + " '" + sql + "'";
    }

    private static <T> Future<T> submit(Replica r, java.util.concurrent.Callable<T> task) {
        try {
            return r.submit(task);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void closeAll(ReplicaSession[] sessions) {
        for (ReplicaSession s : sessions) {
            if (s != null && s.submit(() -> {
                s.close();
                return null;
            }) == null) {
                s.abandon();
            }
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("Connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST);
        }
        if (coordinator.isClosed()) {
            throw new SQLNonTransientConnectionException("Chorus database " + coordinator.config().name() + " is closed",
                    SqlStates.CONNECTION_DOES_NOT_EXIST);
        }
    }
}
