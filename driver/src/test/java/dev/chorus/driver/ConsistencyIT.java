package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.testing.Fault;
import dev.chorus.testing.Fault.Kind;
import dev.chorus.testing.FaultyDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ways an application could make replicas drift apart or make Chorus blame a healthy replica, each closed: after
 * every test all replicas are healthy (unless a test injects a fault) and hold equal data.
 */
@Timeout(60)
class ConsistencyIT {
    private String name;
    private ChorusConfig config;
    private ChorusDataSource ds;
    private Connection c;
    private boolean expectAllHealthy = true;

    @BeforeEach
    void open() throws SQLException {
        name = TestDatabases.uniqueName("consistency");
        config = TestDatabases.config(name, 1, "10s", "h2", "derby", "hsqldb");
        ds = new ChorusDataSource(config);
        c = ds.getConnection();
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, grp INT, name VARCHAR(20))");
            s.executeUpdate("INSERT INTO t VALUES (1, 1, 'a')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        FaultyDriver.clearAll();
        try {
            if (expectAllHealthy) {
                TestDatabases.assertAllHealthy(c, config);
            }
            assertThat(TestDatabases.distinctDigests(config, "SELECT * FROM t")).hasSize(1);
        } finally {
            c.close();
            ds.close();
        }
    }

    private void inject(String replica, Fault fault) {
        FaultyDriver.inject(TestDatabases.faultName(name, replica), fault);
    }

    private List<Integer> ids() throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    private static String state(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    @Test
    void severalStatementsInOneCallAreRejectedBeforeAnyReplicaSeesThem() throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2, 1, 'b'); COMMIT"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("several statements");
            assertThatThrownBy(() -> s.execute("COMMIT; DELETE FROM t")).isInstanceOf(SQLFeatureNotSupportedException.class);
            c.rollback();
            c.setReadOnly(true);
            assertThatThrownBy(() -> s.executeQuery("SELECT 1 FROM t; DELETE FROM t; COMMIT"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            c.setReadOnly(false);
        }
        c.setAutoCommit(true);
        assertThat(ids()).containsExactly(1);
    }

    @Test
    void aTerminatingSemicolonIsAcceptedByEveryEngine() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO t VALUES (2, 1, 'b');")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t ;")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void afterChorusRolledBackATransactionEveryCallFailsUntilTheApplicationRollsBack() throws SQLException {
        expectAllHealthy = false; // two replicas lie on purpose, but nobody is outvoted: they stay HEALTHY
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (100, 1, 'x')");
            // (once a lagging replica finished reading back what the insert wrote: the faults are for the query)
            TestDatabases.awaitCaughtUp(config);
            inject("derby", Fault.once(Kind.WRONG_VALUE, "FROM t"));
            inject("hsqldb", Fault.once(Kind.MISSING_ROW, "FROM t"));
            assertThatThrownBy(this::ids).isInstanceOf(SQLTransactionRollbackException.class).extracting(ConsistencyIT::state)
                    .isEqualTo("ZC001");
            // the work before the failure is gone; going on as if nothing happened must not commit half a transaction
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (200, 1, 'y')"))
                    .isInstanceOf(SQLTransactionRollbackException.class).hasMessageContaining("call rollback()")
                    .extracting(ConsistencyIT::state).isEqualTo("40000");
            assertThatThrownBy(c::commit).hasMessageContaining("nothing was committed").extracting(ConsistencyIT::state).isEqualTo("40000");
            s.executeUpdate("INSERT INTO t VALUES (300, 1, 'z')");
            c.rollback();
            s.executeUpdate("INSERT INTO t VALUES (400, 1, 'w')");
            c.commit();
        }
        c.setAutoCommit(true);
        assertThat(ids()).containsExactly(1, 400);
    }

    @Test
    void cancelFromAnotherThreadCancelsEveryReplicaWithoutBlamingAny() throws Exception {
        for (String r : List.of("h2", "derby", "hsqldb")) {
            inject(r, Fault.slow(Duration.ofSeconds(20), Fault.sqlContains("UPDATE t")));
        }
        try (Statement s = c.createStatement()) {
            CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    s.cancel();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> s.executeUpdate("UPDATE t SET name = 'cancelled'"))
                    .hasMessageContaining("cancelled by the application").extracting(ConsistencyIT::state).isEqualTo("57014");
            canceller.get(10, TimeUnit.SECONDS);
        }
        FaultyDriver.clearAll();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM t WHERE id = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("a");
        }
    }

    @Test
    void preparedStatementsSurviveTheirTableBeingDroppedAndCreatedAgain() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE tmp (id INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO tmp VALUES (1)");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tmp WHERE id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE tmp");
            s.executeUpdate("CREATE TABLE tmp (id INT PRIMARY KEY, extra INT)");
            s.executeUpdate("INSERT INTO tmp VALUES (1, 7)");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tmp WHERE id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void untypedNullsBindOnEveryEngine() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            ps.setInt(1, 2);
            ps.setObject(2, null);
            ps.setNull(3, Types.NULL);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT grp, name FROM t WHERE id = 2")) {
            rs.next();
            assertThat(rs.getObject(1)).isNull();
            assertThat(rs.getString(2)).isNull();
        }
    }

    @Test
    void tiesInAnOrderByNeverBlameAReplica() throws SQLException {
        try (Statement s = c.createStatement()) {
            for (int i = 2; i <= 20; i++) {
                s.executeUpdate("INSERT INTO t VALUES (" + i + ", " + (i % 3) + ", 'n" + (21 - i) + "')");
            }
            // with ties, either f+1 engines agree on one order or the statement fails; nobody is marked
            try (ResultSet rs = s.executeQuery("SELECT name FROM t ORDER BY grp")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(20);
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("ZC002");
            }
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name, grp FROM t ORDER BY grp, name DESC")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            assertThat(names).hasSize(20).startsWith("n9", "n6");
        }
    }

    @Test
    void aReplicaLyingAboutColumnLabelsIsNotBelieved() throws SQLException {
        expectAllHealthy = false; // labels are not a fault by themselves (engines label expressions differently)
        inject("h2", Fault.onSql(Kind.SWAPPED_LABELS, "FROM t"));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM t")) {
            rs.next();
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualToIgnoringCase("ID");
            assertThat(rs.getString("NAME")).isEqualTo("a");
            assertThat(rs.getInt("ID")).isEqualTo(1);
        }
        TestDatabases.awaitCaughtUp(config);
        assertThat(FaultyDriver.triggered(TestDatabases.faultName(name, "h2"))).isPositive();
    }

    @Test
    void batchesReturnTheirGeneratedKeysAndCopyReusedTimestamps() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE ev (id INT GENERATED BY DEFAULT AS IDENTITY (START WITH 1) PRIMARY KEY, happened TIMESTAMP)");
        }
        Timestamp reused = Timestamp.valueOf("2026-01-01 10:00:00");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev (happened) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setTimestamp(1, reused);
            ps.addBatch();
            reused.setTime(Timestamp.valueOf("2026-01-02 10:00:00").getTime());
            ps.setTimestamp(1, reused);
            ps.addBatch();
            assertThat(ps.executeBatch()).containsExactly(1, 1);
            List<Long> keys = new ArrayList<>();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                while (rs.next()) {
                    keys.add(rs.getLong(1));
                }
            }
            assertThat(keys).containsExactly(1L, 2L);
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT happened FROM ev ORDER BY id")) {
            rs.next();
            assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.valueOf("2026-01-01 10:00:00"));
            rs.next();
            assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.valueOf("2026-01-02 10:00:00"));
        }
    }
}
