package dev.chorus.coordinator.replica;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.coordinator.vote.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replica database and the single thread that executes everything sent to it, in the order it was sent.
 * One thread per replica keeps the replica's order equal to the coordinator's order and lets the coordinator give
 * up on a replica that hangs without blocking the others.
 *
 * <p>Thread-safe. The {@link Canonicalizer} it hands out belongs to the replica's thread and must only be used by
 * tasks running there.
 */
public final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    /** The replica's database: replaced as a whole when state transfer swaps a new database in. */
    private volatile ReplicaConfig config;
    /** Counts the databases this replica has had; sessions opened on an older one reconnect. */
    private volatile int generation;
    private final int index;
    private final String coordinatorName;
    private final ChorusConfig chorusConfig;
    private volatile ExecutorService executor;
    private final String threadName;
    /** Canonicalizers keep buffers: one per thread (every client session has its own thread on each replica). */
    private final ThreadLocal<Canonicalizer> canonicalizer;
    private final AtomicReference<ReplicaState> state = new AtomicReference<>(ReplicaState.HEALTHY);
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong disagreements = new AtomicLong();
    private volatile String lastFault = "";
    /** Recent answer time, an exponentially weighted average in nanoseconds (0 before the first answer). */
    private volatile double latency;
    private volatile Instant lastFaultAt;
    private volatile HikariDataSource pool;
    /**
     * The answers this replica still owes for statements a quorum answered without it: a token per statement, with
     * the System.nanoTime() at which the quorum had answered.
     */
    private final java.util.concurrent.ConcurrentHashMap<Object, Long> owed = new java.util.concurrent.ConcurrentHashMap<>();

    public Replica(ChorusConfig chorus, ReplicaConfig config, int index) {
        this.config = config;
        this.index = index;
        this.coordinatorName = chorus.name();
        this.chorusConfig = chorus;
        this.canonicalizer = ThreadLocal.withInitial(() -> new Canonicalizer(chorus.approximateDigits(), chorus.maxResultBytes()));
        this.threadName = "chorus-" + chorus.name() + "-" + config.name();
        this.executor = newExecutor();
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Which of the replica's databases is current: sessions holding a connection to an older one reconnect. */
    public int generation() {
        return generation;
    }

    public String name() {
        return config.name();
    }

    public dev.chorus.coordinator.Engine engine() {
        return config.engine();
    }

    public ReplicaConfig config() {
        return config;
    }

    /** Position in the configuration; answers are ordered by it. */
    public int index() {
        return index;
    }

    public ReplicaState state() {
        return state.get();
    }

    public boolean usable() {
        return state.get() == ReplicaState.HEALTHY;
    }

    public long answers() {
        return answers.get();
    }

    public long disagreements() {
        return disagreements.get();
    }

    public String lastFault() {
        return lastFault;
    }

    public Instant lastFaultAt() {
        return lastFaultAt;
    }

    /** The significant digits approximate numbers are compared with (the coordinator's {@code approximateDigits}). */
    public int approximateDigits() {
        return chorusConfig.approximateDigits();
    }

    /** The canonicalizer of the calling thread (a session's thread on this replica). */
    public Canonicalizer canonicalizer() {
        return canonicalizer.get();
    }

    void answered() {
        answers.incrementAndGet();
    }

    /**
     * Records how long the answer to a query took, from when it was sent (for choosing the fastest replicas to read
     * from; writes and commits, which every replica runs, are not counted).
     */
    public void answeredIn(long nanos) {
        double l = latency;
        latency = l == 0 ? nanos : 0.8 * l + 0.2 * nanos;
    }

    /** Recent answer time of queries in nanoseconds; 0 before the first. */
    public double latency() {
        return latency;
    }

    /** Records that a quorum answered a statement (the token) without this replica's answer. */
    public void owes(Object token) {
        owed.put(token, System.nanoTime());
    }

    /** Records that this replica has now answered the statement (the token) too. */
    public void paid(Object token) {
        owed.remove(token);
    }

    /** How many answers the replica owes for statements a quorum already answered. */
    public int owedAnswers() {
        return owed.size();
    }

    /** How far the replica is behind the quorum: the age of the oldest answer it owes, 0 when it owes none. */
    public java.time.Duration lag() {
        long now = System.nanoTime();
        long oldest = now;
        for (long since : owed.values()) {
            if (since - oldest < 0) {
                oldest = since;
            }
        }
        return java.time.Duration.ofNanos(now - oldest);
    }

    /** How long a statement may wait for a lock inside the engine: well inside Chorus's own statement timeout. */
    private java.time.Duration engineLockTimeout() {
        java.time.Duration half = chorusConfig.statementTimeout().dividedBy(2);
        java.time.Duration wait = chorusConfig.lockWaitTimeout();
        return wait.compareTo(half) < 0 ? wait : half;
    }

    /** Whether the database was made ready for Chorus ({@link #prepare}); done on the first connection. */
    private volatile boolean prepared;

    /**
     * Makes the replica's database ready for the translated SQL: Chorus's functions on Derby
     * ({@link DerbyFunctions}); on HSQLDB, character literals typed VARCHAR (HSQLDB pads {@code CASE ... THEN 'no'}
     * to the longest literal otherwise), which needs the admin right: without it the padding stays (votes strip it
     * from CHAR values, and the application sees it only if HSQLDB supplies the answer).
     */
    private void prepare(Connection c) throws SQLException {
        if (config.engine() == Engine.DERBY) {
            DerbyFunctions.install(c);
            try (Statement st = c.createStatement()) {
                // a wait inside Derby ends well before Chorus gives up on the statement
                st.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '"
                        + Math.max(1, engineLockTimeout().toSeconds()) + "')");
                c.commit();
            }
        } else if (config.engine() == Engine.HSQLDB) {
            try (Statement st = c.createStatement()) {
                st.execute("SET DATABASE SQL CHARACTER LITERAL FALSE");
                // row-level versions instead of HSQLDB's default table locks, which would hold up transactions
                // the coordinator lets run side by side (and could deadlock with its own lock waits)
                st.execute("SET DATABASE TRANSACTION CONTROL MVCC");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                LOG.warn("replica {}: cannot set CHARACTER LITERAL FALSE and TRANSACTION CONTROL MVCC ({}); CASE results keep"
                        + " HSQLDB's padding and its table locks may hold up concurrent transactions", config.name(), e.getMessage());
            }
        }
    }

    /**
     * A connection to the replica database from the replica's pool, in manual-commit mode (Chorus decides when to
     * commit); closing it returns it to the pool. A client session holds one for its lifetime.
     */
    public Connection connect() throws SQLException {
        HikariDataSource p = null;
        Connection c;
        try {
            p = pool();
            c = p.getConnection();
        } catch (SQLException e) {
            throw isCapacityRefusal(e, p) ? noConnectionFree(e) : e;
        }
        try {
            if (!prepared) {
                prepare(c);
                prepared = true;
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Closes a connection for good instead of returning it to the pool (it hung or failed). */
    public void evict(Connection c) {
        HikariDataSource p = pool;
        if (p != null) {
            p.evictConnection(c);
        }
    }

    /** The replica's connection pool, started on first use; a replica that cannot be reached fails at once. */
    private synchronized HikariDataSource pool() throws SQLException {
        if (pool == null) {
            HikariConfig hc = new HikariConfig();
            hc.setPoolName("chorus-" + coordinatorName + "-" + config.name());
            hc.setJdbcUrl(config.url());
            if (config.user() != null) {
                hc.setUsername(config.user());
            }
            if (config.password() != null) {
                hc.setPassword(config.password());
            }
            hc.setAutoCommit(false);
            hc.setMaximumPoolSize(chorusConfig.maxConnections());
            // sessions hold their connections; idle ones are kept a while for the next session, then closed
            hc.setMinimumIdle(0);
            // (well within the statement timeout a session open waits for: a refusal reaches it with its reason)
            hc.setConnectionTimeout(Math.max(250, chorusConfig.statementTimeout().toMillis() * 3 / 4));
            if (config.engine() == Engine.H2) {
                hc.setConnectionInitSql("SET LOCK_TIMEOUT " + engineLockTimeout().toMillis());
            } else if (config.engine() == Engine.POSTGRESQL) {
                // strings the application binds are converted to the column's type as H2 converts them
                // (setString on an INTEGER parameter), instead of failing as a VARCHAR where an integer is expected
                hc.addDataSourceProperty("stringtype", "unspecified");
                // a statement waits for another transaction's row lock inside PostgreSQL well within Chorus's timeout
                hc.setConnectionInitSql("SET lock_timeout = " + engineLockTimeout().toMillis());
            }
            long lockWaitEnds = System.nanoTime() + HSQLDB_LOCK_HEARTBEAT.toNanos();
            boolean waitLogged = false;
            while (pool == null) {
                try {
                    pool = new HikariDataSource(hc);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (config.engine() == Engine.HSQLDB && isHsqldbLockHeldByStoppedProcess(cause)
                            && System.nanoTime() - lockWaitEnds < 0) {
                        // the lock file of a process that died (a coordinator killed and restarted at once) counts
                        // as held until its heartbeat is 10 s old; HSQLDB waits for it itself only some of the time
                        if (!waitLogged) {
                            LOG.info("replica {}: HSQLDB's lock file still has a heartbeat under 10 s old; waiting up to {} s",
                                    config.name(), HSQLDB_LOCK_HEARTBEAT.toSeconds());
                            waitLogged = true;
                        }
                        sleepQuietly(500);
                        continue;
                    }
                    if (cause instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new SQLNonTransientConnectionException("cannot open replica " + config.name() + " ("
                            + config.displayUrl() + "): " + cause.getMessage(), "08001", cause);
                }
            }
            if (config.engine() == Engine.POSTGRESQL) {
                warnAboutServerLimit(pool);
            }
        }
        return pool;
    }

    /**
     * Logs (INFO) when the PostgreSQL server accepts fewer connections for Chorus's user than maxConnections: the
     * sessions beyond its limit will fail with 53300 (the replica stays healthy; the session is refused).
     */
    private void warnAboutServerLimit(HikariDataSource p) {
        try (Connection c = p.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('max_connections')::int"
                     + " - CASE WHEN rolsuper THEN 0 ELSE current_setting('superuser_reserved_connections')::int END,"
                     + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') - 1"
                     + " FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getInt(1) < chorusConfig.maxConnections()) {
                LOG.info("replica {}: the PostgreSQL server takes {} connections for this user ({} in use by others now),"
                        + " fewer than maxConnections={}: sessions beyond its limit will be refused with 53300",
                        config.name(), rs.getInt(1), rs.getInt(2), chorusConfig.maxConnections());
            }
            c.commit();
        } catch (SQLException e) {
            LOG.debug("replica {}: cannot read the server's connection limit", config.name(), e);
        }
    }

    /** The SQLState of a connection refused for want of capacity (PostgreSQL's too_many_connections). */
    public static final String TOO_MANY_CONNECTIONS = "53300";

    /**
     * Whether a failed {@code getConnection} means the replica has no connection to spare rather than that it cannot
     * be reached: the server refused it with {@value #TOO_MANY_CONNECTIONS} (PostgreSQL's {@code max_connections}),
     * or the pool waited in vain with all of {@code maxConnections} in use. Such a replica is not DOWN.
     */
    static boolean isCapacityRefusal(SQLException e, HikariDataSource p) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && TOO_MANY_CONNECTIONS.equals(s.getSQLState())) {
                return true;
            }
        }
        return e instanceof java.sql.SQLTransientConnectionException && saturated(p);
    }

    private static boolean saturated(HikariDataSource p) {
        com.zaxxer.hikari.HikariPoolMXBean bean = p == null ? null : p.getHikariPoolMXBean();
        return bean != null && bean.getActiveConnections() >= p.getMaximumPoolSize();
    }

    /** Whether every connection Chorus may open to this replica is in use (a session waiting for one waits in vain). */
    public boolean saturated() {
        return saturated(pool);
    }

    /** The failure a session gets when this replica has no connection to spare: it is not a fault of the replica. */
    public SQLException noConnectionFree(Throwable cause) {
        return new java.sql.SQLTransientConnectionException("replica " + config.name() + " has no connection to spare: "
                + (cause == null ? "all " + chorusConfig.maxConnections() + " connections (maxConnections) are in use"
                : cause.getMessage()) + ". Every open Chorus session holds a connection to every replica: close"
                + " sessions, or raise maxConnections (and the server's own limit, PostgreSQL's max_connections)",
                TOO_MANY_CONNECTIONS, cause);
    }

    /** How long HSQLDB keeps a lock file held after the last heartbeat of its owner (10 s and its padding, plus margin). */
    private static final java.time.Duration HSQLDB_LOCK_HEARTBEAT = java.time.Duration.ofSeconds(12);

    /** HSQLDB's "Database lock acquisition failure" (-451), which a lock file with a fresh heartbeat causes. */
    static boolean isHsqldbLockHeldByStoppedProcess(Throwable t) {
        return t instanceof SQLException e && e.getErrorCode() == -451;
    }

    private static void sleepQuietly(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLNonTransientConnectionException("interrupted while waiting for a replica's lock file", "08001", e);
        }
    }

    /**
     * Queues a task on the replica's thread.
     *
     * @throws RejectedExecutionException when the replica is DOWN and its thread is gone
     */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    /**
     * Marks the replica SUSPECT for an answer of its database of {@code generation}, unless it has had a new start
     * since (a late answer of a database state transfer replaced says nothing about the new one).
     */
    public synchronized void markSuspect(int generation, String reason) {
        if (current(generation, reason)) {
            markSuspect(reason);
        }
    }

    /** Marks the replica SUSPECT: its answer differed from the quorum's. */
    public void markSuspect(String reason) {
        disagreements.incrementAndGet();
        if (state.compareAndSet(ReplicaState.HEALTHY, ReplicaState.SUSPECT)) {
            fault(reason);
            LOG.warn("replica {} of {} is SUSPECT: {}", name(), coordinatorName, reason);
        }
    }

    /**
     * Takes a SUSPECT replica back into the quorum after recovery made its state equal to the others'.
     *
     * @return whether it was SUSPECT (a DOWN or HEALTHY replica is left as it is)
     */
    public boolean markHealthy(String reason) {
        if (state.compareAndSet(ReplicaState.SUSPECT, ReplicaState.HEALTHY)) {
            fault(reason);
            LOG.info("replica {} of {} is HEALTHY again: {}", name(), coordinatorName, reason);
            return true;
        }
        return false;
    }

    /**
     * Marks the replica DOWN for a failure of its database of {@code generation}, unless it has had a new start
     * since (revived or given a new database while the failed call ran): a late failure of an old connection
     * attempt must not take down a replica that came back meanwhile.
     */
    public synchronized void markDown(int generation, String reason) {
        if (current(generation, reason)) {
            markDown(reason);
        }
    }

    /** Whether {@code generation} is the replica's database now; the caller holds the replica's monitor. */
    private boolean current(int generation, String reason) {
        if (generation != this.generation) {
            LOG.debug("replica {}: ignoring what its previous database did: {}", name(), reason);
            return false;
        }
        return true;
    }

    /**
     * Marks the replica DOWN: it did not answer. Its thread is interrupted and no further work is queued, so a
     * hung statement cannot hold anything up.
     */
    public void markDown(String reason) {
        ReplicaState before = state.getAndSet(ReplicaState.DOWN);
        if (before != ReplicaState.DOWN) {
            fault(reason);
            LOG.warn("replica {} of {} is DOWN (was {}): {}", name(), coordinatorName, before, reason);
            executor.shutdownNow();
        }
    }

    private void fault(String reason) {
        lastFault = reason;
        lastFaultAt = Instant.now();
    }

    /**
     * Makes a new database this replica's, in place of the current one (state transfer: the new database holds the
     * same state). The caller holds the database lock exclusively and the replica owes no answer: no session runs
     * anything on it. Sessions reconnect at their next transaction ({@link #generation()}); the replica is HEALTHY.
     *
     * @return the database replaced, for the caller to release ({@link #release})
     */
    public synchronized Retired swapDatabase(ReplicaConfig database, String reason) {
        Retired old = new Retired(config, pool);
        config = database;
        startAfresh();
        ReplicaState before = state.getAndSet(ReplicaState.HEALTHY);
        fault(reason);
        LOG.info("replica {} of {} now runs on {} (was {}, {}): {}", name(), coordinatorName, database.displayUrl(),
                old.config().displayUrl(), before, reason);
        return old;
    }

    /**
     * Whether a new connection to the replica's database can be opened now (a DOWN server that came back). Opens and
     * closes one connection outside the pool.
     */
    public boolean reachable() {
        try (Connection c = DriverManager.getConnection(config.url(), config.credentials())) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Takes a DOWN replica whose database can be reached again back as SUSPECT, to be repaired in place: a new pool
     * and thread, and sessions reconnect at their next transaction ({@link #generation()}). Its state is whatever
     * its server kept, without the commits it missed while DOWN, which the repair restores.
     *
     * @return whether it was DOWN
     */
    public boolean revive(String reason) {
        HikariDataSource old;
        synchronized (this) {
            if (state.get() != ReplicaState.DOWN) {
                return false;
            }
            old = pool;
            startAfresh();
            state.set(ReplicaState.SUSPECT);
            fault(reason);
        }
        LOG.info("replica {} of {} is reachable again and SUSPECT until repaired: {}", name(), coordinatorName, reason);
        if (old != null) {
            old.close();
        }
        return true;
    }

    /**
     * Forgets the pool, the owed answers and the thread of a replica that failed or moved: a new pool on first use,
     * sessions reconnect at their next transaction ({@link #generation()}). The caller holds the replica's monitor.
     */
    private void startAfresh() {
        pool = null;
        prepared = false;
        owed.clear();
        latency = 0;
        generation++;
        if (executor.isShutdown()) {
            executor = newExecutor();
        }
    }

    /** A database a replica no longer uses: its pool is closed and, if it was in memory, it is released. */
    public record Retired(ReplicaConfig config, HikariDataSource pool) {
    }

    /** Closes a retired database's pool and releases it if it was in memory. */
    public static void release(Retired old, String coordinatorName) {
        if (old.pool() != null) {
            old.pool().close();
        }
        releaseDatabase(old.config(), coordinatorName, true);
    }

    /**
     * {@link #release}, then {@code after}, on a thread of their own: a retired database may still run a statement
     * that hangs (that is often why it was retired), and closing its connections then waits for it; whoever retires
     * it (recovery's one thread) must not wait too.
     */
    public static void releaseInBackground(Retired old, String coordinatorName, Runnable after) {
        Thread t = new Thread(() -> {
            try {
                release(old, coordinatorName);
                after.run();
            } catch (RuntimeException e) {
                LOG.warn("releasing the retired database {} of {} failed: {}", old.config().displayUrl(), coordinatorName, e.toString());
            }
        }, "chorus-" + coordinatorName + "-release-" + old.config().name());
        t.setDaemon(true);
        t.start();
    }

    /** Stops the replica's thread, closes its pool and releases an in-memory database. */
    public void close() {
        executor.shutdownNow();
        synchronized (this) {
            if (pool != null) {
                pool.close();
            }
        }
        // a DOWN replica's database may hang: only an in-memory Derby one is dropped (that does not wait on it)
        releaseDatabase(config, coordinatorName, state.get() != ReplicaState.DOWN);
    }

    private static void releaseDatabase(ReplicaConfig config, String coordinatorName, boolean runCloseSql) {
        if (runCloseSql && config.closeSql() != null) {
            try (Connection c = DriverManager.getConnection(config.url(), config.credentials()); Statement s = c.createStatement()) {
                s.execute(config.closeSql());
            } catch (SQLException e) {
                LOG.debug("closing replica database {} of {}: {}", config.displayUrl(), coordinatorName, e.toString());
            }
        }
        String url = config.url();
        if (runCloseSql && config.engine() == dev.chorus.coordinator.Engine.DERBY && !url.contains(":memory:")
                && !url.startsWith("jdbc:derby://")) {
            // an embedded Derby database on disk stays booted, its files locked against other processes, until it is
            // shut down
            String shutdown = (url.indexOf(';') < 0 ? url : url.substring(0, url.indexOf(';'))) + ";shutdown=true";
            try {
                DriverManager.getConnection(shutdown, config.credentials()).close();
            } catch (SQLException e) {
                // Derby reports a database shut down as an exception with SQLState 08006
                LOG.debug("shutting down replica database {} of {}: {}", config.displayUrl(), coordinatorName, e.getSQLState());
            }
        }
        if (config.engine() == dev.chorus.coordinator.Engine.DERBY && url.contains(":memory:")) {
            String drop = config.url().replace(";create=true", "") + ";drop=true";
            try {
                DriverManager.getConnection(drop).close();
            } catch (SQLException e) {
                // Derby reports a successful drop as an exception with SQLState 08006.
                LOG.debug("dropping replica database {} of {}: {}", config.displayUrl(), coordinatorName, e.getSQLState());
            }
        }
    }

    @Override
    public String toString() {
        return name() + "[" + state.get() + "]";
    }
}
