package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application dialect's answers whichever engines compute them: H2's labels and numeric semantics on a replica
 * set without H2, DECIMAL parameters rounded as H2 rounds them on every replica, and SQL that one engine lacks
 * answered by the others without blaming it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineSemanticsIT {
    private static final List<String> SETUP = List.of(
            "CREATE TABLE sale (id INT PRIMARY KEY, qty INT, price DECIMAL(10, 2), name VARCHAR(20))",
            "INSERT INTO sale VALUES (1, 1, 1.00, 'a'), (2, 2, 2.50, 'a '), (3, 2, -0.75, 'b'), (4, NULL, NULL, NULL)");
    private static final String QUERY = "SELECT COUNT(*), AVG(qty), AVG(price), MAX(price) / 3, id + 1, CAST(price AS INT),"
            + " UPPER(name) FROM sale WHERE name <> 'a' OR name IS NULL GROUP BY id, price, name ORDER BY id";

    @Test
    void withoutAnH2ReplicaTheApplicationGetsH2sAnswersAndLabels() throws SQLException {
        // (SUM(price) / 3 would need more digits than Derby has: with two Derby replicas it is refused, see below)
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("sem_noh2"), 1, "10s", "derby", "hsqldb", "derby");
        String plain = "jdbc:h2:mem:" + TestDatabases.uniqueName("sem_plain") + ";DB_CLOSE_DELAY=-1";
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection chorus = ds.getConnection();
             Connection h2 = DriverManager.getConnection(plain)) {
            setUp(chorus, h2);
            assertThat(rows(chorus, QUERY)).isEqualTo(rows(h2, QUERY));
            assertThat(rows(chorus, "SELECT AVG(qty) FROM sale")).isEqualTo(rows(h2, "SELECT AVG(qty) FROM sale"))
                    .containsExactly("[AVG(QTY)]", "[1.6666666666666667]");
            assertThatThrownBy(() -> rows(chorus, "SELECT SUM(price) / 3 FROM sale")).isInstanceOf(java.sql.SQLFeatureNotSupportedException.class)
                    .hasMessageContaining("Derby's 31").hasMessageContaining("1 healthy replicas of other engines");
            assertAllHealthy(chorus);
        } finally {
            shutdown(plain);
        }
    }

    @Test
    void hsqldbDoesNotPadTheCharacterLiteralsOfACase() throws SQLException {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("sem_case"), 1, "10s", "hsqldb", "hsqldb", "derby");
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
            setUp(c);
            assertThat(rows(c, "SELECT CASE WHEN qty > 1 THEN 'many' ELSE 'one' END FROM sale WHERE id = 1"))
                    .containsExactly("[CASE WHEN QTY > 1 THEN 'many' ELSE 'one' END]", "[one]");
        }
    }

    @Test
    void decimalParametersAreRoundedAsH2RoundsThemOnEveryReplica() throws SQLException {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("sem_round"), 1, "10s", "h2", "derby", "hsqldb");
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
            c.createStatement().execute(SETUP.get(0));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sale (id, price) VALUES (?, ?)")) {
                ps.setInt(1, 10);
                ps.setBigDecimal(2, new BigDecimal("0.105"));
                ps.executeUpdate();
                ps.setInt(1, 11);
                ps.setDouble(2, 2.675);
                ps.executeUpdate();
                ps.setInt(1, 12);
                ps.setBigDecimal(2, new BigDecimal("-0.125"));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE sale SET price = ? WHERE id = ?")) {
                ps.setBigDecimal(1, new BigDecimal("7.005"));
                ps.setInt(2, 10);
                ps.executeUpdate();
            }
            TestDatabases.awaitCaughtUp(config);
            for (ReplicaConfig r : config.replicas()) {
                try (Connection direct = TestDatabases.direct(r);
                     ResultSet rs = direct.createStatement().executeQuery("SELECT price FROM sale ORDER BY id")) {
                    List<BigDecimal> prices = new ArrayList<>();
                    while (rs.next()) {
                        prices.add(rs.getBigDecimal(1));
                    }
                    assertThat(prices).as(r.name()).containsExactly(new BigDecimal("7.01"), new BigDecimal("2.68"), new BigDecimal("-0.13"));
                }
            }
        }
    }

    @Test
    void placeholdersInArithmeticGetH2sTypes() throws SQLException {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("sem_arith"), 1, "10s", "h2", "derby", "hsqldb");
        String plain = "jdbc:h2:mem:" + TestDatabases.uniqueName("sem_arith_plain") + ";DB_CLOSE_DELAY=-1";
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection chorus = ds.getConnection();
             Connection h2 = DriverManager.getConnection(plain)) {
            setUp(chorus, h2);
            for (Connection c : List.of(chorus, h2)) {
                // H2 makes 2.505 an INT next to qty (3), and keeps all its places next to price
                try (PreparedStatement ps = c.prepareStatement("UPDATE sale SET qty = qty * ?, price = price * ? + ? WHERE id = 2")) {
                    ps.setBigDecimal(1, new BigDecimal("2.505"));
                    ps.setBigDecimal(2, new BigDecimal("1.075"));
                    ps.setDouble(3, 0.005);
                    ps.executeUpdate();
                }
            }
            String query = "SELECT id, qty, price, qty + 0.5 FROM sale ORDER BY id";
            assertThat(rows(chorus, query)).isEqualTo(rows(h2, query)).contains("[2, 6, 2.69, 6.5]");
            assertAllHealthy(chorus);
        } finally {
            shutdown(plain);
        }
    }

    @Test
    void sqlOneEngineLacksIsAnsweredByTheOthersWithoutBlamingIt() throws SQLException {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("sem_gap"), 1, "10s", "h2", "derby", "hsqldb");
        try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
            setUp(c);
            String repeat = "SELECT id, REPEAT(name, 2) FROM sale WHERE id < 3 ORDER BY id";
            for (int i = 0; i < 2; i++) {
                assertThat(rows(c, repeat)).as("Derby has no REPEAT; H2 and HSQLDB answer").containsExactly(
                        "[ID, REPEAT(NAME, 2)]", "[1, aa]", "[2, a a ]");
            }
            // Only H2 has FORMATDATETIME: the others' refusal wins, and H2 is not blamed for answering.
            String format = "SELECT FORMATDATETIME(TIMESTAMP '2024-05-06 07:08:09', 'yyyy') FROM sale WHERE id = 1";
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> rows(c, format)).isInstanceOf(SQLException.class);
            }
            assertThat(rows(c, "SELECT REPLACE(name, 'a', 'x') FROM sale WHERE id = 1")).containsExactly("[REPLACE(NAME, 'a', 'x')]", "[x]");
            assertAllHealthy(c);
        }
    }

    private static void setUp(Connection... connections) throws SQLException {
        for (Connection c : connections) {
            for (String sql : SETUP) {
                c.createStatement().execute(sql);
            }
        }
    }

    /** Drops the plain H2 database a test compared Chorus with. */
    private static void shutdown(String plainUrl) throws SQLException {
        try (Connection h2 = DriverManager.getConnection(plainUrl); Statement s = h2.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private static void assertAllHealthy(Connection chorus) throws SQLException {
        try {
            assertThat(chorus.unwrap(ChorusConnection.class).awaitReplicasCaughtUp(java.time.Duration.ofSeconds(30))).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        assertThat(chorus.unwrap(ChorusConnection.class).status().replicas()).allMatch(r -> r.state().name().equals("HEALTHY"));
    }

    /** The labels, then each row, as strings; numbers by their plain decimal value. */
    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                labels.add(md.getColumnLabel(i));
            }
            out.add(labels.toString());
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : String.valueOf(v));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
