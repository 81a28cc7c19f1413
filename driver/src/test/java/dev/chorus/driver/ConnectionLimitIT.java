package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.driver.pg.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connection limits: every open Chorus session holds a connection to every replica, so a session beyond Chorus's
 * {@code maxConnections}, or beyond a PostgreSQL server's {@code max_connections}, is refused with SQLState 53300;
 * no replica is blamed for it, the open sessions go on, and a session opens again once one is closed.
 */
@Timeout(120)
class ConnectionLimitIT {

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("INSERT INTO t VALUES (" + id + ", 'row " + id + "')")).isEqualTo(1);
        }
    }

    private static int count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void closeAll(List<Connection> open) throws SQLException {
        for (Connection c : open) {
            c.close();
        }
    }

    @Test
    void aSessionBeyondMaxConnectionsIsRefusedWith53300AndNoReplicaIsBlamed() throws Exception {
        ChorusConfig config = TestDatabases.config(TestDatabases.uniqueName("limit"),
                Map.of("maxConnections", "3", "statementTimeout", "1s", "reads", "all"), "h2", "derby", "hsqldb");
        assertThat(config.maxConnections()).isEqualTo(3);
        try (ChorusDataSource ds = new ChorusDataSource(config)) {
            List<Connection> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(ds.getConnection());
            }
            try (Statement s = open.get(0).createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
            }
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining("has no connection to spare").hasMessageContaining("maxConnections")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("53300");
            // it waited for a free connection about as long as the statement timeout, no longer
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
            for (int i = 0; i < open.size(); i++) {
                insert(open.get(i), i);
            }
            TestDatabases.assertAllHealthy(open.get(0), config);

            open.remove(0).close();
            try (Connection again = ds.getConnection()) {
                insert(again, 10);
                assertThat(count(again)).isEqualTo(4);
                TestDatabases.assertAllHealthy(again, config);
                // verify needs a connection of its own to every replica: none is free now
                assertThatThrownBy(() -> again.unwrap(ChorusConnection.class).verify())
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("53300");
            }
            assertThat(open.get(0).unwrap(ChorusConnection.class).verify().allEqual()).isTrue();
            closeAll(open);
        }
    }

    @Test
    void aConnectionThePostgresqlServerRefusesFailsTheSessionNotTheReplica() throws Exception {
        try (PostgresServer server = PostgresServer.start("max_connections=6", "superuser_reserved_connections=0")) {
            String db = TestDatabases.uniqueName("pg_limit");
            String url = server.createDatabase(db);
            ChorusConfig config = ChorusConfig.fromProperties(db, props(Map.of("replicas", "h2,hsqldb,postgresql",
                    "replica.h2.url", "jdbc:h2:mem:" + db + "_h2;DB_CLOSE_DELAY=-1",
                    "replica.hsqldb.url", "jdbc:hsqldb:mem:" + db + "_hsqldb",
                    "replica.postgresql.url", url,
                    "statementTimeout", "2s", "reads", "all", "recovery", "manual")));
            try (ChorusDataSource ds = new ChorusDataSource(config)) {
                List<Connection> open = new ArrayList<>();
                SQLException refused = null;
                while (refused == null && open.size() < 10) {
                    try {
                        open.add(ds.getConnection());
                    } catch (SQLException e) {
                        refused = e;
                    }
                }
                // six server connections (one of them the server's own checks may hold for a moment)
                assertThat((Throwable) refused).as("a session beyond the server's max_connections").isNotNull();
                assertThat(open.size()).isBetween(4, 6);
                assertThat(refused.getSQLState()).isEqualTo("53300");
                assertThat(refused.getMessage()).contains("replica postgresql has no connection to spare")
                        .contains("max_connections");
                try (Statement s = open.get(0).createStatement()) {
                    s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))");
                }
                for (int i = 0; i < open.size(); i++) {
                    insert(open.get(i), i);
                }
                TestDatabases.assertAllHealthy(open.get(0), config);

                int rows = open.size();
                open.remove(open.size() - 1).close();
                try (Connection again = ds.getConnection()) {
                    insert(again, 10);
                    assertThat(count(again)).isEqualTo(rows + 1);
                    TestDatabases.assertAllHealthy(again, config);
                }
                assertThat(open.get(0).unwrap(ChorusConnection.class).verify().allEqual()).isTrue();
                closeAll(open);
            }
        }
    }

    private static java.util.Properties props(Map<String, String> map) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(map);
        return p;
    }
}
