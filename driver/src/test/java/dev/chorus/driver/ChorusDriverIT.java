package dev.chorus.driver;

import dev.chorus.coordinator.CoordinatorStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ChorusDriverIT {
    @Test
    void registeredThroughServiceLoaderAndAcceptsOnlyChorusUrls() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:chorus:mem:x");
        assertThat(d).isInstanceOf(ChorusDriver.class);
        assertThat(d.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(d.connect("jdbc:h2:mem:x", new Properties())).isNull();
        assertThat(d.acceptsURL("jdbc:chorus:anything")).isTrue();
        assertThat(d.getPropertyInfo("jdbc:chorus:mem:x", new Properties())).extracting(p -> p.name)
                .contains("statementTimeout", "lockWaitTimeout", "approximateDigits");
    }

    @Test
    void badUrlsFailAtConnectNamingTheRule() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:chorus:nope:x")).hasMessageContaining("jdbc:chorus:mem:NAME")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:chorus:mem:")).hasMessageContaining("name");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:chorus:mem:bad;statementTimeout=-1"))
                .hasMessageContaining("statementTimeout='-1'");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:chorus://localhost:1234/x"))
                .isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:chorus:config:/does/not/exist.properties"))
                .hasMessageContaining("cannot read the Chorus configuration file");
    }

    @Test
    void connectionsWithTheSameUrlShareOneCoordinatorAndItsData() throws SQLException {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("shared");
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            try (Statement s = a.createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
                assertThat(rs.next()).isTrue();
            }
            CoordinatorStatus status = a.unwrap(ChorusConnection.class).status();
            assertThat(status.openSessions()).isEqualTo(2);
            assertThat(status.replicas()).extracting(r -> r.name()).containsExactly("h2", "derby", "hsqldb");
            assertThatThrownBy(() -> DriverManager.getConnection(url + ";statementTimeout=5s"))
                    .hasMessageContaining("already running with other settings");
        } finally {
            assertThat(ChorusDriver.shutdown(url)).isTrue();
        }
        assertThat(ChorusDriver.status(url)).isEmpty();
    }

    @Test
    void fileUrlKeepsDataAcrossCoordinatorRestarts(@TempDir Path dir) throws SQLException {
        String url = "jdbc:chorus:file:" + dir.resolve("db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            s.executeUpdate("INSERT INTO t VALUES (1, 'kept')");
        }
        ChorusDriver.shutdown(url);
        assertThat(Files.isDirectory(dir.resolve("db").resolve("derby"))).isTrue();
        // every engine's files are let go, so another process may open them: Derby's lock file is gone once it is
        // shut down (booted, it would keep another JVM out), HSQLDB's once SHUTDOWN ran
        assertThat(dir.resolve("db").resolve("derby").resolve("db.lck")).doesNotExist();
        assertThat(dir.resolve("db").resolve("hsqldb").resolve("chorus.lck")).doesNotExist();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    @Test
    void configFileNamesReplicasAndSettings(@TempDir Path dir) throws Exception {
        String db = TestDatabases.uniqueName("cfg");
        Path file = dir.resolve("shop.properties");
        Files.writeString(file, String.join("\n",
                "# three replicas, f = 1",
                "f=1",
                "replicas=a,b,c",
                "replica.a.url=jdbc:h2:mem:" + db + "_a;DB_CLOSE_DELAY=-1",
                "replica.b.url=jdbc:derby:memory:" + db + "_b;create=true",
                "replica.c.url=jdbc:hsqldb:mem:" + db + "_c",
                "replica.c.user=SA",
                "statementTimeout=7s"));
        String url = "jdbc:chorus:config:" + file;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            assertThat(c.unwrap(ChorusConnection.class).status().replicas()).extracting(r -> r.name()).containsExactly("a", "b", "c");
        } finally {
            ChorusDriver.shutdown(url);
        }
        Files.writeString(file, "replicas=a\nreplica.a.url=jdbc:h2:mem:x\n");
        assertThatThrownBy(() -> DriverManager.getConnection(url)).hasMessageContaining("needs at least 2f+1=3 replicas");
    }

    @Test
    void statusIsPublishedOverJmx() throws Exception {
        String name = TestDatabases.uniqueName("jmx");
        String url = "jdbc:chorus:mem:" + name;
        try (Connection c = DriverManager.getConnection(url)) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName on = new ObjectName("dev.chorus:type=Coordinator,name=" + ObjectName.quote(name));
            assertThat(server.getAttribute(on, "F")).isEqualTo(1);
            assertThat(server.getAttribute(on, "HealthyReplicas")).isEqualTo(3);
            assertThat(server.getAttribute(on, "OpenSessions")).isEqualTo(1);
            Object states = server.getAttribute(on, "ReplicaStates");
            assertThat(states).isInstanceOf(javax.management.openmbean.TabularData.class);
            assertThat(((javax.management.openmbean.TabularData) states).size()).isEqualTo(3);
        } finally {
            ChorusDriver.shutdown(url);
        }
        assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("dev.chorus:type=Coordinator,name=" + ObjectName.quote(name)))).isFalse();
    }

    @Test
    void isolationIsSerializableWhateverIsAsked() throws SQLException {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("iso");
        try (Connection c = DriverManager.getConnection(url)) {
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThat(c.getMetaData().getDefaultTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            assertThatThrownBy(() -> c.setTransactionIsolation(42)).hasMessageContaining("unknown level 42");
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    @Test
    void readOnlyConnectionsRefuseWrites() throws SQLException {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("ro");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            c.setReadOnly(true);
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO t VALUES (1)")).extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("25006");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    @Test
    void aTransactionHoldsOffConflictingSessionsOnlyAndTheWaitIsBounded() throws Exception {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("serial") + ";lockWaitTimeout=300ms";
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            try (Statement s = a.createStatement()) {
                s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY)");
            }
            a.setAutoCommit(false);
            try (Statement s = a.createStatement()) {
                s.executeUpdate("INSERT INTO t VALUES (1)");
            }
            try (Statement s = b.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT id FROM t WHERE id = 2")) {
                    assertThat(rs.next()).as("another row: no conflict, no wait").isFalse();
                }
                assertThatThrownBy(() -> s.executeQuery("SELECT * FROM t")).isInstanceOf(java.sql.SQLTransactionRollbackException.class)
                        .hasMessageContaining("lock wait timeout").extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("40001");
                a.commit();
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        } finally {
            ChorusDriver.shutdown(url);
        }
    }

    @Test
    void dataSourceWorksWithAUrl() throws SQLException {
        String url = "jdbc:chorus:mem:" + TestDatabases.uniqueName("ds");
        try (ChorusDataSource ds = new ChorusDataSource(url); Connection c = ds.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
            assertThat(ds.isWrapperFor(ChorusDataSource.class)).isTrue();
            assertThat(c.getMetaData().getURL()).isEqualTo(url);
        }
        assertThat(ChorusDriver.status(url)).isEmpty();
        assertThat(Map.of()).isEmpty();
    }
}
