package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input through Chorus on H2 + Derby + HSQLDB: each mistake gives a clear SQLException with a meaningful
 * SQLState, nothing is half-applied, every replica stays healthy and all hold equal data.
 */
@Timeout(60)
class BadInputIT {
    private ChorusConfig config;
    private ChorusDataSource ds;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        config = TestDatabases.config(TestDatabases.uniqueName("bad"), 1, "10s", "h2", "derby", "hsqldb");
        ds = new ChorusDataSource(config);
        c = ds.getConnection();
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL, n INT)");
            s.executeUpdate("INSERT INTO t VALUES (1, 'one', 1)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        try {
            TestDatabases.assertAllHealthy(c, config);
            assertThat(TestDatabases.distinctDigests(config, "SELECT * FROM t")).hasSize(1);
        } finally {
            c.close();
            ds.close();
        }
    }

    private int count() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String state(Throwable e) {
        return ((SQLException) e).getSQLState();
    }

    @Test
    void syntaxErrorIsA42NamingTheStatementAndNothingIsSent() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELEC * FROM t")).isInstanceOf(SQLSyntaxErrorException.class)
                    .hasMessageContaining("SELEC * FROM t").hasMessageContaining("cannot parse")
                    .extracting(BadInputIT::state).asString().startsWith("42");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (2, 'two'")).isInstanceOf(SQLSyntaxErrorException.class);
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void unknownTableAndColumnAre42() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing")).extracting(BadInputIT::state).asString().startsWith("42");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE t SET nope = 1")).extracting(BadInputIT::state).asString().startsWith("42");
        }
    }

    @Test
    void constraintViolationsAre23AndChangeNothing() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1, 'dup', 1)"))
                    .isInstanceOf(java.sql.SQLIntegrityConstraintViolationException.class).extracting(BadInputIT::state).isEqualTo("23505");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t (id) VALUES (5)")).extracting(BadInputIT::state).asString().startsWith("23");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (6, 'much too long', 1)")).extracting(BadInputIT::state).asString().startsWith("22");
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void wrongParameterIndexIsRejectedBeforeAnyReplicaSeesIt() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            assertThatThrownBy(() -> ps.setInt(0, 1)).hasMessageContaining("parameter index 0 is out of range: the statement has 3 parameters")
                    .extracting(BadInputIT::state).isEqualTo("07009");
            assertThatThrownBy(() -> ps.setInt(4, 1)).extracting(BadInputIT::state).isEqualTo("07009");
            ps.setInt(1, 2);
            ps.setString(2, "two");
            assertThatThrownBy(ps::executeUpdate).hasMessageContaining("parameter 3 of 3 is not set").extracting(BadInputIT::state).isEqualTo("07001");
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void wrongParameterTypeIsA22FromEveryEngine() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
            ps.setString(1, "not a number");
            ps.setString(2, "x");
            ps.setInt(3, 1);
            assertThatThrownBy(ps::executeUpdate).extracting(BadInputIT::state).asString().startsWith("22");
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void wrongExecuteMethodIsRejectedBeforeAnyReplicaSeesIt() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("DELETE FROM t")).hasMessageContaining("executeQuery").extracting(BadInputIT::state).isEqualTo("07000");
            assertThatThrownBy(() -> s.executeUpdate("SELECT * FROM t")).hasMessageContaining("executeUpdate").extracting(BadInputIT::state).isEqualTo("07000");
        }
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void transactionControlThatChorusCannotMapIsRejected() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SET SCHEMA other")).isInstanceOf(SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("SET").extracting(BadInputIT::state).isEqualTo("0A000");
            assertThatThrownBy(() -> s.execute("SAVEPOINT x")).as("SAVEPOINT in SQL is setSavepoint, refused in auto-commit mode")
                    .isInstanceOf(SQLException.class).extracting(BadInputIT::state).isEqualTo("25000");
            assertThatThrownBy(() -> s.execute("ROLLBACK TO SAVEPOINT nowhere")).extracting(BadInputIT::state).isEqualTo("3B001");
        }
    }

    @Test
    void commitAndRollbackInSqlAreTheConnectionCalls() throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (2, 'two', 2)");
            s.execute("ROLLBACK");
            assertThat(count()).isEqualTo(1);
            s.executeUpdate("INSERT INTO t VALUES (3, 'three', 3)");
            s.execute("COMMIT");
        }
        c.setAutoCommit(true);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aFailedStatementInATransactionKeepsTheEarlierWork() throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (2, 'two', 2)");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (2, 'again', 2)")).extracting(BadInputIT::state).isEqualTo("23505");
            c.commit();
        }
        c.setAutoCommit(true);
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void useAfterCloseThrowsAndNamesTheObject() throws SQLException {
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM t");
        PreparedStatement ps = c.prepareStatement("SELECT * FROM t WHERE id = ?");
        s.close();
        assertThat(rs.isClosed()).isTrue();
        assertThatThrownBy(() -> s.executeQuery("SELECT 1 FROM t")).hasMessageContaining("Statement is closed");
        assertThatThrownBy(rs::next).isInstanceOf(SQLException.class);
        Connection other = ds.getConnection();
        Statement os = other.createStatement();
        other.close();
        assertThatThrownBy(() -> os.executeQuery("SELECT * FROM t")).isInstanceOf(SQLException.class);
        assertThatThrownBy(other::createStatement).hasMessageContaining("Connection is closed").extracting(BadInputIT::state).isEqualTo("08003");
        assertThat(os.isClosed()).isTrue();
        ps.setInt(1, 1);
        try (ResultSet r = ps.executeQuery()) {
            assertThat(r.next()).isTrue();
        }
    }

    /**
     * An answer larger than maxResultBytes fails alike on every replica with 54000 naming the setting, before the
     * coordinator holds more of it; the transaction and the session go on, paged and bounded reads still answer.
     */
    @Test
    void anAnswerLargerThanMaxResultBytesIsRefusedWith54000AndNothingElseChanges() throws SQLException {
        ChorusConfig small = TestDatabases.config(TestDatabases.uniqueName("bad_big"),
                java.util.Map.of("maxResultBytes", "64kB", "statementTimeout", "10s"), "h2", "derby", "hsqldb");
        try (ChorusDataSource bigDs = new ChorusDataSource(small); Connection b = bigDs.getConnection()) {
            try (Statement s = b.createStatement()) {
                s.executeUpdate("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR(200) NOT NULL)");
            }
            try (PreparedStatement ps = b.prepareStatement("INSERT INTO big VALUES (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "x".repeat(100) + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            b.setAutoCommit(false);
            try (Statement s = b.createStatement()) {
                s.executeUpdate("UPDATE big SET pad = 'changed' WHERE id = 0");
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM big")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("maxResultBytes=65536").extracting(BadInputIT::state).isEqualTo("54000");
                try (ResultSet rs = s.executeQuery("SELECT id, pad FROM big ORDER BY id LIMIT 100")) {
                    int n = 0;
                    while (rs.next()) {
                        assertThat(rs.getString(2)).isEqualTo(n == 0 ? "changed" : "x".repeat(100) + n);
                        n++;
                    }
                    assertThat(n).isEqualTo(100);
                }
                s.setMaxRows(50);
                try (ResultSet rs = s.executeQuery("SELECT * FROM big")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                    }
                    assertThat(n).isEqualTo(50);
                }
            }
            b.commit();
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(LENGTH(pad)) FROM big")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2000);
            }
            TestDatabases.assertAllHealthy(b, small);
            assertThat(TestDatabases.distinctDigests(small, "SELECT * FROM big")).hasSize(1);
        }
    }

    /**
     * A connection closed by one thread while another runs transactions on it: the other thread gets "Connection is
     * closed" (08003) or "Statement is closed" (HY010) at its next call, every transaction it was told committed is there, the one it was in is not, every replica healthy.
     */
    @Test
    void aConnectionClosedWhileAnotherThreadWritesLosesNothingAcknowledged() throws Exception {
        Connection shared = ds.getConnection();
        shared.setAutoCommit(false);
        java.util.concurrent.atomic.AtomicInteger acknowledged = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<SQLException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch some = new java.util.concurrent.CountDownLatch(20);
        Thread writer = new Thread(() -> {
            try (PreparedStatement ps = shared.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                for (int i = 100; ; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "w" + i);
                    ps.setInt(3, i);
                    ps.executeUpdate();
                    ps.setInt(1, 100_000 + i);
                    ps.executeUpdate();
                    shared.commit();
                    acknowledged.incrementAndGet();
                    some.countDown();
                }
            } catch (SQLException e) {
                failure.set(e);
            }
        }, "bad-input-writer");
        writer.start();
        assertThat(some.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        shared.close();
        writer.join(30_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat((Throwable) failure.get()).isNotNull();
        // the connection's close closes its statements too: whichever the writer touched first says it is closed
        assertThat((Throwable) failure.get()).hasMessageMatching("(Connection|Statement) is closed.*");
        assertThat(failure.get().getSQLState()).isIn("08003", "HY010");
        assertThat(shared.isClosed()).isTrue();
        // each acknowledged transaction's two rows, and nothing of the one the close cut off
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM t WHERE id >= 100 AND id < 100000")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(acknowledged.get());
            assertThat(rs.getInt(3) - rs.getInt(2) + 1).isEqualTo(acknowledged.get());
        }
        assertThat(count()).isEqualTo(1 + 2 * acknowledged.get());
    }

    /** A statement closed by one thread while another reads its result: the reader gets an SQLException, nothing else. */
    @Test
    void aStatementClosedWhileAnotherThreadReadsItsResult() throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, 'g', ?)")) {
            for (int i = 2; i <= 500; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY id");
        java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch closedIt = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                while (rs.next()) {
                    if (read.incrementAndGet() == 10) {
                        started.countDown();
                        closedIt.await();
                    }
                }
            } catch (SQLException | InterruptedException e) {
                failure.set(e);
            }
        }, "bad-input-reader");
        reader.start();
        assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        s.close();
        closedIt.countDown();
        reader.join(30_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(read.get()).isEqualTo(10);
        assertThat(failure.get()).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThat(count()).isEqualTo(500);
    }

    @Test
    void unwrapNeverHandsOutAReplicaConnection() throws SQLException {
        assertThat(c.isWrapperFor(ChorusConnection.class)).isTrue();
        assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isFalse();
        assertThatThrownBy(() -> c.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(SQLException.class)
                .hasMessageContaining("never hands out");
    }

    @Test
    void unsupportedJdbcCallsSayWhichMethod() {
        assertThatThrownBy(() -> c.prepareCall("CALL x()")).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessage("Connection.prepareCall is not supported by Chorus");
        assertThatThrownBy(() -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
    }
}
