package dev.chorus.driver.matrix;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.driver.contract.JdbcContract;
import org.junit.jupiter.api.AfterEach;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The JDBC contract through Chorus on a set of engines other than the embedded default, with plain H2's
 * expectations: every replica answers every statement (reads=all) and after each test all of them must still be
 * HEALTHY, so an engine answering any statement of the suite differently from the others fails the test.
 */
abstract class EngineMatrixContract extends JdbcContract {
    private ChorusDataSource dataSource;
    private ChorusConfig config;

    /** The engines of the replica set ({@code h2}, {@code derby}, {@code hsqldb}, {@code postgresql}). */
    abstract String[] engines();

    /** Faults tolerated: 1 for three replicas, 2 for five. */
    int f() {
        return 1;
    }

    @Override
    protected void newDatabase(String name) throws SQLException {
        config = TestDatabases.config(name.replaceAll("[^A-Za-z0-9_]", "_"), Map.of("f", Integer.toString(f())), engines());
        dataSource = new ChorusDataSource(config);
    }

    @Override
    protected Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    @AfterEach
    void everyReplicaStayedHealthy() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            TestDatabases.assertAllHealthy(c, config);
        } finally {
            dataSource.close();
            TestDatabases.dropServerDatabases(config);
        }
    }
}
