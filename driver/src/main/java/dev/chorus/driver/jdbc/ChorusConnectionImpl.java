package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.CoordinatorSession;
import dev.chorus.coordinator.CoordinatorStatus;
import dev.chorus.coordinator.GeneratedKeys;
import dev.chorus.coordinator.SqlStates;
import dev.chorus.driver.ChorusConnection;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A client connection: the JDBC face of one {@link CoordinatorSession}. Statements, transactions and metadata go
 * to the session; what is purely client-side (client info, holdability, network timeout) is kept here.
 */
public final class ChorusConnectionImpl implements ChorusConnection {
    /** Chorus presents one logical schema, whatever each engine calls its default schema. */
    public static final String SCHEMA = "PUBLIC";

    private final CoordinatorSession session;
    private final String url;
    private final String user;
    private final Set<ChorusStatement> statements = ConcurrentHashMap.newKeySet();
    private final Properties clientInfo = new Properties();
    private volatile boolean closed;
    private volatile int holdability = ResultSet.CLOSE_CURSORS_AT_COMMIT;
    private volatile int networkTimeout;

    public ChorusConnectionImpl(CoordinatorSession session, String url, String user) {
        this.session = session;
        this.url = url;
        this.user = user;
    }

    CoordinatorSession session() {
        return session;
    }

    void statementClosed(ChorusStatement s) {
        statements.remove(s);
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("Connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST);
        }
    }

    @Override
    public boolean awaitReplicasCaughtUp(java.time.Duration timeout) throws InterruptedException {
        return session.coordinator().awaitCaughtUp(timeout);
    }

    @Override
    public dev.chorus.coordinator.Maintenance.VerifyReport verify() throws SQLException {
        return dev.chorus.coordinator.Maintenance.verify(session.coordinator());
    }

    @Override
    public dev.chorus.coordinator.Maintenance.RecoveryReport recover(String replica) throws SQLException {
        return dev.chorus.coordinator.Maintenance.recover(session.coordinator(), replica);
    }

    @Override
    public dev.chorus.coordinator.Maintenance.CheckpointReport checkpoint() throws SQLException {
        return dev.chorus.coordinator.Maintenance.checkpoint(session.coordinator());
    }

    @Override
    public dev.chorus.coordinator.StateTransfer.Report transfer(String replica, String engine) throws SQLException {
        dev.chorus.coordinator.Engine e = null;
        if (engine != null) {
            e = dev.chorus.coordinator.Engine.named(engine);
            if (e == null || !e.embeddable()) {
                throw new SQLException("unknown engine '" + engine + "' for a new replica database: h2, derby or hsqldb",
                        "22023");
            }
        }
        return session.coordinator().transfer(replica, e);
    }

    @Override
    public CoordinatorStatus status() {
        return session.coordinator().status();
    }

    @Override
    public void addVoteObserver(dev.chorus.coordinator.VoteObserver observer) {
        session.coordinator().addVoteObserver(observer);
    }

    @Override
    public void removeVoteObserver(dev.chorus.coordinator.VoteObserver observer) {
        session.coordinator().removeVoteObserver(observer);
    }

