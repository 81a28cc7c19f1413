package dev.chorus.driver.contract;

import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.driver.ChorusDriver;
import org.junit.jupiter.api.AfterEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the JDBC contract against Chorus's embedded default (H2 + Derby + HSQLDB, f=1) with the same expectations
 * as plain H2. After every test all three replicas must still be healthy: a replica outvoted on any statement of
 * the suite would mean the engines answered it differently.
 */
class ChorusJdbcContractIT extends JdbcContract {
    private String url;

    @Override
    protected void newDatabase(String name) {
        url = "jdbc:chorus:mem:" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @AfterEach
    void replicasStayedHealthyAndTheDatabaseIsDropped() throws SQLException {
        try {
            for (ReplicaStatus r : ChorusDriver.status(url).orElseThrow().replicas()) {
                assertThat(r.state()).as(r.name() + ": " + r.lastFault()).isEqualTo(ReplicaState.HEALTHY);
            }
        } finally {
            ChorusDriver.shutdown(url);
        }
    }
}
