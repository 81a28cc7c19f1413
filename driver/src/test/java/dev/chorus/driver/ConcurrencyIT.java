package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.testing.Fault;
import dev.chorus.testing.FaultyDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Many sessions at once on H2, Derby and HSQLDB: the coordinator's locks keep every transaction serializable whatever
 * the engines do, conflicting work runs in one order on every replica, and the replicas end with identical rows.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrencyIT {
    private static final int ACCOUNTS = 100;
    private static final long INITIAL = 1_000;

    /** The bank's accounts, through a data source that stays open (closing it drops the in-memory replicas). */
    private static ChorusDataSource bank(ChorusConfig config) throws SQLException {
        ChorusDataSource ds = new ChorusDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO account VALUES (?, ?)")) {
                for (int i = 0; i < ACCOUNTS; i++) {
                    ps.setInt(1, i);
                    ps.setLong(2, INITIAL);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return ds;
    }

    /** One transfer, retried on 40001 (deadlock victim, lock timeout, a disagreement on a failure). */
    static void transfer(Connection c, int from, int to, long amount, AtomicInteger retries) throws SQLException {
        while (true) {
            try {
                long balance;
                try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
                    ps.setInt(1, from);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        balance = rs.getLong(1);
                    }
                }
                if (balance >= amount) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                        ps.setLong(1, -amount);
                        ps.setInt(2, from);
                        ps.executeUpdate();
                        ps.setLong(1, amount);
                        ps.setInt(2, to);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return;
            } catch (SQLException e) {
                if (!"40001".equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback();
                retries.incrementAndGet();
            }
        }
    }

    private static long total(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT SUM(balance), COUNT(*) FROM account")) {
            rs.next();
            assertThat(rs.getInt(2)).isEqualTo(ACCOUNTS);
            return rs.getLong(1);
        }
    }

    /** 32 clients transfer at random while an auditor sums all balances inside transactions. */
    private static void runBank(ChorusConfig config, ChorusDataSource ds, int transfersPerClient) throws Exception {
        int clients = 32;
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger audits = new AtomicInteger();
        List<String> auditFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        // the transfers start once the auditor is connected, so that it audits while they run
        CountDownLatch auditorReady = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                work.add(pool.submit(() -> {
                    Random random = new Random(client);
                    try (Connection c = ds.getConnection()) {
                        c.setAutoCommit(false);
                        assertThat(auditorReady.await(60, TimeUnit.SECONDS)).as("the auditor connected").isTrue();
                        for (int t = 0; t < transfersPerClient; t++) {
                            int from = random.nextInt(ACCOUNTS);
                            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            transfer(c, from, to, 1 + random.nextInt(50), retries);
                        }
                    }
                    return null;
                }));
            }
            Future<?> auditor = pool.submit(() -> {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    auditorReady.countDown();
                    while (!done.get()) {
                        try {
                            assertThat(total(c)).as("the total inside a transaction").isEqualTo(ACCOUNTS * INITIAL);
                            c.commit();
                            audits.incrementAndGet();
                        } catch (SQLException e) {
                            if (!"40001".equals(e.getSQLState())) {
                                throw e;
                            }
                            auditFailures.add(e.getMessage());
                            c.rollback();
                        }
                    }
                }
                return null;
            });
            for (Future<?> f : work) {
                f.get(150, TimeUnit.SECONDS);
            }
            done.set(true);
            auditor.get(30, TimeUnit.SECONDS);
            try (Connection c = ds.getConnection()) {
                assertThat(total(c)).isEqualTo(ACCOUNTS * INITIAL);
            }
            assertThat(audits.get()).as("the auditor ran between the transfers; its retries: %s", auditFailures).isPositive();
            assertThat(TestDatabases.distinctDigests(config, "SELECT id, balance FROM account ORDER BY id"))
                    .as("every replica holds the same rows").hasSize(1);
        } finally {
            pool.shutdownNow();
            ds.close();
        }
    }

    @Test
    void thirtyTwoClientsTransferingKeepTheTotalAndEveryReplicaEqual() throws Exception {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("bank"), 1, "20s", "h2", "derby", "hsqldb");
        runBank(config, bank(config), 25);
    }

    @Test
    void aSlowReplicaStaysInTheSameOrderAsTheOthers() throws Exception {
        String name = TestDatabases.uniqueName("bank_slow");
        ChorusConfig config = TestDatabases.config(name, 1, "20s", "h2", "derby", "hsqldb");
        ChorusDataSource ds = bank(config);
        FaultyDriver.inject(TestDatabases.faultName(name, "derby"), Fault.slow(Duration.ofMillis(5), sql -> true));
        runBank(config, ds, 8);
    }

    /**
     * Every transaction rewrites one row with a step that does not commute, so the result depends on the order;
     * Derby is slowed on each of them. The clients finish while Derby is still seconds behind (nobody waited for
     * it), and once it caught up it holds the same value as the others: it ran the transactions in the order the
     * locks were granted.
     */
    @Test
    void aLaggingReplicaRunsConflictingWorkInTheSameOrderAndNobodyWaitsForIt() throws Exception {
        String name = TestDatabases.uniqueName("lag");
        ChorusConfig config = TestDatabases.config(name, 1, "20s", "h2", "derby", "hsqldb");
        ChorusDataSource ds = new ChorusDataSource(config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE chain (id INT PRIMARY KEY, v BIGINT NOT NULL)");
                s.execute("INSERT INTO chain VALUES (1, 1)");
            }
            FaultyDriver.inject(TestDatabases.faultName(name, "derby"), Fault.slow(Duration.ofMillis(200),
                    Fault.sqlContains("UPDATE")));
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int client = t;
                clients.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("UPDATE chain SET v = MOD(v * 3 + ?, 1000003) WHERE id = 1")) {
                        c.setAutoCommit(false);
                        for (int i = 0; i < 4; i++) {
                            ps.setInt(1, client * 10 + i);
                            assertThat(ps.executeUpdate()).isEqualTo(1);
                            c.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            try (Connection c = ds.getConnection()) {
                ChorusConnection cc = c.unwrap(ChorusConnection.class);
                var derby = cc.status().replicas().stream().filter(r -> r.name().equals("derby")).findFirst().orElseThrow();
                assertThat(derby.owedAnswers() + cc.status().unfinishedTransactions())
                        .as("16 conflicting transactions at 200 ms each on derby: the clients finished before derby did")
                        .isPositive();
                assertThat(cc.awaitReplicasCaughtUp(Duration.ofSeconds(60))).isTrue();
                assertThat(cc.status().replicas()).allSatisfy(r -> assertThat(r.state()).as(r.name() + ": " + r.lastFault())
                        .isEqualTo(dev.chorus.coordinator.replica.ReplicaState.HEALTHY));
            }
            assertThat(TestDatabases.distinctDigests(config, "SELECT id, v FROM chain")).as("the same order on every replica")
                    .hasSize(1);
        } finally {
            FaultyDriver.clearAll();
            pool.shutdownNow();
            ds.close();
        }
    }

    @Test
    void aReplicaGivingWrongAnswersIsOutvotedUnderLoad() throws Exception {
        String name = TestDatabases.uniqueName("bank_wrong");
        ChorusConfig config = TestDatabases.config(name, 1, "20s", "h2", "derby", "hsqldb");
        ChorusDataSource ds = bank(config);
        FaultyDriver.inject(TestDatabases.faultName(name, "hsqldb"), Fault.onSql(Fault.Kind.WRONG_VALUE, "SELECT balance"));
        runBank(config, ds, 10);
    }

    // ---- anomalies that READ COMMITTED engines would let through ---------------------------------------------------

    private static ChorusDataSource small(ChorusConfig config, String... setup) throws SQLException {
        ChorusDataSource ds = new ChorusDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : setup) {
                s.execute(sql);
            }
        }
        return ds;
    }

    private static ChorusConfig three(String prefix) throws SQLException {
        return TestDatabases.config(TestDatabases.uniqueName(prefix), 1, "20s", "h2", "derby", "hsqldb");
    }

    private static long value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aLostUpdateIsPreventedOneWriterRetries() throws Exception {
        ChorusConfig config = three("lost");
        try (ChorusDataSource ds = small(config, "CREATE TABLE counter (id INT PRIMARY KEY, n INT)", "INSERT INTO counter VALUES (1, 0)");
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long na = value(a, "SELECT n FROM counter WHERE id = 1");
            long nb = value(b, "SELECT n FROM counter WHERE id = 1");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> aWrites = pool.submit(() -> a.createStatement().executeUpdate("UPDATE counter SET n = " + (na + 1) + " WHERE id = 1"));
                Thread.sleep(200);
                assertThat(aWrites).as("a waits: b read the row").isNotDone();
                assertThatThrownBy(() -> b.createStatement().executeUpdate("UPDATE counter SET n = " + (nb + 1) + " WHERE id = 1"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001")).hasMessageContaining("deadlock");
                b.rollback();
                assertThat(aWrites.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                a.commit();
            } finally {
                pool.shutdownNow();
            }
            long again = value(b, "SELECT n FROM counter WHERE id = 1");
            b.createStatement().executeUpdate("UPDATE counter SET n = " + (again + 1) + " WHERE id = 1");
            b.commit();
            assertThat(value(b, "SELECT n FROM counter WHERE id = 1")).as("both increments count").isEqualTo(2);
        }
    }

    @Test
    void writeSkewIsPrevented() throws Exception {
        ChorusConfig config = three("skew");
        try (ChorusDataSource ds = small(config, "CREATE TABLE doctor (id INT PRIMARY KEY, on_call BOOLEAN)",
                "INSERT INTO doctor VALUES (1, TRUE), (2, TRUE)"); Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            assertThat(value(a, "SELECT COUNT(*) FROM doctor WHERE on_call")).isEqualTo(2);
            assertThat(value(b, "SELECT COUNT(*) FROM doctor WHERE on_call")).isEqualTo(2);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> aOff = pool.submit(() -> a.createStatement().executeUpdate("UPDATE doctor SET on_call = FALSE WHERE id = 1"));
                Thread.sleep(200);
                assertThat(aOff).isNotDone();
                assertThatThrownBy(() -> b.createStatement().executeUpdate("UPDATE doctor SET on_call = FALSE WHERE id = 2"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001"));
                b.rollback();
                aOff.get(10, TimeUnit.SECONDS);
                a.commit();
            } finally {
                pool.shutdownNow();
            }
            assertThat(value(b, "SELECT COUNT(*) FROM doctor WHERE on_call")).as("one doctor stays on call").isEqualTo(1);
            b.commit();
        }
    }

    @Test
    void readSkewAndPhantomsAreNotSeen() throws Exception {
        ChorusConfig config = three("skew_read");
        try (ChorusDataSource ds = small(config, "CREATE TABLE pair (id INT PRIMARY KEY, v INT, grp INT)",
                "INSERT INTO pair VALUES (1, 50, 1), (2, 50, 1)"); Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            long x = value(a, "SELECT v FROM pair WHERE id = 1");
            long rows = value(a, "SELECT COUNT(*) FROM pair WHERE grp = 1");
            CountDownLatch started = new CountDownLatch(1);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> writer = pool.submit(() -> {
                    started.countDown();
                    b.createStatement().executeUpdate("UPDATE pair SET v = v - 10 WHERE id = 1");
                    b.createStatement().executeUpdate("UPDATE pair SET v = v + 10 WHERE id = 2");
                    b.createStatement().executeUpdate("INSERT INTO pair VALUES (3, 0, 1)");
                    b.commit();
                    return null;
                });
                started.await();
                Thread.sleep(200);
                long y = value(a, "SELECT v FROM pair WHERE id = 2");
                assertThat(x + y).as("no read skew").isEqualTo(100);
                assertThat(value(a, "SELECT COUNT(*) FROM pair WHERE grp = 1")).as("no phantom").isEqualTo(rows);
                assertThat(writer).isNotDone();
                a.commit();
                writer.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertThat(value(a, "SELECT SUM(v) FROM pair")).isEqualTo(100);
            assertThat(value(a, "SELECT COUNT(*) FROM pair WHERE grp = 1")).isEqualTo(3);
            a.commit();
            assertThat(TestDatabases.distinctDigests(config, "SELECT id, v, grp FROM pair ORDER BY id")).hasSize(1);
        }
    }

    @Test
    void aDeadlockIsBrokenAtOnceOneVictimTheOtherCommits() throws Exception {
        ChorusConfig config = three("deadlock");
        try (ChorusDataSource ds = small(config, "CREATE TABLE r (id INT PRIMARY KEY, v INT)", "INSERT INTO r VALUES (1, 0), (2, 0)");
             Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().executeUpdate("UPDATE r SET v = 1 WHERE id = 1");
            b.createStatement().executeUpdate("UPDATE r SET v = 2 WHERE id = 2");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> aWaits = pool.submit(() -> a.createStatement().executeUpdate("UPDATE r SET v = 1 WHERE id = 2"));
                Thread.sleep(200);
                long start = System.nanoTime();
                assertThatThrownBy(() -> b.createStatement().executeUpdate("UPDATE r SET v = 2 WHERE id = 1"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("40001")).hasMessageContaining("deadlock");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("well inside the lock wait timeout (5 s)")
                        .isLessThan(2_000);
                b.rollback();
                assertThat(aWaits.get(10, TimeUnit.SECONDS)).isEqualTo(1);
                a.commit();
            } finally {
                pool.shutdownNow();
            }
            assertThat(value(a, "SELECT SUM(v) FROM r")).isEqualTo(2);
            a.commit();
            assertThat(TestDatabases.distinctDigests(config, "SELECT id, v FROM r ORDER BY id")).hasSize(1);
        }
    }
}
