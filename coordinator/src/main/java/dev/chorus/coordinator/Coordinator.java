package dev.chorus.coordinator;

import dev.chorus.coordinator.lock.ConflictOrder;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogOptions;
import dev.chorus.writeset.log.LogWriter;
import dev.chorus.writeset.log.TornTail;
import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.replica.Replica;
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
    /** The write-set log, or null when the configuration has none. */
    private final LogWriter log;
    /** Appends take their commit sequence number and their place in the log together. */
    private final Object logOrder = new Object();
    private long logSeq;

    private Coordinator(ChorusConfig config) throws SQLException {
        this.config = config;
        this.log = openLog(config);
        this.logSeq = log == null ? 0 : log.lastSeq();
        List<Replica> list = new ArrayList<>();
        for (int i = 0; i < config.replicas().size(); i++) {
            list.add(new Replica(config, config.replicas().get(i), i));
        }
        this.replicas = List.copyOf(list);
        java.util.Set<Engine> engines = java.util.EnumSet.noneOf(Engine.class);
        list.forEach(r -> engines.add(r.config().engine()));
        this.translator = new Translator(Translator.dialect(config.dialect()), engines, generated, schema);
        this.locks = new LockManager(config.lockWaitTimeout());
        this.order = new ConflictOrder(list.size(), locks::forget);
        this.lagMonitor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chorus-" + config.name() + "-lag");
            t.setDaemon(true);
            return t;
        });
        long period = lagCheckPeriod().toMillis();
        lagMonitor.scheduleWithFixedDelay(() -> {
            try {
                checkLag();
                if (config.autoRecovery()) {
                    recovery.check();
                }
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
        try (CoordinatorSession probe = c.openSession()) {
            LOG.info("coordinator {} started: f={}, replicas {}", config.name(), config.f(), c.replicas);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public ChorusConfig config() {
        return config;
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
     * Appends a committing transaction's agreed write set to the log and waits until it is durable (as the fsync
     * policy says); without a log, or for an empty write set, nothing happens.
     *
     * @throws SQLException (58030) when the log cannot take it: the transaction must not commit
     */
    void log(WriteSet ws) throws SQLException {
        if (log == null || ws.isEmpty()) {
            return;
        }
        java.util.concurrent.CompletableFuture<Long> done;
        byte[] payload = ws.toBytes();
        synchronized (logOrder) {
            done = log.append(++logSeq, payload);
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
        return new CoordinatorStatus(config.name(), config.f(), sequence.get(), sessions.size(), order.laggingTransactions(), rs);
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
     */
    void checkLag() {
        for (Replica r : replicas) {
            if (r.usable()) {
                java.time.Duration lag = r.lag();
                if (lag.compareTo(config.maxLag()) > 0) {
                    r.markSuspect("fell behind the quorum by " + lag.toMillis() + " ms (" + r.owedAnswers()
                            + " answers owed), more than maxLag=" + config.maxLag().toMillis() + " ms");
                }
            }
            if (!r.usable()) {
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
        if (log != null) {
            try {
                log.close();
            } catch (java.io.IOException e) {
                LOG.warn("closing the write-set log {}: {}", config.logDir(), e.toString());
            }
        }
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
    }
}
