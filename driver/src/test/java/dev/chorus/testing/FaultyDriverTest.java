package dev.chorus.testing;

import static dev.chorus.testing.Fault.Kind.CONNECTION_ERROR;
import static dev.chorus.testing.Fault.Kind.ERROR;
import static dev.chorus.testing.Fault.Kind.EXTRA_ROW;
import static dev.chorus.testing.Fault.Kind.HANG;
import static dev.chorus.testing.Fault.Kind.MISSING_ROW;
import static dev.chorus.testing.Fault.Kind.SLOW;
import static dev.chorus.testing.Fault.Kind.WRONG_UPDATE_COUNT;
import static dev.chorus.testing.Fault.Kind.WRONG_VALUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultyDriverTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final String SELECT_IDS = "SELECT id FROM t ORDER BY id";

    private final List<Connection> opened = new ArrayList<>();
    private String h2Url;

    @BeforeEach
    void createDatabase() throws SQLException {
        FaultyDriver.clearAll();
        h2Url = "jdbc:h2:mem:faulty" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(id INT PRIMARY KEY, name VARCHAR(20), born DATE)");
            s.execute("INSERT INTO t VALUES (1, 'a', DATE '2001-01-01'), (2, 'b', DATE '2002-02-02'), "
                    + "(3, 'c', DATE '2003-03-03')");
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        FaultyDriver.clearAll();
        for (Connection c : opened) {
            c.close();
        }
        try (Connection c = DriverManager.getConnection(h2Url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    // --- URL and registration ---

    @Test
    void acceptsOnlyItsPrefixAndLeavesOtherUrlsToOtherDrivers() throws SQLException {
        FaultyDriver driver = new FaultyDriver();

        assertThat(driver.acceptsURL("jdbc:faulty:h2:" + h2Url)).isTrue();
        assertThat(driver.acceptsURL(h2Url)).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
        assertThat(driver.connect(h2Url, new Properties())).isNull();
    }

    @Test
    void aFaultWithAProbabilityFiresOnAboutThatShareOfCallsTheSameWayForTheSameSeed() throws SQLException {
        List<Boolean> first = new ArrayList<>();
        List<Boolean> second = new ArrayList<>();
        for (List<Boolean> fired : List.of(first, second)) {
            Fault f = Fault.always(ERROR).withProbability(0.25, 42);
            for (int i = 0; i < 400; i++) {
                fired.add(f.sqlMatches().test("SELECT 1"));
            }
        }
        assertThat(first).isEqualTo(second);
        assertThat(first.stream().filter(b -> b).count()).isBetween(60L, 140L);
        assertThat(Fault.onSql(ERROR, "ledger").withProbability(1, 1).sqlMatches().test("SELECT 1")).isFalse();
        assertThatThrownBy(() -> Fault.always(ERROR).withProbability(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stripsThePrefixOnceSoFaultyUrlsNest() throws SQLException {
        FaultyDriver.inject("inner", Fault.always(ERROR));
        Connection c = track(DriverManager.getConnection("jdbc:faulty:outer:jdbc:faulty:inner:" + h2Url));

        assertThatThrownBy(() -> ids(c, SELECT_IDS))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("on 'inner'");
        assertThat(FaultyDriver.triggered("inner")).isEqualTo(1);
        assertThat(FaultyDriver.triggered("outer")).isZero();
    }

    @Test
    void rejectsAUrlWithoutNameOrRealUrl() {
        FaultyDriver driver = new FaultyDriver();

        for (String url : List.of("jdbc:faulty:nameonly", "jdbc:faulty::" + h2Url, "jdbc:faulty:name:")) {
            assertThatThrownBy(() -> driver.connect(url, new Properties()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining(url)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        }
    }

    @Test
    void isRegisteredOnceThroughServiceLoaderAndRegister() throws SQLException {
        FaultyDriver.register();
        FaultyDriver.register();

        assertThat(DriverManager.drivers().filter(FaultyDriver.class::isInstance)).hasSize(1);
        assertThat(DriverManager.getDriver("jdbc:faulty:x:" + h2Url)).isInstanceOf(FaultyDriver.class);
        assertThat(ServiceLoader.load(Driver.class).stream().map(ServiceLoader.Provider::type))
                .contains(FaultyDriver.class);
    }

    // --- row faults ---

    @Test
    void wrongValueChangesTheFirstNumberThroughEveryGetter() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(WRONG_VALUE, "from t"));
        try (Statement s = open("h2").createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name FROM t ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getLong("ID")).isEqualTo(2L);
            assertThat(rs.getObject(1)).isEqualTo(2);
            assertThat(rs.getObject(1, Long.class)).isEqualTo(2L);
            assertThat(rs.getString(1)).isEqualTo("2");
            assertThat(rs.getBigDecimal("id")).isEqualByComparingTo(BigDecimal.valueOf(2));
            assertThat(rs.getDouble(1)).isEqualTo(2.0);
            assertThat(rs.getString(2)).as("only the first column is spoiled").isEqualTo("a");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("only the first row is spoiled").isEqualTo(2);
        }
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(1);
    }

    @Test
    void wrongValueAppendsXToAStringAndNullsOtherTypes() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(WRONG_VALUE, "from t"));
        Connection c = open("h2");
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name FROM t ORDER BY id")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("aX");
                assertThat(rs.getObject("NAME")).isEqualTo("aX");
            }
            try (ResultSet rs = s.executeQuery("SELECT born, id FROM t ORDER BY id")) {
                rs.next();
                assertThat(rs.getObject(1)).isNull();
                assertThat(rs.wasNull()).isTrue();
                assertThat(rs.getDate(1)).isNull();
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.wasNull()).isFalse();
            }
        }
    }

    @Test
    void wrongValueSparesUnmatchedSqlAndWearsOutAfterItsTimes() throws SQLException {
        FaultyDriver.inject("h2", Fault.once(WRONG_VALUE, "FROM T"));
        Connection c = open("h2");

        assertThat(ids(c, "SELECT 7")).as("no match").containsExactly(7);
        assertThat(FaultyDriver.triggered("h2")).isZero();
        assertThat(ids(c, SELECT_IDS)).as("matched, case-insensitively").containsExactly(2, 2, 3);
        assertThat(ids(c, SELECT_IDS)).as("worn out").containsExactly(1, 2, 3);
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(1);
    }

    @Test
    void missingRowDropsTheLastRow() throws SQLException {
        FaultyDriver.inject("h2", Fault.once(MISSING_ROW, "from t"));
        Connection c = open("h2");

        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2);
        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3);
    }

    @Test
    void extraRowRepeatsTheLastRow() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(EXTRA_ROW, "order by"));
        Connection c = open("h2");

        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3, 3);
        assertThat(ids(c, "SELECT id FROM t WHERE id = 2")).as("no match").containsExactly(2);
    }

    @Test
    void rowFaultsReachPreparedStatementsThroughExecuteAndGetResultSet() throws SQLException {
        FaultyDriver.inject("h2", Fault.always(MISSING_ROW));
        Connection c = open("h2");
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id >= ? ORDER BY id")) {
            ps.setInt(1, 2);
            assertThat(ps.execute()).isTrue();
            ResultSet rs = ps.getResultSet();
            assertThat(ps.getResultSet()).isSameAs(rs);
            assertThat(rs.getStatement()).isSameAs(ps);
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.isLast()).isTrue();
            assertThat(rs.next()).isFalse();
            rs.close();
            assertThat(rs.isClosed()).isTrue();
        }
    }

    // --- update counts ---

    @Test
    void wrongUpdateCountAddsOneWhileTheUpdateStillRuns() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(WRONG_UPDATE_COUNT, "update"));
        Connection c = open("h2");
        try (Statement s = c.createStatement();
                PreparedStatement ps = c.prepareStatement("UPDATE t SET name = ? WHERE id = ?")) {
            assertThat(s.executeUpdate("UPDATE t SET name = 'z' WHERE id = 1")).isEqualTo(2);
            assertThat(s.executeLargeUpdate("UPDATE t SET name = 'z' WHERE id = 2")).isEqualTo(2L);
            assertThat(s.execute("UPDATE t SET name = 'z' WHERE id = 3")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            ps.setString(1, "y");
            ps.setInt(2, 1);
            assertThat(ps.executeUpdate()).isEqualTo(2);
            assertThat(s.executeUpdate("DELETE FROM t WHERE id = 3")).as("no match").isEqualTo(1);
        }
        assertThat(ids(c, "SELECT id FROM t WHERE name IN ('y', 'z') ORDER BY id")).containsExactly(1, 2);
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(4);
    }

    @Test
    void wrongUpdateCountSpoilsBatchesWhenAnyBatchedSqlMatches() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(WRONG_UPDATE_COUNT, "insert"));
        Connection c = open("h2");
        try (Statement s = c.createStatement();
                PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, 'p', NULL)")) {
            s.addBatch("UPDATE t SET name = 'q' WHERE id = 1");
            s.addBatch("INSERT INTO t VALUES (4, 'd', NULL)");
            assertThat(s.executeBatch()).containsExactly(2, 2);
            s.addBatch("UPDATE t SET name = 'q' WHERE id = 2");
            assertThat(s.executeBatch()).as("the batch was emptied: no INSERT left").containsExactly(1);
            ps.setInt(1, 5);
            ps.addBatch();
            ps.setInt(1, 6);
            ps.addBatch();
            assertThat(ps.executeLargeBatch()).containsExactly(2L, 2L);
        }
        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void generatedKeysStayRealWhenTheUpdateCountIsWrong() throws SQLException {
        Connection c = open("h2");
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE g(id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v INT)");
            FaultyDriver.inject("h2", Fault.always(WRONG_UPDATE_COUNT));
            assertThat(s.executeUpdate("INSERT INTO g(v) VALUES (7)", Statement.RETURN_GENERATED_KEYS)).isEqualTo(2);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getInt(1)).isEqualTo(1);
                assertThat(keys.next()).isFalse();
            }
        }
    }

    // --- errors ---

    @Test
    void errorReplacesTheExecutionWithSqlState42000() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(ERROR, "insert"));
        Connection c = open("h2");
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (4, 'd', NULL)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageStartingWith("injected fault ERROR on 'h2'")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
        }
        assertThat(ids(c, SELECT_IDS)).as("not executed, and selects do not match").containsExactly(1, 2, 3);
    }

    @Test
    void errorOnceFailsOnlyTheFirstMatchingExecution() throws SQLException {
        FaultyDriver.inject("h2", Fault.once(ERROR, "insert"));
        Connection c = open("h2");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, 'd', NULL)")) {
            ps.setInt(1, 4);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3, 4);
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(1);
    }

    @Test
    void connectionErrorThrowsANonTransientConnectionException() throws SQLException {
        FaultyDriver.inject("h2", Fault.onSql(CONNECTION_ERROR, "where id = 2"));
        Connection c = open("h2");

        assertThatThrownBy(() -> ids(c, "SELECT id FROM t WHERE id = 2"))
                .isInstanceOf(SQLNonTransientConnectionException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3);
    }

    // --- hangs and delays ---

    @Test
    void hangEndsWhenAnotherThreadCancelsTheStatement() throws Exception {
        FaultyDriver.inject("h2", Fault.once(HANG, "from t"));
        Statement s = open("h2").createStatement();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<ResultSet> query = executor.submit(() -> s.executeQuery(SELECT_IDS));
            awaitBlocked("h2");
            s.cancel();

            assertThatThrownBy(query::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class)
                    .hasMessageContaining("ended by Statement.cancel()")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        } finally {
            executor.shutdownNow();
        }
        assertThat(FaultyDriver.blocked("h2")).isZero();
        try (ResultSet rs = s.executeQuery(SELECT_IDS)) {
            assertThat(rs.next()).as("the statement still works once the fault is used up").isTrue();
        }
    }

    @Test
    void hangEndsWhenTheThreadIsInterrupted() throws Exception {
        FaultyDriver.inject("h2", Fault.always(HANG));
        Statement s = open("h2").createStatement();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                s.executeQuery(SELECT_IDS);
            } catch (SQLException e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        awaitBlocked("h2");
        worker.interrupt();
        worker.join();

        assertThat(failure.get().getMessage()).contains("ended by interrupt");
        assertThat(failure.get().getSQLState()).isEqualTo("57014");
        assertThat(stillInterrupted.get()).as("the interrupt is kept for the caller").isTrue();
    }

    @Test
    void hangEndsWhenTheConnectionIsClosed() throws Exception {
        FaultyDriver.inject("h2", Fault.always(HANG));
        Connection c = open("h2");
        PreparedStatement ps = c.prepareStatement(SELECT_IDS);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<ResultSet> query = executor.submit(() -> ps.executeQuery());
            awaitBlocked("h2");
            c.close();

            assertThatThrownBy(query::get).cause()
                    .hasMessageContaining("ended by Connection.close()")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("57014");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void slowDelaysMatchingExecutionsThenRunsThem() throws SQLException {
        Duration delay = Duration.ofMillis(200);
        FaultyDriver.inject("h2", Fault.slow(delay, Fault.sqlContains("order by")));
        Connection c = open("h2");

        long start = System.nanoTime();
        assertThat(ids(c, SELECT_IDS)).containsExactly(1, 2, 3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(delay);
        assertThat(ids(c, "SELECT id FROM t WHERE id = 1")).containsExactly(1);
        assertThat(FaultyDriver.triggered("h2")).as("only the matching query was slowed").isEqualTo(1);
    }

    // --- the fault table ---

    @Test
    void faultsInjectedAfterOpeningApplyOnlyToTheirNameUntilCleared() throws SQLException {
        Connection a = open("a");
        Connection b = open("b");
        FaultyDriver.inject("a", Fault.always(ERROR));

        assertThatThrownBy(() -> ids(a, SELECT_IDS)).isInstanceOf(SQLException.class);
        assertThat(ids(b, SELECT_IDS)).containsExactly(1, 2, 3);
        assertThat(FaultyDriver.triggered("a")).isEqualTo(1);

        FaultyDriver.clear("a");
        assertThat(ids(a, SELECT_IDS)).containsExactly(1, 2, 3);
        assertThat(FaultyDriver.triggered("a")).isZero();
    }

    @Test
    void faultsOfBothPhasesFireOnTheSameExecution() throws SQLException {
        FaultyDriver.inject("h2", Fault.slow(Duration.ofMillis(1), Fault.anySql()));
        FaultyDriver.inject("h2", Fault.always(EXTRA_ROW));

        assertThat(ids(open("h2"), SELECT_IDS)).containsExactly(1, 2, 3, 3);
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(2);
    }

    @Test
    void timesIsCountedExactlyAcrossConcurrentConnections() throws Exception {
        int times = 5;
        int threads = 4;
        int queriesPerThread = 10;
        FaultyDriver.inject("h2", new Fault(ERROR, Fault.anySql(), times));
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            connections.add(open("h2"));
        }
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Connection c : connections) {
                done.add(executor.submit(() -> {
                    start.await();
                    for (int q = 0; q < queriesPerThread; q++) {
                        try {
                            ids(c, SELECT_IDS);
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }
        assertThat(failures.get()).isEqualTo(times);
        assertThat(FaultyDriver.triggered("h2")).isEqualTo(times);
    }

    @Test
    void rejectsFaultsThatCannotMeanAnything() {
        assertThatThrownBy(() -> new Fault(ERROR, Fault.anySql(), 0)).hasMessageContaining("times is 0");
        assertThatThrownBy(() -> Fault.always(SLOW)).hasMessageContaining("SLOW needs a positive delay");
        assertThatThrownBy(() -> new Fault(ERROR, Fault.anySql(), 1, Duration.ofMillis(5)))
                .hasMessageContaining("ERROR takes no delay");
        assertThatThrownBy(() -> Fault.onSql(ERROR, "")).hasMessageContaining("substring is empty");
        assertThatThrownBy(() -> FaultyDriver.inject("a:b", Fault.always(ERROR))).hasMessageContaining("'a:b'");
    }

    // --- the other engines ---

    @Test
    void spoilsDerbyPreparedStatementResults() throws SQLException {
        String database = "faultyDerby" + DATABASES.incrementAndGet();
        Connection c = DriverManager.getConnection("jdbc:faulty:derby1:jdbc:derby:memory:" + database + ";create=true");
        try {
            createItems(c);
            FaultyDriver.inject("derby1", Fault.once(WRONG_VALUE, "from item"));
            FaultyDriver.inject("derby1", Fault.once(MISSING_ROW, "from item"));
            try (PreparedStatement ps = c.prepareStatement("SELECT id, label FROM item WHERE id > ? ORDER BY id")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt("ID")).isEqualTo(2);
                    assertThat(rs.getString("LABEL")).isEqualTo("a");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.next()).as("no row fault of the same phase fires with the first").isTrue();
                    assertThat(rs.next()).isFalse();
                    assertThat(rs.getMetaData().getColumnCount()).as("after Derby committed the exhausted cursor").isEqualTo(2);
                }
                assertThat(ids(ps.executeQuery())).as("the first fault is used up").containsExactly(1, 2);
                assertThat(ids(ps.executeQuery())).containsExactly(1, 2, 3);
            }
            FaultyDriver.inject("derby1", Fault.once(EXTRA_ROW, "select note"));
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT note FROM item ORDER BY id")) {
                List<String> notes = new ArrayList<>();
                while (rs.next()) {
                    notes.add(rs.getString(1));
                }
                assertThat(notes).as("LOBs outlive Derby's commit of the exhausted cursor")
                        .containsExactly("note a", "note b", "note c", "note c");
            }
        } finally {
            c.close();
            // Derby reports a successful drop as an exception.
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:derby:memory:" + database + ";drop=true"))
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08006");
        }
    }

    @Test
    void spoilsHsqldbPreparedStatementResults() throws SQLException {
        String database = "faultyHsqldb" + DATABASES.incrementAndGet();
        Connection c = DriverManager.getConnection("jdbc:faulty:hsqldb1:jdbc:hsqldb:mem:" + database);
        try {
            createItems(c);
            FaultyDriver.inject("hsqldb1", Fault.once(EXTRA_ROW, "from item"));
            FaultyDriver.inject("hsqldb1", Fault.onSql(WRONG_VALUE, "label, id"));
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM item WHERE id > ? ORDER BY id")) {
                ps.setInt(1, 1);
                assertThat(ids(ps.executeQuery())).containsExactly(2, 3, 3);
                assertThat(ids(ps.executeQuery())).containsExactly(2, 3);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT label, id FROM item ORDER BY id");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("aX");
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            c.close();
        }
    }

    private static void createItems(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item(id INT PRIMARY KEY, label VARCHAR(20), note CLOB)");
            s.executeUpdate("INSERT INTO item VALUES (1, 'a', 'note a'), (2, 'b', 'note b'), (3, 'c', 'note c')");
        }
    }

    private Connection open(String name) throws SQLException {
        return track(DriverManager.getConnection("jdbc:faulty:" + name + ":" + h2Url));
    }

    private Connection track(Connection c) {
        opened.add(c);
        return c;
    }

    private static List<Integer> ids(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return ids(s.executeQuery(sql));
        }
    }

    private static List<Integer> ids(ResultSet rs) throws SQLException {
        try (rs) {
            List<Integer> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
            return ids;
        }
    }

    // Bounded by the class timeout; the count only rises once a cancel is sure to reach the wait.
    private static void awaitBlocked(String name) throws InterruptedException {
        while (FaultyDriver.blocked(name) == 0) {
            Thread.sleep(5);
        }
    }
}
