package dev.chorus.coordinator;

import dev.chorus.coordinator.lock.ConflictOrder;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogOptions;
import dev.chorus.writeset.log.LogWriter;
import dev.chorus.writeset.log.TornTail;
import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.recovery.SchemaHistory;
import dev.chorus.coordinator.recovery.StateFile;
import dev.chorus.coordinator.sql.SqlAnalyzer;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.SchemaCatalog;
import dev.chorus.coordinator.translate.Translator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trusted centre of one Chorus database: it owns the replicas, gives every statement its place in one total
 * order, and hands out {@link CoordinatorSession}s, one per client connection.
 *
 * <p>Concurrency control is the coordinator's ({@link LockManager}): every statement takes the locks its analysis
 * names (rows by primary key, tables, the database for DDL) before it is sent, held to the end of its transaction;
 * transactions that do not conflict run side by side on every replica, conflicting ones one after the other, in
 * the same order everywhere. A transaction's locks are released once f+1 replicas committed it; on a replica that
 * lags behind, later conflicting statements wait until it finished there ({@link ConflictOrder}), and a replica
 * more than {@code maxLag} behind is marked SUSPECT.
 *
 * <p>Thread-safe.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final ChorusConfig config;
    private final List<Replica> replicas;
    private final SqlAnalyzer analyzer = new SqlAnalyzer();
    private final GeneratedColumns generated = new GeneratedColumns();
    private final SchemaCatalog schema = new SchemaCatalog();
    private final Translator translator;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong schemaEpoch = new AtomicLong();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final LockManager locks;
    private final ConflictOrder order;
    /** Checks the replicas' lag (see {@link #checkLag()}). */
    private final java.util.concurrent.ScheduledExecutorService lagMonitor;
    /** Reactive recovery of SUSPECT replicas ({@code recovery=auto}). */
    private final ReactiveRecovery recovery = new ReactiveRecovery(this);
    private final AtomicLong transactions = new AtomicLong();
    private final Set<CoordinatorSession> sessions = ConcurrentHashMap.newKeySet();
    private final List<VoteObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ObjectName jmxName;
    private volatile boolean closed;
    /** The file of the schema history beside the write-set log. */
    public static final String SCHEMA_FILE = "schema.sql";
    private final SchemaHistory schemaHistory;
    /** What the last run left in {@link StateFile}, or null. */
    private final StateFile stateAtStart;
    /** The caught-up mark last written to the state file. */
    private long caughtUpWritten = -1;
    private long caughtUpWrittenAt;
    /** The write-set log, or null when the configuration has none. */
    private final LogWriter log;
    /** Appends take their commit sequence number and their place in the log together. */
    private final Object logOrder = new Object();
    /** The last commit sequence number given out (every non-empty committed write set has one, logged or not). */
    private long logSeq;
    /** Commits not yet ended on every replica, by sequence number; and each transaction's commit sequence number. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> pendingCommits = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final Map<Long, Long> commitOfTransaction = new ConcurrentHashMap<>();
    private final List<CommitListener> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Coordinator(ChorusConfig config) throws SQLException {
        this.config = config;
        this.log = openLog(config);
        this.logSeq = log == null ? 0 : log.lastSeq();
        StateFile state;
        try {
            state = config.logDir() == null ? null : StateFile.read(config.logDir());
            this.schemaHistory = config.logDir() == null ? SchemaHistory.inMemory()
                    : SchemaHistory.open(config.logDir().resolve(SCHEMA_FILE));
        } catch (java.io.IOException | RuntimeException e) {
            closeLog(log, config);
            throw new SQLNonTransientConnectionException("cannot read the coordinator's state beside the write-set log "
                    + config.logDir() + ": " + e, SqlStates.CONNECTION_REJECTED, e);
        }
        this.stateAtStart = state;
        List<Replica> list = new ArrayList<>();
        for (int i = 0; i < config.replicas().size(); i++) {
            ReplicaConfig rc = config.replicas().get(i);
            if (state != null && state.databases().containsKey(rc.name())) {
                // state transfer moved this replica to another database since the configuration was written
                rc = state.databases().get(rc.name());
            }
            list.add(new Replica(config, rc, i));
        }
        this.replicas = List.copyOf(list);
        java.util.Set<Engine> engines = java.util.EnumSet.noneOf(Engine.class);
        list.forEach(r -> engines.add(r.config().engine()));
        engines.addAll(config.rotate()); // a replica may come back on any of them
        this.translator = new Translator(Translator.dialect(config.dialect()), engines, generated, schema);
        this.locks = new LockManager(config.lockWaitTimeout());
        this.order = new ConflictOrder(list.size(), this::transactionDone);
        this.lagMonitor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-" + config.name() + "-lag");
            t.setDaemon(true);
            return t;
        });
        long period = lagCheckPeriod().toMillis();
        lagMonitor.scheduleWithFixedDelay(() -> {
            try {
                checkLag();
                writeState(false);
                recovery.check();
            } catch (RuntimeException e) {
                LOG.warn("checking the replicas' lag failed", e);
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        this.jmxName = registerMBean();
    }

    /**
     * Starts a coordinator and checks that at least f+1 replicas can be reached; the ones that cannot are DOWN.
     */
    public static Coordinator start(ChorusConfig config) throws SQLException {
        Coordinator c = new Coordinator(config);
        boolean replayed = c.replayAfterCrash();
        try (CoordinatorSession probe = c.openSession()) {
            LOG.info("coordinator {} started: f={}, replicas {}", config.name(), config.f(), c.replicas);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        if (replayed) {
            // every replica holds the last commit now, unless it was faulty: compare them (a differing one is SUSPECT)
            try {
                Maintenance.VerifyReport report = Maintenance.verify(c);
                LOG.info("coordinator {} after the crash: replicas {}", config.name(), report.allEqual() ? "equal" : report);
            } catch (SQLException e) {
                LOG.warn("coordinator {}: verifying the replicas after the crash failed: {}", config.name(), e.toString());
            }
            c.writeState(true);
        }
        return c;
    }

    public ChorusConfig config() {
        return config;
    }

    private static void closeLog(LogWriter log, ChorusConfig config) {
        if (log != null) {
            try {
                log.close();
            } catch (java.io.IOException e) {
                LOG.warn("closing the write-set log {}: {}", config.logDir(), e.toString());
            }
        }
    }

    /**
     * Writes {@link StateFile} beside the log (when there is one): the replicas' databases and the caught-up mark.
     *
     * @param now whether to write even if the mark moved less than a second ago
     */
    synchronized void writeState(boolean now) {
        if (config.logDir() == null) {
            return;
        }
        long mark = caughtUp();
        long t = System.nanoTime();
        if (!now && (mark == caughtUpWritten || t - caughtUpWrittenAt < 1_000_000_000L)) {
            return;
        }
        Map<String, ReplicaConfig> moved = new LinkedHashMap<>();
        for (int i = 0; i < replicas.size(); i++) {
            if (!replicas.get(i).config().equals(config.replicas().get(i))) {
                moved.put(replicas.get(i).name(), replicas.get(i).config());
            }
        }
        try {
            new StateFile(mark, moved).write(config.logDir());
            caughtUpWritten = mark;
            caughtUpWrittenAt = t;
        } catch (java.io.IOException e) {
            LOG.warn("cannot write {} in {}: {}", StateFile.NAME, config.logDir(), e.toString());
        }
    }

    /**
     * After a crash: replays the log after the last caught-up mark onto every replica (a replica that lagged lacks
     * the last commits, others hold some of them: a replayed change is right either way), with foreign keys taken
     * off meanwhile. A replica that cannot be brought level is SUSPECT.
     *
     * @return whether anything was replayed
     */
    private boolean replayAfterCrash() {
        long from = stateAtStart == null ? 0 : stateAtStart.caughtUp();
        if (log == null || logSeq <= from) {
            return false;
        }
        LOG.warn("coordinator {} did not close cleanly: replaying commits {} to {} of the write-set log onto every replica",
                config.name(), from + 1, logSeq);
        for (Replica r : replicas) {
            long start = System.nanoTime();
            try (java.sql.Connection c = r.connect()) {
                c.setAutoCommit(false);
                List<dev.chorus.coordinator.recovery.ForeignKeys.Definition> fks = dev.chorus.coordinator.recovery.ForeignKeys.read(c);
                dev.chorus.coordinator.recovery.ForeignKeys.drop(c, fks);
                c.commit();
                dev.chorus.coordinator.recovery.Replay replay = new dev.chorus.coordinator.recovery.Replay(r.engine());
                long[] records = {0};
                readLog(from + 1, logSeq, (seq, ws, size) -> {
                    replay.apply(c, ws);
                    if (++records[0] % 256 == 0) {
                        c.commit();
                    }
                });
                dev.chorus.coordinator.recovery.ForeignKeys.add(c, fks);
                c.commit();
                LOG.info("replica {}: replayed {} commits after the crash in {} ms", r.name(), records[0],
                        (System.nanoTime() - start) / 1_000_000);
            } catch (SQLException | RuntimeException e) {
                r.markSuspect("replaying the log after a crash failed: " + e);
            }
        }
        return true;
    }

    /** Receives the log's records in order, as {@link #readLog} reads them. */
    @FunctionalInterface
    public interface LogVisitor {
        void visit(long seq, WriteSet ws, int bytes) throws SQLException;
    }

    /**
     * Reads the commits {@code from..to} (inclusive) from the write-set log, once every one of them is written: each
     * is given to the visitor in order.
     *
     * @throws SQLException (58030) when the log has no directory, is damaged, or lacks a commit of the range
     */
    public void readLog(long from, long to, LogVisitor visitor) throws SQLException {
        if (from > to) {
            return;
        }
        if (log == null) {
            throw new SQLException("database " + config.name() + " has no write-set log to read commits " + from + " to " + to
                    + " from", SqlStates.LOG_FAILED);
        }
        try {
            if (!log.awaitWritten(to, config.statementTimeout())) {
                throw new SQLException("the write-set log " + config.logDir() + " did not write commit " + to + " within "
                        + config.statementTimeout().toMillis() + " ms", SqlStates.LOG_FAILED);
            }
            dev.chorus.writeset.log.LogReader reader = dev.chorus.writeset.log.LogReader.open(config.logDir());
            long next = from;
            try (java.util.stream.Stream<dev.chorus.writeset.log.LogRecord> records = reader.read(from, to)) {
                for (java.util.Iterator<dev.chorus.writeset.log.LogRecord> it = records.iterator(); it.hasNext(); ) {
                    dev.chorus.writeset.log.LogRecord r = it.next();
                    if (r.seq() != next) {
                        break;
                    }
                    visitor.visit(r.seq(), dev.chorus.writeset.log.LogReduction.writeSet(r), r.size());
                    next++;
                }
            }
            if (next != to + 1) {
                throw new SQLException("the write-set log " + config.logDir() + " lacks commit " + next + " (reading " + from
                        + " to " + to + ")", SqlStates.LOG_FAILED);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
            throw new SQLException("cannot read commits " + from + " to " + to + " from the write-set log " + config.logDir()
                    + ": " + e, SqlStates.LOG_FAILED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while reading the write-set log", SqlStates.OPERATION_CANCELED, e);
        }
    }

    private static LogWriter openLog(ChorusConfig config) throws SQLException {
        if (config.logDir() == null) {
            return null;
        }
        try {
            LogWriter w = LogWriter.open(config.logDir(), LogOptions.defaults().withFsync(config.logFsync()));
            for (TornTail t : w.recovery()) {
                LOG.warn("write-set log {}: {}", config.logDir(), t);
            }
            return w;
        } catch (java.io.IOException | RuntimeException e) {
            throw new java.sql.SQLNonTransientConnectionException("cannot open the write-set log " + config.logDir() + ": " + e,
                    SqlStates.CONNECTION_REJECTED, e);
        }
    }

    /**
     * Gives a committing transaction's agreed write set its commit sequence number, appends it to the log and waits
     * until it is durable (as the fsync policy says), and hands it to the commit listeners (state transfers catching
     * up). An empty write set gets no number.
     *
     * @param tx the transaction, whose end on every replica moves the {@link #caughtUp} mark
     * @throws SQLException (58030) when the log cannot take it: the transaction must not commit
     */
    void log(WriteSet ws, long tx) throws SQLException {
        if (ws.isEmpty()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Long> done = null;
        byte[] payload = log == null ? null : ws.toBytes();
        synchronized (logOrder) {
            long seq = ++logSeq;
            pendingCommits.add(seq);
            commitOfTransaction.put(tx, seq);
            if (log != null) {
                done = log.append(seq, payload);
            }
            for (CommitListener l : commitListeners) {
                l.committed(seq, ws);
            }
        }
        if (done == null) {
            return;
        }
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SQLException("the write-set log " + config.logDir() + " could not take the commit (" + e.getCause()
                    + "); the transaction was not committed", SqlStates.LOG_FAILED, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the write-set log; the transaction was not committed",
                    SqlStates.OPERATION_CANCELED, e);
        }
    }

    /** Receives every committed write set with its commit sequence number, in that order (under the log's lock). */
    public interface CommitListener {
        void committed(long seq, WriteSet ws);
    }

    /**
     * Registers a listener and returns the last commit sequence number before it: the listener gets every later
     * commit.
     */
    long addCommitListener(CommitListener l) {
        synchronized (logOrder) {
            commitListeners.add(l);
            return logSeq;
        }
    }

    void removeCommitListener(CommitListener l) {
        commitListeners.remove(l);
    }

    /** The last commit sequence number given out. */
    public long commitSequence() {
        synchronized (logOrder) {
            return logSeq;
        }
    }

    /**
     * The highest commit sequence number up to which every commit has ended on every healthy replica (a replica
     * given up on no longer counts): replaying the log after it brings any of them to the last commit.
     */
    public long caughtUp() {
        synchronized (logOrder) {
            Long first = pendingCommits.isEmpty() ? null : pendingCommits.first();
            return first == null ? logSeq : first - 1;
        }
    }

    /** A transaction ended on every replica and its locks are gone. */
    private void transactionDone(long tx) {
        locks.forget(tx);
        Long seq = commitOfTransaction.remove(tx);
        if (seq != null) {
            pendingCommits.remove(seq);
        }
    }

    /** The state transfer running, or null. */
    private final java.util.concurrent.atomic.AtomicReference<StateTransfer> transfer = new java.util.concurrent.atomic.AtomicReference<>();

    boolean transferStarted(StateTransfer t) {
        return transfer.compareAndSet(null, t);
    }

    void transferEnded(StateTransfer t) {
        transfer.compareAndSet(t, null);
    }

    /** Where the running state transfer stands; null when none runs. */
    public StateTransfer.Progress transferProgress() {
        StateTransfer t = transfer.get();
        return t == null ? null : t.progress();
    }

    /** The write-set log, or null without one. */
    LogWriter logWriter() {
        return log;
    }

    public List<Replica> replicas() {
        return replicas;
    }

    SqlAnalyzer analyzer() {
        return analyzer;
    }

    Translator translator() {
        return translator;
    }

    /** The coordinator's catalog of generated (identity, clock and random default) columns. */
    GeneratedColumns generated() {
        return generated;
    }

    /** The application's tables as the replicas describe them, for translation. */
    SchemaCatalog schema() {
        return schema;
    }

    /** The coordinator's (cached) analysis of a SQL text: its kind and number of parameters. */
    public dev.chorus.coordinator.sql.Analysis analyse(String sql) {
        return analyzer.analyse(sql);
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    long sequence() {
        return sequence.get();
    }

    /** Counts statements that may have changed the schema, so that replica sessions drop stale prepared statements. */
    long schemaEpoch() {
        return schemaEpoch.get();
    }

    void schemaChanged() {
        schemaEpoch.incrementAndGet();
    }

    /**
     * Records a schema change the replicas made ({@link SchemaHistory}): a new database runs it to get the schema.
     *
     * @throws SQLException (58030) when it cannot be written down: the change stands on the replicas, but a replica
     *                      built from the history would lack it
     */
    void schemaChangedBy(String sql) throws SQLException {
        try {
            schemaHistory.append(sql);
        } catch (java.io.IOException e) {
            throw new SQLException("the schema change ran on the replicas but could not be recorded in "
                    + config.logDir().resolve(SCHEMA_FILE) + " (" + e + "); a replica built anew would lack it",
                    SqlStates.LOG_FAILED, e);
        }
    }

    /** Every schema change made through this database, in order. */
    public SchemaHistory schemaHistory() {
        return schemaHistory;
    }

    /** Opens a client session: one connection on every healthy replica. */
    public CoordinatorSession openSession() throws SQLException {
        return openSession(false);
    }

    /** A session for verification and recovery: SUSPECT replicas get a connection too. */
    CoordinatorSession openMaintenanceSession() throws SQLException {
        return openSession(true);
    }

    private CoordinatorSession openSession(boolean maintenance) throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("Chorus database " + config.name() + " is closed",
                    SqlStates.CONNECTION_DOES_NOT_EXIST);
        }
        CoordinatorSession s = CoordinatorSession.open(this, sessionIds.incrementAndGet(), maintenance);
        sessions.add(s);
        if (closed) {
            // close() ran while this session was connecting and did not see it
            s.close();
            throw new SQLNonTransientConnectionException("Chorus database " + config.name() + " is closed",
                    SqlStates.CONNECTION_DOES_NOT_EXIST);
        }
        return s;
    }

    void sessionClosed(CoordinatorSession s) {
        sessions.remove(s);
    }

    /** The coordinator's concurrency control: every statement's locks, to the end of its transaction. */
    LockManager locks() {
        return locks;
    }

    /** Replicas past maxLag kept in the quorum because too few others are usable (warned once per episode). */
    private final Set<Replica> lagKept = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Where each transaction stands on each replica: a statement runs there after its predecessors finished. */
    ConflictOrder order() {
        return order;
    }

    /** A new transaction's number, unique in this coordinator. */
    long nextTransaction() {
        return transactions.incrementAndGet();
    }

    /** Registers an observer of every vote (see {@link VoteObserver} for its contract). */
    public void addVoteObserver(VoteObserver observer) {
        observers.add(java.util.Objects.requireNonNull(observer, "observer"));
    }

    public void removeVoteObserver(VoteObserver observer) {
        observers.remove(observer);
    }

    boolean observed() {
        return !observers.isEmpty();
    }

    void publish(VoteRecord record) {
        for (VoteObserver o : observers) {
            try {
                o.voted(record);
            } catch (RuntimeException e) {
                LOG.warn("vote observer {} failed on seq={}: {}", o, record.seq(), e.toString());
            }
        }
    }

    public CoordinatorStatus status() {
        List<ReplicaStatus> rs = new ArrayList<>();
        for (Replica r : replicas) {
            rs.add(new ReplicaStatus(r.name(), r.config().engine(), r.config().displayUrl(), r.state(), r.answers(),
                    r.disagreements(), r.lastFault(), r.lastFaultAt(), r.owedAnswers(), r.lag()));
        }
        return new CoordinatorStatus(config.name(), config.f(), sequence.get(), sessions.size(), order.laggingTransactions(), rs,
                commitSequence(), logBytes(), lastCheckpoint(), transferProgress());
    }

    private long logBytes() {
        if (config.logDir() == null) {
            return 0;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(config.logDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private long lastCheckpoint() {
        if (config.logDir() == null) {
            return -1;
        }
        try {
            List<java.nio.file.Path> list = dev.chorus.writeset.checkpoint.Checkpoints.list(config.logDir().resolve("checkpoints"));
            return list.isEmpty() ? -1 : Long.parseLong(list.get(0).getFileName().toString());
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Moves a replica to a new database of an engine (its own when null) while the service goes on; see {@link
     * StateTransfer}.
     */
    public StateTransfer.Report transfer(String replica, Engine engine) throws SQLException {
        return StateTransfer.run(this, replica, engine);
    }

    /** Runs a proactive recovery cycle now: every replica moved to a new database in turn (see {@code rotate}). */
    public List<StateTransfer.Report> recoverProactively() {
        return recovery.proactiveCycle();
    }

    /**
     * Waits until every healthy replica has caught up: every transaction that ended at the quorum has ended on each
     * of them too, and none owes an answer. Transactions still open are not waited for. For operations (a consistent moment to compare or back up replicas) and tests; the service
     * does not need it.
     *
     * @return whether they caught up within the timeout
     */
    public boolean awaitCaughtUp(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            checkLag();
            boolean caughtUp = order.laggingTransactions() == 0;
            for (Replica r : replicas) {
                caughtUp &= !r.usable() || r.owedAnswers() == 0;
            }
            if (caughtUp) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
    }

    /**
     * Marks a replica that fell behind the quorum by more than {@code maxLag} SUSPECT, and stops waiting for
     * replicas that are no longer healthy. Runs every {@link #lagCheckPeriod()}, and when someone asks.
     *
     * <p>Not when that would leave fewer than f+1 usable replicas: lagging is not a wrong answer, and without it
     * nothing could be answered at all. It stays in the quorum (statements wait for it, up to
     * {@code statementTimeout}, after which one that still gives no answer is DOWN) and a WARN says so, once per
     * episode.
     */
    void checkLag() {
        for (Replica r : replicas) {
            if (r.usable()) {
                java.time.Duration lag = r.lag();
                if (lag.compareTo(config.maxLag()) > 0) {
                    long others = replicas.stream().filter(o -> o != r && o.usable()).count();
                    String why = "fell behind the quorum by " + lag.toMillis() + " ms (" + r.owedAnswers()
                            + " answers owed), more than maxLag=" + config.maxLag().toMillis() + " ms";
                    if (others >= config.quorum()) {
                        r.markSuspect(why);
                    } else if (lagKept.add(r)) {
                        LOG.warn("replica {} {}; it stays in the quorum: {} usable besides it, {} needed",
                                r.name(), why, others, config.quorum());
                    }
                } else {
                    lagKept.remove(r);
                }
            }
            if (!r.usable()) {
                lagKept.remove(r);
                order.replicaLost(r.index());
            }
        }
    }

    private java.time.Duration lagCheckPeriod() {
        java.time.Duration quarter = config.maxLag().dividedBy(4);
        java.time.Duration max = java.time.Duration.ofSeconds(1);
        java.time.Duration min = java.time.Duration.ofMillis(10);
        return quarter.compareTo(max) > 0 ? max : quarter.compareTo(min) < 0 ? min : quarter;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every session, waits (up to the statement timeout) for lagging replicas to finish what the quorum
     * committed, stops the replica threads and releases in-memory replica databases.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        lagMonitor.shutdownNow();
        recovery.close();
        for (CoordinatorSession s : List.copyOf(sessions)) {
            s.close();
        }
        // lagging replicas finish what the quorum committed before their databases are closed
        try {
            if (!awaitCaughtUp(config.statementTimeout())) {
                LOG.warn("coordinator {} closing with replicas still behind: {}", config.name(), status().replicas());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Replica r : replicas) {
            r.close();
        }
        writeState(true);
        closeLog(log, config);
        translator.close();
        if (jmxName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(jmxName);
            } catch (JMException e) {
                LOG.debug("unregistering {}: {}", jmxName, e.toString());
            }
        }
        LOG.info("coordinator {} closed", config.name());
    }

    private ObjectName registerMBean() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("dev.chorus:type=Coordinator,name=" + ObjectName.quote(config.name()));
            server.registerMBean(new Bean(), name);
            return name;
        } catch (InstanceAlreadyExistsException e) {
            LOG.warn("a Chorus coordinator named {} is already registered in JMX; this one is not", config.name());
            return null;
        } catch (JMException e) {
            LOG.warn("could not register the JMX bean of coordinator {}: {}", config.name(), e.toString());
            return null;
        }
    }

    private final class Bean implements CoordinatorMXBean {
        @Override
        public String getName() {
            return config.name();
        }

        @Override
        public int getF() {
            return config.f();
        }

        @Override
        public long getSequence() {
            return sequence.get();
        }

        @Override
        public int getOpenSessions() {
            return sessions.size();
        }

        @Override
        public int getHealthyReplicas() {
            return (int) status().healthyReplicas();
        }

        @Override
        public Map<String, String> getReplicaStates() {
            Map<String, String> m = new LinkedHashMap<>();
            replicas.forEach(r -> m.put(r.name(), r.state().name()));
            return m;
        }

        @Override
        public Map<String, String> getReplicaFaults() {
            Map<String, String> m = new LinkedHashMap<>();
            replicas.forEach(r -> m.put(r.name(), r.lastFault()));
            return m;
        }

        @Override
        public Map<String, Long> getReplicaDisagreements() {
            Map<String, Long> m = new LinkedHashMap<>();
            replicas.forEach(r -> m.put(r.name(), r.disagreements()));
            return m;
        }

        @Override
        public String getStatusReport() {
            return AdminText.status(status());
        }

        @Override
        public boolean isAvailable() {
            return status().healthyReplicas() >= config.quorum();
        }

        @Override
        public String getTransferProgress() {
            StateTransfer.Progress p = transferProgress();
            return p == null ? "" : AdminText.progress(p);
        }

        @Override
        public AdminResult verify() {
            return admin("verify", () -> {
                Maintenance.VerifyReport v = Maintenance.verify(Coordinator.this);
                return new AdminResult(v.allEqual(), AdminText.verify(v));
            });
        }

        @Override
        public AdminResult recover(String replica) {
            return admin("recover " + replica, () -> {
                Replica r = replicas.stream().filter(x -> x.name().equals(replica)).findFirst().orElse(null);
                String before = "";
                if (r != null && r.state() == dev.chorus.coordinator.replica.ReplicaState.HEALTHY) {
                    Maintenance.VerifyReport v = Maintenance.verify(Coordinator.this);
                    before = AdminText.verify(v);
                    if (r.state() == dev.chorus.coordinator.replica.ReplicaState.HEALTHY) {
                        boolean agrees = v.replicas().stream().anyMatch(x -> x.replica().equals(replica) && x.agrees());
                        return new AdminResult(agrees, before + (agrees ? "replica " + replica + " holds the agreed state: nothing to repair\n"
                                : "replica " + replica + " could not be compared: not repaired\n"));
                    }
                }
                return new AdminResult(true, before + AdminText.recovery(Maintenance.recover(Coordinator.this, replica)));
            });
        }

        @Override
        public AdminResult checkpoint() {
            return admin("checkpoint", () -> {
                Maintenance.CheckpointReport c = Maintenance.checkpoint(Coordinator.this);
                return new AdminResult(c.logMismatches().isEmpty(), AdminText.checkpoint(c));
            });
        }

        @Override
        public AdminResult transfer(String replica, String engine) {
            return admin("transfer " + replica, () -> new AdminResult(true, AdminText.transfer(
                    Coordinator.this.transfer(replica, Engine.forNewDatabase(engine == null || engine.isEmpty() ? null : engine)))));
        }

        private AdminResult admin(String what, CoordinatorSession.LockedWork<AdminResult> work) {
            try {
                return work.run();
            } catch (SQLException e) {
                LOG.warn("{} on {} over JMX failed: {}", what, config.name(), e.getMessage());
                return new AdminResult(false, what + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")\n");
            } catch (RuntimeException e) {
                LOG.error("{} on {} over JMX failed", what, config.name(), e);
                return new AdminResult(false, what + " failed: " + e + "\n");
            }
        }
    }
}