    // ---- statements -----------------------------------------------------------------------------------------

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
        checkOpen();
        checkResultSetOptions("createStatement", resultSetType, resultSetConcurrency, resultSetHoldability);
        return register(new ChorusStatement(this, resultSetHoldability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepare(sql, GeneratedKeys.NONE, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return prepare(sql, ChorusStatement.keys(autoGeneratedKeys), holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return prepare(sql, GeneratedKeys.indexes(columnIndexes), holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return prepare(sql, GeneratedKeys.columns(columnNames), holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        checkResultSetOptions("prepareStatement", resultSetType, resultSetConcurrency, holdability);
        return prepare(sql, GeneratedKeys.NONE, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkResultSetOptions("prepareStatement", resultSetType, resultSetConcurrency, resultSetHoldability);
        return prepare(sql, GeneratedKeys.NONE, resultSetHoldability);
    }

    private PreparedStatement prepare(String sql, GeneratedKeys keys, int hold) throws SQLException {
        checkOpen();
        if (sql == null) {
            throw new SQLException("prepareStatement: the SQL is null", SqlStates.INVALID_ARGUMENT);
        }
        int parameters = session.coordinator().analyse(sql).parameterCount();
        return register(new ChorusPreparedStatement(this, hold, sql, keys, parameters));
    }

    private <T extends ChorusStatement> T register(T s) {
        statements.add(s);
        return s;
    }

    /**
     * Results are materialised before the client sees them, so both holdabilities are honoured; scrollable and
     * updatable result sets are not offered.
     */
    private static void checkResultSetOptions(String method, int type, int concurrency, int hold) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            throw Unsupported.feature(method + " with a scrollable result set type (" + type + ")");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw Unsupported.feature(method + " with CONCUR_UPDATABLE");
        }
        if (hold != ResultSet.CLOSE_CURSORS_AT_COMMIT && hold != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw new SQLException(method + ": unknown holdability " + hold, SqlStates.INVALID_ARGUMENT);
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw Unsupported.feature("Connection.prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        throw Unsupported.feature("Connection.prepareCall");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        throw Unsupported.feature("Connection.prepareCall");
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ---- transactions ---------------------------------------------------------------------------------------

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        session.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return session.autoCommit();
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        session.commit();
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        session.rollback();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        checkOpen();
        return session.setSavepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        checkOpen();
        if (name == null) {
            throw new SQLException("setSavepoint: the name is null", SqlStates.INVALID_ARGUMENT);
        }
        return session.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        session.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        session.releaseSavepoint(savepoint);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        session.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return session.readOnly();
    }

    /**
     * Chorus's coordinator locks (strict two-phase locking over rows, tables and the database) make every
     * transaction serializable whatever level is asked for and whatever the engines do; JDBC allows a driver to
     * substitute a higher level.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (level != TRANSACTION_READ_UNCOMMITTED && level != TRANSACTION_READ_COMMITTED && level != TRANSACTION_REPEATABLE_READ
                && level != TRANSACTION_SERIALIZABLE) {
            throw new SQLException("setTransactionIsolation: unknown level " + level, SqlStates.INVALID_ARGUMENT);
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    // ---- metadata and state ---------------------------------------------------------------------------------

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new ChorusDatabaseMetaData(this, url, user, session::metadata);
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("isValid: the timeout must not be negative, got " + timeout, SqlStates.INVALID_ARGUMENT);
        }
        return !closed && session.isValid(timeout);
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
        // Chorus has no catalogs; JDBC asks drivers without catalogs to ignore this call.
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return "";
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (!SCHEMA.equalsIgnoreCase(schema)) {
            throw Unsupported.feature("Connection.setSchema to a schema other than " + SCHEMA + " ('" + schema + "')");
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return SCHEMA;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return Map.of();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw Unsupported.feature("Connection.setTypeMap with user-defined types");
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        checkResultSetOptions("setHoldability", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY, holdability);
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST, Map.of());
        }
        if (name == null) {
            throw new SQLClientInfoException("setClientInfo: the name is null", SqlStates.INVALID_ARGUMENT, Map.of());
        }
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", SqlStates.CONNECTION_DOES_NOT_EXIST, Map.of());
        }
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties copy = new Properties();
        copy.putAll(clientInfo);
        return copy;
    }

    /** Kept for pools; replica calls are bounded by the coordinator's statement timeout instead. */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("setNetworkTimeout: negative timeout " + milliseconds, SqlStates.INVALID_ARGUMENT);
        }
        this.networkTimeout = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeout;
    }

    @Override
    public Clob createClob() throws SQLException {
        throw Unsupported.feature("Connection.createClob (use PreparedStatement.setString or setCharacterStream)");
    }

    @Override
    public Blob createBlob() throws SQLException {
        throw Unsupported.feature("Connection.createBlob (use PreparedStatement.setBytes or setBinaryStream)");
    }

    @Override
    public NClob createNClob() throws SQLException {
        throw Unsupported.feature("Connection.createNClob (use PreparedStatement.setNString)");
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw Unsupported.feature("Connection.createSQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw Unsupported.feature("Connection.createArrayOf");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw Unsupported.feature("Connection.createStruct");
    }

    // ---- closing --------------------------------------------------------------------------------------------

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release();
    }

    private void release() {
        for (ChorusStatement s : statements.toArray(new ChorusStatement[0])) {
            s.closeQuietly();
        }
        session.close();
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("abort: the executor is null", SqlStates.INVALID_ARGUMENT);
        }
        if (closed) {
            return;
        }
        closed = true;
        session.cancel();
        executor.execute(this::release);
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(this, iface);
    }

    @Override
    public String toString() {
        return "ChorusConnection[" + url + ", session #" + session.id() + (closed ? ", closed" : "") + "]";
    }
}
