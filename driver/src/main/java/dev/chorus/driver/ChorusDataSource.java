package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.SqlStates;
import dev.chorus.driver.jdbc.Wrappers;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A {@link DataSource} for a Chorus database, given either a URL ({@link #setUrl}) or a configuration built in
 * code ({@link #ChorusDataSource(ChorusConfig)}). {@link #close()} shuts the database's coordinator down.
 */
public final class ChorusDataSource implements DataSource, AutoCloseable {
    private volatile String url;
    private volatile String user;
    private volatile ChorusUrl configured;
    private volatile int loginTimeout;
    private volatile PrintWriter logWriter;

    public ChorusDataSource() {
    }

    public ChorusDataSource(String url) {
        this.url = url;
    }

    /** A data source for replicas configured in code; its database identity is {@code config:NAME}. */
    public ChorusDataSource(ChorusConfig config) {
        this.configured = new ChorusUrl(ChorusUrl.PREFIX + "config:" + config.name(), "config-object:" + config.name(), config);
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    /** Chorus has no password of its own; replicas' credentials are part of the configuration. Ignored. */
    public void setPassword(String password) {
        // Deliberately not stored: nothing checks it, and keeping a secret nobody uses only risks leaking it.
    }

    private ChorusUrl target() throws SQLException {
        if (configured != null) {
            return configured;
        }
        if (url == null) {
            throw new SQLNonTransientConnectionException("ChorusDataSource has no URL; call setUrl first", SqlStates.CONNECTION_REJECTED);
        }
        return ChorusUrl.parse(url);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, null);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Properties info = new Properties();
        if (username != null) {
            info.setProperty("user", username);
        }
        return ChorusDriver.open(target(), info);
    }

    /** Shuts down this data source's coordinator (see {@link ChorusDriver#shutdown(String)}). */
    @Override
    public void close() throws SQLException {
        Coordinators.shutdown(target().identity());
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the DataSource contract; Chorus logs through SLF4J, not through this writer. */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("dev.chorus");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(this, iface);
    }
}
