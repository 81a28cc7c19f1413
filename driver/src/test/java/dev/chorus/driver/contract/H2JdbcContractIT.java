package dev.chorus.driver.contract;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the JDBC contract against plain H2, the reference Chorus must be indistinguishable from.
 * Each test gets its own in-memory database, kept alive between connections by DB_CLOSE_DELAY=-1
 * and shut down afterwards so it does not outlive the test.
 */
class H2JdbcContractIT extends JdbcContract {

    private String url;

    @Override
    protected void newDatabase(String name) {
        url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
