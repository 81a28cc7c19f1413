package dev.chorus.coordinator;

import dev.chorus.coordinator.capture.TableImage;
import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.Resource;
import dev.chorus.coordinator.recovery.ForeignKeys;
import dev.chorus.coordinator.recovery.NewDatabases;
import dev.chorus.coordinator.recovery.Replay;
import dev.chorus.coordinator.replica.DerbyFunctions;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.translate.CapturePlan;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.Translator;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.checkpoint.Checkpoint;
import dev.chorus.writeset.checkpoint.CheckpointCorruptException;
import dev.chorus.writeset.checkpoint.CheckpointWriter;
import dev.chorus.writeset.checkpoint.Checkpoints;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State transfer (DESIGN.md, "Checkpoints, state transfer and recovery"): a replica gets a new database, of its
 * engine or another, built while the service goes on, and is switched over to it under a short pause.
 * <ol>
 *   <li>A new, empty database (in memory, or under {@code dataDir/replicas/}) gets the schema: every schema change
 *       made through Chorus ({@code SchemaHistory}), translated for its engine; its foreign keys are taken off.</li>
 *   <li>From then on every commit's agreed write set is queued for it as well.</li>
 *   <li>Its rows come from the last checkpoint (<b>log-based</b>: the checkpoint's blocks, each checked against its
 *       SHA-256, then the log from the checkpoint to the start of the queue), or, when there is no usable checkpoint
 *       (none, made before a schema change, or corrupt), from the replicas themselves (<b>snapshot-based</b>): each
 *       table is read on every healthy replica under a shared lock on that table alone (writes to it wait, the rest
 *       of the service goes on), and the image f+1 of them agree on is taken, so a replica that got it wrong is
 *       outvoted. With a log directory a snapshot is kept as the next checkpoint.</li>
 *   <li>The queued commits are replayed (a replayed change is right whatever the row was, so a snapshot read while
 *       commits went on is made exact); the foreign keys are put back, which checks them; replay goes on until
 *       the queue is short.</li>
 *   <li>Under the exclusive database lock: the last commits are replayed, Chorus's identity counters copied from
 *       the state f+1 replicas agree on, and the replica switched to the new database; sessions reconnect at their
 *       next transaction. The old database is dropped.</li>
 * </ol>
 * One transfer runs at a time. A schema change during a transfer makes it fail (it is retried later).
 */
