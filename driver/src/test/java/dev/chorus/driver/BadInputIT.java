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
