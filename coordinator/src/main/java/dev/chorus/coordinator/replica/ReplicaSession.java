package dev.chorus.coordinator.replica;

import dev.chorus.coordinator.Engine;

import dev.chorus.coordinator.GeneratedKeys;
import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.Param;
import dev.chorus.coordinator.StatementRequest;
import dev.chorus.coordinator.translate.CapturePlan;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.writeset.Digest;
import dev.chorus.writeset.WriteSet;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client session's own connection to one replica. Every method except {@link #cancel()} runs on the replica's
 * thread (the coordinator submits them there), so the connection and the statement cache are confined to it.
 */
public final class ReplicaSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    /** Prepared statements kept open per connection; an application with more distinct SQL re-prepares. */
    private static final int PREPARED_CACHE_SIZE = 128;

    private final Replica replica;
    /** The engine of the database this session's connection reaches (a replica moved later is reached anew). */
    private final Engine engine;
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > PREPARED_CACHE_SIZE) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private volatile Statement running;
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    /** The savepoints set in the open transaction, by name. */
    private final Map<String, Savepoint> savepoints = new java.util.HashMap<>();
    private long schemaEpoch;
    /** The open transaction's write set, captured statement by statement. */
    private final WriteCapture capture;

    /**
     * This session's own thread on this replica: sessions run side by side on a replica, each in its own connection,
     * and one that waits inside the engine (for a lock another transaction holds there) holds up no other session.
     */
    private final java.util.concurrent.ExecutorService thread;

    /** See {@link #executeAndPrepareWriteSet}. */
    private volatile Answer preparedWriteSet;

    /** The replica's database generation this session's connection belongs to. */
    private final int generation;

    /**
     * @param generation the replica's {@link Replica#generation()} read before the connection was taken
     */
    public ReplicaSession(Replica replica, Connection connection, int generation) {
        this.replica = replica;
        this.engine = replica.engine();
        this.connection = connection;
        this.generation = generation;
        this.capture = new WriteCapture(engine, replica.approximateDigits(), sql -> prepare(sql, GeneratedKeys.NONE));
        this.thread = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.MILLISECONDS,
                new SpinningQueue<>(), r -> {
            Thread t = new Thread(r, "chorus-" + replica.name() + "-session");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs a call on this session's thread on the replica; null when the replica is not usable (DOWN) or this
     * session's thread was stopped.
     */
    public <T> java.util.concurrent.Future<T> submit(java.util.concurrent.Callable<T> task) {
        if (!replica.usable()) {
            return null;
        }
        queued.incrementAndGet();
        try {
            return thread.submit(() -> {
                try {
                    return task.call();
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            return null;
        }
    }

    /**
     * Runs a task on this session's thread whatever the replica's state (for recovery, which works on SUSPECT
     * replicas); null when the thread was stopped.
     */
    public <T> java.util.concurrent.Future<T> submitAnyway(java.util.concurrent.Callable<T> task) {
        try {
            return thread.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return null;
        }
    }

    /** Opens a session on the replica's current database (on the calling thread). */
    public static ReplicaSession connect(Replica replica) throws SQLException {
        int generation = replica.generation();
        return new ReplicaSession(replica, replica.connect(), generation);
    }

    /** The replica's database this session's connection is to ({@link Replica#generation()}). */
    public int generation() {
        return generation;
    }

    /** Whether the connection is to the replica's current database (state transfer may have swapped in another). */
    public boolean current() {
        return generation == replica.generation();
    }

    /** This session's connection to the replica: only for tasks running on its thread ({@link #submitAnyway}). */
    public Connection connection() {
        return connection;
    }

    /** Calls submitted to this session's thread that have not finished: more than none means it is behind. */
    public int queued() {
        return queued.get();
    }

    public Replica replica() {
        return replica;
    }

    /**
     * One statement execution as this replica's engine runs it.
     *
     * @param sql    the engine's text
     * @param params the values of its placeholders in order; null to run it as a plain statement
     */
    public record Entry(String sql, List<Param> params) {
    }

    /**
     * What a replica runs for one request: the entries (one, or one per batch entry), a check to run first, and
     * statements that keep Chorus's own replicated state (its catalog of generated columns) in step, run after a
     * successful statement in the same transaction.
     *
     * @param entries the executions; more than one only for a batch
     * @param keys    the generated keys to ask the engine for
     * @param orderBy the statement's top-level ORDER BY items, or null
     * @param guard   IF [NOT] EXISTS checked by Chorus, or null
     * @param extras  Chorus's bookkeeping statements, run after success
     * @param captures per entry, how to read back the rows it changes (null for none); null when nothing is captured
     */
    public record Work(List<Entry> entries, GeneratedKeys keys, List<String> orderBy, Translation.Guard guard, List<Entry> extras,
                       List<Capture> captures) {
        Capture capture(int entry) {
            return captures == null ? null : captures.get(entry);
        }
    }

    /**
     * One execution's capture of the rows it changes.
     *
     * @param plan   the statement's plan
     * @param params the values of the placeholders of the plan's read for this engine, in order
     */
    public record Capture(CapturePlan plan, List<Param> params) {
    }

    /**
     * Runs one request and returns the replica's canonical answer. An error the replica reports about the
     * statement is an answer ({@link Answer.Failure}) and is voted on.
     *
     * @param schemaEpoch the coordinator's count of schema changes: prepared statements from before a change are
     *                    dropped, because some engines (HSQLDB) keep them bound to a dropped table
     * @throws SQLException only when the replica's connection failed: that is no answer at all
     */
    public Answer execute(StatementRequest req, Work work, long schemaEpoch) throws SQLException {
        if (schemaEpoch != this.schemaEpoch) {
            closePrepared();
            this.schemaEpoch = schemaEpoch;
        }
        Canonicalizer canon = replica.canonicalizer();
        try {
            Answer a;
            if (work.guard() != null && !guardHolds(work.guard())) {
                a = canon.count(0, null);
            } else {
                a = req.expect() == StatementRequest.Expect.BATCH ? batch(req, work, canon) : single(req, work, canon);
            }
            if (!(a instanceof Answer.Failure) && !(a instanceof Answer.Batch b && b.error() != null)) {
                for (Entry extra : work.extras()) {
                    Statement st = run(extra, GeneratedKeys.NONE, 0);
                    running = null;
                    if (extra.params() == null) {
                        st.close();
                    }
                }
            }
            replica.answered();
            return a;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            replica.answered();
            return canon.failure(e);
        }
    }

    /**
     * Runs a statement that is its transaction's only one ({@link #execute}), then ends the transaction here:
     * commits, or rolls back when the statement failed. A failure to end it is the answer.
     */
    public Answer executeAndEnd(StatementRequest req, Work work, long schemaEpoch) throws SQLException {
        Answer a = execute(req, work, schemaEpoch);
        savepoints.clear();
        capture.clear();
        // part of the statement's answer, not one of its own
        Answer end = answer(canon -> {
            if (a instanceof Answer.Failure) {
                connection.rollback();
            } else {
                connection.commit();
            }
            return canon.done(null);
        }, false);
        return end instanceof Answer.Failure ? end : a;
    }

    /**
     * Runs a captured write ({@link #execute}) and, when it succeeded, reads the transaction's write set as it now
     * stands ({@link #writeSet}) in the same call, so that a commit that follows can vote on it without another
     * round to the replicas ({@link #preparedWriteSet}).
     */
    public Answer executeAndPrepareWriteSet(StatementRequest req, Work work, long schemaEpoch) throws SQLException {
        preparedWriteSet = null;
        Answer a = execute(req, work, schemaEpoch);
        if (!(a instanceof Answer.Failure)) {
            preparedWriteSet = writeSet();
        }
        return a;
    }

    /**
     * The write set {@link #executeAndPrepareWriteSet} read with the statement this session answered last, or null;
     * for the client thread once it has the statement's answer.
     */
    public Answer preparedWriteSet() {
        return preparedWriteSet;
    }

    /**
     * Runs a query on a table of Chorus's own (its catalog); the rows are voted like any answer. When the table does
     * not exist (yet) the answer is an update count of -1, the same on every engine (their errors would differ).
     */
    public Answer query(String schema, String table, String sql) throws SQLException {
        Canonicalizer canon = replica.canonicalizer();
        try (ResultSet t = connection.getMetaData().getTables(null, schema, table, null)) {
            if (!t.next()) {
                replica.answered();
                return canon.count(-1, null);
            }
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            replica.answered();
            return canon.rows(rs, 0, null);
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            replica.answered();
            return canon.failure(e);
        }
    }

    private boolean guardHolds(Translation.Guard g) throws SQLException {
        String schema = g.schema() != null ? g.schema() : connection.getSchema();
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, g.table(), null)) {
            return rs.next() == g.mustExist();
        }
    }

    /** Executes one entry; the statement stays open (as {@link #running}) until the caller has read it. */
    private Statement run(Entry e, GeneratedKeys keys, int maxRows) throws SQLException {
        if (e.params() != null) {
            PreparedStatement ps = prepare(e.sql(), keys);
            ps.setMaxRows(maxRows);
            running = ps;
            bind(ps, e.params());
            ps.execute();
            return ps;
        }
        Statement st = connection.createStatement();
        try {
            st.setMaxRows(maxRows);
            running = st;
            keys.execute(st, e.sql());
            return st;
        } catch (SQLException ex) {
            st.close();
            throw ex;
        }
    }

    private Answer single(StatementRequest req, Work work, Canonicalizer canon) throws SQLException {
        Savepoint sp = statementSavepoint();
        try {
            Answer a = singleStatement(req, work, canon);
            releaseStatementSavepoint(sp);
            return a;
        } catch (SQLException ex) {
            rollbackStatement(sp, ex);
            throw ex;
        }
    }

    private Answer singleStatement(StatementRequest req, Work work, Canonicalizer canon) throws SQLException {
        Entry e = work.entries().get(0);
        Statement st = null;
        WriteCapture.Before before = null;
        try {
            if (work.capture(0) != null) {
                before = captureBefore(work.capture(0));
            }
            long truncated = rowsTruncated(e.sql());
            st = run(e, work.keys(), req.maxRows());
            ResultSet rows = truncated >= 0 ? null : st.getResultSet();
            if (rows != null) {
                try (ResultSet rs = rows) {
                    return canon.rows(rs, req.maxRows(), work.orderBy());
                }
            }
            long count = truncated >= 0 ? truncated : st.getUpdateCount();
            Answer a = canon.count(count, work.keys().wanted() ? keys(st, canon) : null);
            if (before != null) {
                captureAfter(before);
            }
            return a;
        } finally {
            running = null;
            if (st != null && e.params() == null) {
                st.close();
            }
        }
    }

    private static final java.util.regex.Pattern TRUNCATE = java.util.regex.Pattern.compile(
            "(?is)\\s*truncate\\s+table\\s+(\"[^\"]+\"(?:\\.\"[^\"]+\")?|[\\w.]+).*");

    /**
     * For a {@code TRUNCATE TABLE}, the rows the table holds (read first, in the same transaction): H2 and HSQLDB
     * report them as the statement's count, Derby and PostgreSQL 0. -1 for any other statement.
     */
    private long rowsTruncated(String sql) throws SQLException {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        if (!sql.regionMatches(true, start, "truncate", 0, 8)) {
            return -1; // every other statement: no regex on the statement path
        }
        java.util.regex.Matcher m = TRUNCATE.matcher(sql);
        if (!m.matches()) {
            return -1;
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + m.group(1))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs a batch entry by entry and stops at the first failure on every engine alike (natively, some engines
     * go on after a failed entry and others do not, which would leave replicas different).
     */
    private Answer batch(StatementRequest req, Work work, Canonicalizer canon) throws SQLException {
        int n = work.entries().size();
        long[] counts = new long[n];
        List<Answer.Rows> keys = work.keys().wanted() ? new ArrayList<>() : null;
        for (int i = 0; i < n; i++) {
            Entry e = work.entries().get(i);
            Statement st = null;
            Savepoint sp = null;
            try {
                sp = statementSavepoint();
                WriteCapture.Before before = work.capture(i) == null ? null : captureBefore(work.capture(i));
                st = run(e, work.keys(), 0);
                ResultSet rows = st.getResultSet();
                if (rows != null) {
                    rows.close();
                    throw new SQLException("batch entry " + (i + 1) + " returned rows; a batch may only contain updates", "21000");
                }
                counts[i] = st.getUpdateCount();
                if (keys != null) {
                    keys.add(keys(st, canon));
                }
                if (before != null) {
                    captureAfter(before);
                }
                releaseStatementSavepoint(sp);
            } catch (SQLException ex) {
                if (isConnectionFailure(ex)) {
                    throw ex;
                }
                rollbackStatement(sp, ex);
                return canon.batch(Arrays.copyOf(counts, i), ex, keys);
            } finally {
                running = null;
                if (st != null && e.params() == null) {
                    st.close();
                }
            }
        }
        return canon.batch(counts, null, keys);
    }

    /**
     * On PostgreSQL, a savepoint before each statement: a failed statement there aborts the whole transaction (25P02
     * for every later statement), where the other engines undo only the statement. Chorus sets it itself rather than
     * the driver's {@code autosave}: the driver's would also enclose the application's own {@code SAVEPOINT} and
     * release it with its own, and without releasing them a long transaction piles up subtransactions (PostgreSQL
     * slows down past 64). Null on the other engines.
     */
    private Savepoint statementSavepoint() throws SQLException {
        // replica connections are always in manual-commit mode (Replica's pool)
        return engine == Engine.POSTGRESQL ? connection.setSavepoint() : null;
    }

    private void releaseStatementSavepoint(Savepoint sp) throws SQLException {
        if (sp != null) {
            connection.releaseSavepoint(sp);
        }
    }

    private void rollbackStatement(Savepoint sp, SQLException cause) {
        if (sp != null && !isConnectionFailure(cause)) {
            try {
                connection.rollback(sp);
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }

    /** Reads what a capture needs before its statement runs; a failure there is the statement's answer. */
    private WriteCapture.Before captureBefore(Capture c) throws SQLException {
        try {
            return capture.before(c, connection);
        } catch (SQLException e) {
            throw captureFailed(e);
        }
    }

    /** Reads back what a statement changed; a failure there is the statement's answer, and its transaction cannot commit. */
    private void captureAfter(WriteCapture.Before before) throws SQLException {
        try {
            capture.after(before, connection);
        } catch (SQLException e) {
            throw captureFailed(e);
        }
    }

    private SQLException captureFailed(SQLException e) {
        if (isConnectionFailure(e)) {
            return e;
        }
        SQLException failed = new SQLException("Chorus could not read back the rows the statement changed on replica "
                + replica.name() + " (" + e.getSQLState() + ": " + e.getMessage() + "); the transaction cannot commit",
                dev.chorus.coordinator.SqlStates.CAPTURE_FAILED, e);
        capture.failed(failed);
        return failed;
    }

    /**
     * The open transaction's effective write set, as an answer whose digest is the write set's: what replicas vote
     * on before a commit. A failure when its changes could not all be read back.
     */
    public Answer writeSet() throws SQLException {
        return answer(canon -> {
            if (capture.failure() != null) {
                return canon.failure(capture.failure());
            }
            return new Answer.Done(capture.writeSet(), capture.digest());
        });
    }

    private void bind(PreparedStatement ps, List<Param> params) throws SQLException {
        ps.clearParameters();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).bind(ps, i + 1, engine);
        }
    }

    private static Answer.Rows keys(Statement st, Canonicalizer canon) throws SQLException {
        try (ResultSet rs = st.getGeneratedKeys()) {
            return canon.rows(rs, 0, null);
        }
    }

    /** Runs a metadata reader; its normalised table is digested in the order the reader produced it. */
    public Answer metadata(MetadataReader reader) throws SQLException {
        return answer(canon -> {
            java.sql.DatabaseMetaData md = connection.getMetaData();
            return canon.table(reader.read(engine == Engine.POSTGRESQL ? PostgresMetaData.wrap(md) : md,
                    connection.getSchema()));
        });
    }

    public Answer commit() throws SQLException {
        return commit(null);
    }

    /**
     * Commits, when this replica's write set is the one f+1 replicas agreed on ({@code expected}); otherwise rolls
     * back and answers with an error (the replica wrote something else: it is faulty).
     *
     * @param expected the agreed write set's digest, or null to commit without comparing
     */
    public Answer commit(Digest expected) throws SQLException {
        savepoints.clear();
        if (expected != null && !capture.matches(expected)) {
            String why = capture.failure() != null ? "its write set is unknown (" + capture.failure().getMessage() + ")"
                    : "its write set " + capture.digest().shortHex() + " differs from the one the quorum agreed on, "
                    + expected.shortHex();
            capture.clear();
            return control(() -> {
                connection.rollback();
                throw new SQLException("replica " + replica.name() + " did not commit: " + why + "; it rolled back",
                        dev.chorus.coordinator.SqlStates.WRITE_SET_DIFFERS);
            });
        }
        capture.clear();
        return control(() -> {
            connection.commit();
            return null;
        });
    }

    public Answer rollback() throws SQLException {
        savepoints.clear();
        capture.clear();
        return control(() -> {
            connection.rollback();
            return null;
        });
    }

    /** Sets a savepoint, kept under its name for {@link #rollback(String)} and {@link #release(String)}. */
    public Answer setSavepoint(String name) throws SQLException {
        return control(() -> {
            savepoints.put(name, connection.setSavepoint(name));
            capture.savepoint(name);
            return null;
        });
    }

    public Answer rollback(String savepoint) throws SQLException {
        return control(() -> {
            connection.rollback(savepoint(savepoint));
            capture.rollbackTo(savepoint);
            return null;
        });
    }

    public Answer release(String savepoint) throws SQLException {
        return control(() -> {
            connection.releaseSavepoint(savepoint(savepoint));
            savepoints.remove(savepoint);
            capture.release(savepoint);
            return null;
        });
    }

    private Savepoint savepoint(String name) throws SQLException {
        Savepoint sp = savepoints.get(name);
        if (sp == null) {
            throw new SQLException("savepoint " + name + " was not set on replica " + replica.name(), dev.chorus.coordinator.SqlStates.INVALID_SAVEPOINT);
        }
        return sp;
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        return connection.isValid(timeoutSeconds);
    }

    private interface Control {
        Object run() throws SQLException;
    }

    private Answer control(Control c) throws SQLException {
        return answer(canon -> canon.done(c.run()));
    }

    private interface Call {
        Answer run(Canonicalizer canon) throws SQLException;
    }

    /**
     * A call's answer, or its error as an answer (the replica answered with an error); a failed connection is no
     * answer and is thrown.
     */
    private Answer answer(Call call) throws SQLException {
        return answer(call, true);
    }

    /** @param counted whether the answer counts as one of the replica's answers ({@link Replica#answered}) */
    private Answer answer(Call call, boolean counted) throws SQLException {
        try {
            Answer a = call.run(replica.canonicalizer());
            if (counted) {
                replica.answered();
            }
            return a;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            return replica.canonicalizer().failure(e);
        }
    }

    /**
     * Rolls back this session's open transaction on a replica that is no longer used (SUSPECT), so that it holds no
     * locks in its engine and keeps nothing of a transaction the others ended: on its own thread, after what is
     * queued there, whatever the replica's state.
     */
    public void rollbackAside() {
        try {
            thread.submit(this::rollbackUnused);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("replica {} session already stopped", replica.name());
        }
    }

    /**
     * {@link #rollbackAside} on this session's own thread, now: for a commit or rollback that was not run because the
     * replica was given up while it waited, so that the connection keeps no half of the transaction (and no locks in
     * its engine) for when the replica is repaired and used again.
     */
    public void rollbackUnused() {
        savepoints.clear();
        capture.clear();
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback on unused replica {}: {}", replica.name(), e.toString());
        }
    }

    /** Cancels the statement running now, if any. Called from other threads. */
    public void cancel() {
        Statement s = running;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("cancel on replica {} failed: {}", replica.name(), e.toString());
            }
        }
    }

    /** Rolls back whatever is open and closes the connection. */
    public void close() {
        thread.shutdown();
        closePrepared();
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback at close on replica {}: {}", replica.name(), e.toString());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("close on replica {}: {}", replica.name(), e.toString());
        }
    }

    private void closePrepared() {
        for (PreparedStatement ps : prepared.values()) {
            closeQuietly(ps);
        }
        prepared.clear();
    }

    /**
     * Closes the connection without the replica's thread: for replicas that are DOWN. It rolls back first, because
     * some engines (Derby) refuse to close a connection with an open transaction. Both run on a thread of their own:
     * the session's thread may be stuck in a statement that hangs, and an engine may make a rollback on its
     * connection wait for that statement (HSQLDB does); whoever abandons the session must not wait too.
     */
    public void abandon() {
        thread.shutdownNow();
        Thread closer = new Thread(() -> {
            try {
                connection.rollback();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("rollback before abandoning a connection to replica {}: {}", replica.name(), e.toString());
            }
            // never back into the pool: it may hang
            replica.evict(connection);
        }, "chorus-" + replica.name() + "-abandon");
        closer.setDaemon(true);
        closer.start();
    }

    /** Whether an exception means the connection, not the statement, failed: then the replica gave no answer. */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException || (state != null && (state.startsWith("08")
                // the server is going away: shut down by an operator or crashing (PostgreSQL's 57P01, 57P02, 57P03)
                || state.startsWith("57P")));
    }

    private PreparedStatement prepare(String sql, GeneratedKeys keys) throws SQLException {
        String key = keys.cacheKey() + '\u0000' + sql;
        PreparedStatement ps = prepared.get(key);
        if (ps == null || ps.isClosed()) {
            ps = keys.prepare(connection, sql);
            prepared.put(key, ps);
        }
        return ps;
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement: {}", e.toString());
        }
    }
}