public final class StateTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(StateTransfer.class);
    /** Queued commits replayed under the pause at most, before it is taken; more means replay longer first. */
    private static final int SHORT_QUEUE = 32;
    /** Queued commits at most: a transfer that cannot keep up fails rather than fill the heap. */
    private static final int MAX_QUEUE = 500_000;
    /** Rows per INSERT when loading. */
    private static final int ROWS_PER_INSERT = 64;
    /** Checkpoints kept in {@code log/checkpoints}. */
    static final int CHECKPOINTS_KEPT = 2;

    /**
     * What a transfer did.
     *
     * @param source          {@code checkpoint N} or {@code snapshot}
     * @param rowsLoaded      rows written to the new database from the checkpoint or snapshot
     * @param bytesLoaded     bytes of canonical write-set text transferred (checkpoint blocks and log records, or
     *                        the agreed snapshot images)
     * @param commitsReplayed commits replayed from the log and the queue
     * @param pause           how long the exclusive database lock was held (and waited for)
     */
    public record Report(String replica, Engine from, Engine to, String source, long rowsLoaded, long bytesLoaded,
                         long commitsReplayed, Duration total, Duration pause, String database) {
    }

    /** Where a running transfer stands, for the status view. */
    public record Progress(String replica, Engine engine, String phase, long rowsLoaded, long rowsExpected,
                           long commitsReplayed, int queued) {
    }

    private record Commit(long seq, WriteSet ws) {
    }

    private final Coordinator coordinator;
    private final Replica target;
    private final Engine engine;
    private final ReplicaConfig fresh;
    private final LinkedBlockingQueue<Commit> queue = new LinkedBlockingQueue<>();
    private volatile boolean overflow;
    private volatile String phase = "preparing";
    private final AtomicLong rows = new AtomicLong();
    private volatile long rowsExpected;
    private final AtomicLong replayed = new AtomicLong();
    private long bytes;
    private long lastApplied;
    private final long started = System.nanoTime();

    private StateTransfer(Coordinator coordinator, Replica target, Engine engine, ReplicaConfig fresh) {
        this.coordinator = coordinator;
        this.target = target;
        this.engine = engine;
        this.fresh = fresh;
    }

    Progress progress() {
        return new Progress(target.name(), engine, phase, rows.get(), rowsExpected, replayed.get(), queue.size());
    }

    /** Whether Chorus can make a new database for the replica (see {@link NewDatabases}). */
    static boolean possible(Coordinator coordinator, Replica r) {
        return NewDatabases.next(coordinator.config(), r.config(), r.engine()) != null;
    }

    /**
     * Moves a replica to a new database of the given engine (its own when null).
     *
     * @throws SQLException 0A000 when Chorus cannot make a database for it (a server replica), 55000 when another
     *                      transfer runs or too few healthy replicas would remain, or why the transfer failed (the
     *                      replica is left as it was)
     */
    static Report run(Coordinator coordinator, String replicaName, Engine engine) throws SQLException {
        Replica target = coordinator.replicas().stream().filter(r -> r.name().equals(replicaName)).findFirst()
                .orElseThrow(() -> new SQLException("no replica named " + replicaName + " in " + coordinator.config().name(),
                        SqlStates.INVALID_ARGUMENT));
        Engine to = engine == null ? target.engine() : engine;
        ReplicaConfig fresh = NewDatabases.next(coordinator.config(), target.config(), to);
        if (fresh == null) {
            throw new SQLFeatureNotSupportedException("Chorus cannot make a new " + to.displayName() + " database for replica "
                    + replicaName + " (" + target.config().displayUrl() + "): only embedded engines, in memory or under dataDir",
                    "0A000");
        }
        long others = coordinator.replicas().stream().filter(r -> r != target && r.usable()).count();
        if (others < coordinator.config().quorum()) {
            throw new SQLException("cannot transfer state to " + replicaName + ": only " + others + " other replicas are healthy, "
                    + coordinator.config().quorum() + " must hold the quorum meanwhile", SqlStates.INVALID_TRANSACTION_STATE);
        }
        StateTransfer t = new StateTransfer(coordinator, target, to, fresh);
        if (!coordinator.transferStarted(t)) {
            throw new SQLException("another state transfer is running", SqlStates.INVALID_TRANSACTION_STATE);
        }
        try {
            return t.run();
        } finally {
            coordinator.transferEnded(t);
        }
    }

    private Report run() throws SQLException {
        Coordinator.CommitListener tee = (seq, ws) -> {
            if (queue.size() >= MAX_QUEUE) {
                overflow = true;
            } else {
                queue.add(new Commit(seq, ws));
            }
        };
        Engine from = target.engine();
        boolean[] swapped = {false};
        try (CoordinatorSession session = coordinator.openMaintenanceSession();
             Connection db = open(fresh)) {
            long epoch = coordinator.schemaEpoch();
            List<CapturePlan.Table> tables = session.underLocks(List.of(), () -> coordinator.translator().tables());
            List<ForeignKeys.Definition> fks = createSchema(db, epoch);
            lastApplied = coordinator.addCommitListener(tee);
            String source = null;
            Path checkpoints = coordinator.config().logDir() == null ? null : coordinator.config().logDir().resolve("checkpoints");
            Checkpoint cp = Checkpointing.newestUsable(checkpoints, coordinator.schemaHistory().statements(), lastApplied);
            if (cp != null) {
                try {
                    if (loadCheckpoint(db, cp, tables)) {
                        source = "checkpoint " + cp.seq();
                    }
                } catch (CheckpointCorruptException e) {
                    LOG.error("state transfer to {}: {}; the checkpoint is set aside and the state taken from the replicas", target.name(),
                            e.getMessage());
                    Checkpointing.quarantine(cp.dir());
                }
                if (source == null) {
                    emptyTables(db, tables);
                    rows.set(0);
                    bytes = 0;
                    replayed.set(0);
                }
            }
            if (source == null) {
                snapshot(session, db, tables, checkpoints);
                source = "snapshot";
            }
            Map<String, Integer> depths = depths(fks, db.getSchema());
            phase = "replaying";
            drain(db, new Replay(engine), Integer.MAX_VALUE);
            phase = "checking foreign keys";
            ForeignKeys.add(db, fks);
            db.commit();
            phase = "catching up";
            Replay replay = new Replay(engine, depths);
            for (int round = 0; round < 100 && queue.size() > SHORT_QUEUE; round++) {
                drain(db, replay, Integer.MAX_VALUE);
            }
            phase = "switching";
            long[] pause = new long[1];
            String how = source;
            long asked = System.nanoTime();
            Replica.Retired[] old = new Replica.Retired[1];
            try {
                session.underDatabaseLock(LockMode.X, () -> {
                    awaitQuiet();
                    if (coordinator.schemaEpoch() != epoch) {
                        throw new SQLException("the schema changed during the state transfer to " + target.name() + "; it is abandoned",
                                SqlStates.INVALID_TRANSACTION_STATE);
                    }
                    drain(db, replay, Integer.MAX_VALUE);
                    copyCounters(session, db, tables);
                    db.commit();
                    coordinator.removeCommitListener(tee);
                    old[0] = target.swapDatabase(fresh, "state transfer (" + how + ") to a new " + engine.displayName()
                            + " database at commit " + lastApplied);
                    swapped[0] = true; // from here on the new database is the replica's, whatever fails after
                    coordinator.writeState(true);
                    pause[0] = System.nanoTime() - asked;
                    return null;
                });
            } finally {
                if (old[0] != null) {
                    Replica.Retired retired = old[0];
                    Replica.releaseInBackground(retired, coordinator.config().name(),
                            () -> NewDatabases.delete(coordinator.config(), retired.config()));
                }
            }
            phase = "done";
            Report r = new Report(target.name(), from, engine, source, rows.get(), bytes, replayed.get(),
                    Duration.ofNanos(System.nanoTime() - started), Duration.ofNanos(pause[0]), fresh.displayUrl());
            LOG.info("state transfer done: {}", r);
            return r;
        } catch (IOException e) {
            throw new SQLException("state transfer to " + target.name() + " failed: " + e, SqlStates.CONNECTION_FAILURE, e);
        } finally {
            coordinator.removeCommitListener(tee);
            if (!swapped[0]) {
                phase = "failed";
                Replica.release(new Replica.Retired(fresh, null), coordinator.config().name());
                NewDatabases.delete(coordinator.config(), fresh);
            }
        }
    }

    private static Connection open(ReplicaConfig db) throws SQLException {
        Connection c = DriverManager.getConnection(db.url(), db.credentials());
        c.setAutoCommit(false);
        return c;
    }

    // ---- schema ------------------------------------------------------------------------------------------

    /** Runs the schema history on the new database; returns its foreign keys, which are dropped. */
    private List<ForeignKeys.Definition> createSchema(Connection db, long epoch) throws SQLException {
        phase = "creating the schema";
        if (engine == Engine.DERBY) {
            DerbyFunctions.install(db);
            db.commit();
        }
        try (Statement st = db.createStatement()) {
            for (String sql : coordinator.schemaHistory().statements()) {
                var analysis = coordinator.analyse(sql);
                var translation = coordinator.translator().translate(analysis, epoch);
                StatementRequest req = new StatementRequest(sql, List.of(), List.of(), StatementRequest.Expect.ANY,
                        GeneratedKeys.NONE, 0, 0);
                ReplicaSession.Work work = BoundStatement.bind(req, List.of(translation), coordinator.generated(), false).work(engine);
                for (ReplicaSession.Entry e : work.entries()) {
                    try {
                        st.execute(e.sql());
                    } catch (SQLException ex) {
                        if (work.guard() == null) {
                            throw new SQLException("the new " + engine.displayName() + " database for " + target.name()
                                    + " refused the schema change '" + sql + "': " + ex.getMessage(), ex.getSQLState(), ex);
                        }
                        // IF [NOT] EXISTS: Chorus checks that itself; here the statement simply does not apply
                    }
                }
                db.commit();
            }
            if (coordinator.generated().tableCreated()) {
                st.execute(GeneratedColumns.CREATE_SCHEMA);
                st.execute(GeneratedColumns.CREATE_TABLE);
                db.commit();
            }
        }
        List<ForeignKeys.Definition> fks = ForeignKeys.read(db);
        ForeignKeys.drop(db, fks);
        db.commit();
        return fks;
    }

    private static Map<String, Integer> depths(List<ForeignKeys.Definition> fks, String defaultSchema) {
        Map<String, Set<String>> refs = new HashMap<>();
        for (ForeignKeys.Definition d : fks) {
            refs.computeIfAbsent(d.tableKey(defaultSchema), k -> new java.util.HashSet<>()).add(d.parentKey(defaultSchema));
        }
        return Replay.depths(refs);
    }

    // ---- loading -----------------------------------------------------------------------------------------

    /**
     * Loads the checkpoint and replays the log from it to {@link #lastApplied}.
     *
     * @return false when the log cannot give those commits (a damaged block, a missing commit): the new database then
     *         holds a part of them and the state is to be taken from the replicas instead; the checkpoint is sound
     * @throws CheckpointCorruptException when the checkpoint does not match its digests
     * @throws SQLException when the new database fails
     */
    private boolean loadCheckpoint(Connection db, Checkpoint cp, List<CapturePlan.Table> tables) throws IOException, SQLException {
        phase = "loading checkpoint " + cp.seq();
        rowsExpected = cp.tables().stream().mapToLong(dev.chorus.writeset.checkpoint.TableEntry::rows).sum();
        Loader loader = new Loader(db);
        try {
            cp.read((table, ws) -> {
                try {
                    loader.insert(ws);
                    db.commit();
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            });
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw e;
        }
        bytes += cp.bytes();
        // the commits between the checkpoint and the start of the queue, from the log
        phase = "replaying the log from " + cp.seq();
        if (lastApplied > cp.seq()) {
            Replay replay = new Replay(engine);
            long[] n = {0};
            try {
                coordinator.readLog(cp.seq() + 1, lastApplied, (seq, ws, size) -> {
                    try {
                        bytes += size;
                        replay.apply(db, ws);
                        replayed.incrementAndGet();
                        if (++n[0] % 256 == 0) {
                            db.commit();
                        }
                    } catch (SQLException e) {
                        throw new NewDatabaseFailed(e);
                    }
                });
            } catch (NewDatabaseFailed e) {
                throw e.getCause();
            } catch (SQLException e) {
                // the log itself failed (every exception of the new database is wrapped above)
                LOG.error("state transfer to {}: checkpoint {} cannot be rolled forward to commit {}: {}; the state is taken from the"
                        + " replicas", target.name(), cp.seq(), lastApplied, e.getMessage());
                db.rollback();
                return false;
            }
            db.commit();
        }
        return true;
    }

    /** A failure of the new database while the log is replayed into it, carried through the log reader's visitor. */
    private static final class NewDatabaseFailed extends RuntimeException {
        NewDatabaseFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private void emptyTables(Connection db, List<CapturePlan.Table> tables) throws SQLException {
        DSLContext dsl = DSL.using(db, dialect(engine), settings());
        for (CapturePlan.Table t : tables) {
            dsl.deleteFrom(DSL.table(DSL.name(t.name().split("\\.")))).execute();
        }
        db.commit();
    }

    /**
     * Reads every table from the healthy replicas, one table at a time under a shared lock on it, takes the image
     * f+1 agree on and loads it; with a checkpoint directory, writes the images as the next checkpoint too.
     */
    private void snapshot(CoordinatorSession session, Connection db, List<CapturePlan.Table> tables, Path checkpoints)
            throws SQLException, IOException {
        phase = "snapshot";
        Loader loader = new Loader(db);
        CheckpointWriter writer = null;
        if (checkpoints != null) {
            Files.createDirectories(checkpoints);
            Checkpoints.removeStale(checkpoints);
            try {
                writer = CheckpointWriter.begin(checkpoints, lastApplied, coordinator.schemaHistory().statements());
            } catch (java.nio.file.FileAlreadyExistsException e) {
                writer = null; // a checkpoint of this point exists already
            }
        }
        try {
            for (CapturePlan.Table t : tables) {
                if (t.name().equals(GeneratedColumns.STATE_TABLE_NAME)) {
                    continue; // written by statements that lock the application's tables: copied under the pause
                }
                phase = "snapshot of " + t.name();
                TableImage image = agreedImage(session, t);
                WriteSet ws = image.asWriteSet();
                bytes += ws.toBytes().length;
                if (writer != null) {
                    writer.table(t.name());
                    for (RowChange ch : ws.changes()) {
                        writer.row(ch);
                    }
                }
                loader.insert(ws);
                db.commit();
            }
            if (writer != null) {
                Checkpoint cp = writer.commit();
                writer = null;
                LOG.info("checkpoint {} written from the snapshot: {} tables, {} bytes", cp.seq(), cp.tables().size(), cp.bytes());
                Checkpoints.prune(checkpoints, CHECKPOINTS_KEPT);
            }
        } finally {
            if (writer != null) {
                writer.abort();
            }
        }
    }

    /** One table as f+1 healthy replicas agree on it, read while nobody writes it. */
    private TableImage agreedImage(CoordinatorSession session, CapturePlan.Table t) throws SQLException {
        return session.underLocks(List.of(new LockManager.Request(Resource.table(t.name()), LockMode.S)),
                () -> Checkpointing.agreedTable(coordinator, session, t, session.predecessors(), "snapshot"));
    }

    /** Copies Chorus's identity counters as f+1 replicas hold them (they are not in the write sets). */
    private void copyCounters(CoordinatorSession session, Connection db, List<CapturePlan.Table> tables) throws SQLException {
        for (CapturePlan.Table t : tables) {
            if (!t.name().equals(GeneratedColumns.STATE_TABLE_NAME)) {
                continue;
            }
            TableImage agreed = Checkpointing.agreedTable(coordinator, session, t, session.predecessors(), "state transfer");
            TableImage mine = TableImage.read(db, t.readAll().get(engine), t.name(), t.columns(), t.keyColumns(),
                    coordinator.config().approximateDigits());
            new Replay(engine).apply(db, new WriteSet(mine.changesTo(agreed)));
        }
    }

    // ---- replaying -----------------------------------------------------------------------------------------

    /**
     * Replays queued commits (at most {@code max}), 256 to a transaction on the new database (nobody reads it yet;
     * a commit per replayed commit would cost an engine's own log write each).
     */
    private void drain(Connection db, Replay replay, int max) throws SQLException {
        if (overflow) {
            throw new SQLException("state transfer to " + target.name() + " could not keep up: more than " + MAX_QUEUE
                    + " commits queued", SqlStates.CONNECTION_FAILURE);
        }
        try {
            for (int i = 0; i < max; i++) {
                Commit c = queue.poll();
                if (c == null) {
                    return;
                }
                replay.apply(db, c.ws());
                lastApplied = c.seq();
                replayed.incrementAndGet();
                if (i % 256 == 255) {
                    db.commit();
                }
            }
        } finally {
            db.commit();
        }
    }

    /** Waits until every healthy replica finished what the quorum committed and the target owes nothing. */
    private void awaitQuiet() throws SQLException {
        Duration timeout = coordinator.config().statementTimeout();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!coordinator.awaitCaughtUp(timeout)) {
                throw new SQLException("the healthy replicas did not catch up within " + timeout.toMillis() + " ms",
                        SqlStates.CONNECTION_FAILURE);
            }
            while (target.owedAnswers() > 0 && target.usable()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new SQLException("replica " + target.name() + " still owes " + target.owedAnswers() + " answers",
                            SqlStates.CONNECTION_FAILURE);
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", SqlStates.OPERATION_CANCELED, e);
        }
    }

    private static SQLDialect dialect(Engine engine) {
        return Translator.dialectOf(engine, SQLDialect.DEFAULT);
    }

    private static Settings settings() {
        return new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withExecuteLogging(false);
    }

    /** Inserts rows into empty tables, several per statement. */
    private final class Loader {
        private final DSLContext dsl;

        Loader(Connection db) {
            this.dsl = DSL.using(db, dialect(engine), settings());
        }

        void insert(WriteSet ws) throws SQLException {
            List<RowChange> batch = new ArrayList<>();
            for (RowChange ch : ws.changes()) {
                if (!batch.isEmpty() && (batch.size() >= ROWS_PER_INSERT || !batch.get(0).table().equals(ch.table()))) {
                    flush(batch);
                }
                for (int copy = 0; copy < ch.copies(); copy++) {
                    batch.add(ch);
                }
            }
            flush(batch);
        }

        private void flush(List<RowChange> batch) throws SQLException {
            if (batch.isEmpty()) {
                return;
            }
            RowChange first = batch.get(0);
            List<Field<?>> columns = new ArrayList<>();
            first.columns().forEach(c -> columns.add(DSL.field(DSL.name(c))));
            InsertValuesStepN<?> insert = dsl.insertInto(DSL.table(DSL.name(first.table().split("\\."))), columns);
            for (RowChange ch : batch) {
                List<Field<?>> values = new ArrayList<>();
                for (Object v : ch.image()) {
                    values.add(v == null ? DSL.inline((Object) null) : DSL.val(v));
                }
                insert = insert.values(values);
            }
            try {
                insert.execute();
            } catch (org.jooq.exception.DataAccessException e) {
                throw e.getCause(SQLException.class) != null ? e.getCause(SQLException.class)
                        : new SQLException("loading " + first.table() + " into the new " + engine.displayName() + " database failed: "
                        + e.getMessage(), e);
            }
            rows.addAndGet(batch.size());
            batch.clear();
        }
    }
}
