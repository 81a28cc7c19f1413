package dev.chorus.coordinator.replica;

import dev.chorus.coordinator.GeneratedKeys;
import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.Param;
import dev.chorus.coordinator.StatementRequest;
import dev.chorus.coordinator.sql.Analysis;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Canonicalizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client session's own connection to one replica. Every method except {@link #cancel()} runs on the replica's
 * thread (the coordinator submits them there), so the connection and the statement cache are confined to it.
 */
public final class ReplicaSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSession.class);
    /** Prepared statements kept open per connection; an application with more distinct SQL re-prepares. */
    private static final int PREPARED_CACHE_SIZE = 128;

    private final Replica replica;
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > PREPARED_CACHE_SIZE) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private volatile Statement running;

    public ReplicaSession(Replica replica, Connection connection) {
        this.replica = replica;
        this.connection = connection;
    }

    public Replica replica() {
        return replica;
    }

    /**
     * Runs one request and returns the replica's canonical answer. An error the replica reports about the
     * statement is an answer ({@link Answer.Failure}) and is voted on.
     *
     * @throws SQLException only when the replica's connection failed: that is no answer at all
     */
    public Answer execute(StatementRequest req, List<Analysis> analyses) throws SQLException {
        Canonicalizer canon = replica.canonicalizer();
        try {
            Answer a = req.expect() == StatementRequest.Expect.BATCH ? batch(req, canon) : single(req, analyses.get(0), canon);
            replica.answered();
            return a;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            replica.answered();
            return canon.failure(e);
        }
    }

    private Answer single(StatementRequest req, Analysis analysis, Canonicalizer canon) throws SQLException {
        Statement st;
        boolean rows;
        if (req.prepared()) {
            PreparedStatement ps = prepare(req.sql(), req.keys());
            ps.clearParameters();
            List<Param> params = req.params().get(0);
            for (int i = 0; i < params.size(); i++) {
                params.get(i).bind(ps, i + 1);
            }
            configure(ps, req);
            running = ps;
            st = ps;
            rows = ps.execute();
        } else {
            st = connection.createStatement();
            configure(st, req);
            running = st;
            rows = req.keys().execute(st, req.sql());
        }
        try {
            if (rows) {
                try (ResultSet rs = st.getResultSet()) {
                    return canon.rows(rs, req.maxRows(), analysis.orderBy());
                }
            }
            long count = st.getUpdateCount();
            Answer.Rows keys = null;
            if (req.keys().wanted()) {
                try (ResultSet rs = st.getGeneratedKeys()) {
                    keys = canon.rows(rs, 0, null);
                }
            }
            return canon.count(count, keys);
        } finally {
            running = null;
            if (!req.prepared()) {
                st.close();
            }
        }
    }

    /**
     * Runs a batch entry by entry and stops at the first failure on every engine alike (natively, some engines
     * go on after a failed entry and others do not, which would leave replicas different).
     */
    private Answer batch(StatementRequest req, Canonicalizer canon) throws SQLException {
        int n = req.prepared() ? req.params().size() : req.batchSql().size();
        long[] counts = new long[n];
        PreparedStatement ps = req.prepared() ? prepare(req.sql(), GeneratedKeys.NONE) : null;
        Statement plain = ps == null ? connection.createStatement() : null;
        Statement st = ps != null ? ps : plain;
        configure(st, req);
        running = st;
        try {
            for (int i = 0; i < n; i++) {
                boolean rows;
                try {
                    if (ps != null) {
                        ps.clearParameters();
                        List<Param> params = req.params().get(i);
                        for (int p = 0; p < params.size(); p++) {
                            params.get(p).bind(ps, p + 1);
                        }
                        rows = ps.execute();
                    } else {
                        rows = plain.execute(req.batchSql().get(i));
                    }
                    if (rows) {
                        st.getResultSet().close();
                        throw new SQLException("batch entry " + (i + 1) + " returned rows; a batch may only contain updates", "21000");
                    }
                } catch (SQLException e) {
                    if (isConnectionFailure(e)) {
                        throw e;
                    }
                    return canon.batch(java.util.Arrays.copyOf(counts, i), e);
                }
                counts[i] = st.getUpdateCount();
            }
            return canon.batch(counts, null);
        } finally {
            running = null;
            if (plain != null) {
                plain.close();
            }
        }
    }

    /** Runs a metadata reader; its normalised table is digested in the order the reader produced it. */
    public Answer metadata(MetadataReader reader) throws SQLException {
        try {
            String schema = connection.getSchema();
            Answer a = replica.canonicalizer().table(reader.read(connection.getMetaData(), schema));
            replica.answered();
            return a;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            return replica.canonicalizer().failure(e);
        }
    }

    public Answer commit() throws SQLException {
        return control(() -> {
            connection.commit();
            return null;
        });
    }

    public Answer rollback() throws SQLException {
        return control(() -> {
            connection.rollback();
            return null;
        });
    }

    public Answer setSavepoint(String name) throws SQLException {
        return control(() -> connection.setSavepoint(name));
    }

    public Answer rollback(Savepoint sp) throws SQLException {
        return control(() -> {
            connection.rollback(sp);
            return null;
        });
    }

    public Answer release(Savepoint sp) throws SQLException {
        return control(() -> {
            connection.releaseSavepoint(sp);
            return null;
        });
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        return connection.isValid(timeoutSeconds);
    }

    private interface Control {
        Object run() throws SQLException;
    }

    private Answer control(Control c) throws SQLException {
        try {
            Answer a = replica.canonicalizer().done(c.run());
            replica.answered();
            return a;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                throw e;
            }
            return replica.canonicalizer().failure(e);
        }
    }

    /** Cancels the statement running now, if any. Called from other threads. */
    public void cancel() {
        Statement s = running;
        if (s != null) {
            try {
                s.cancel();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("cancel on replica {} failed: {}", replica.name(), e.toString());
            }
        }
    }

    /** Rolls back whatever is open and closes the connection. */
    public void close() {
        for (PreparedStatement ps : prepared.values()) {
            closeQuietly(ps);
        }
        prepared.clear();
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("rollback at close on replica {}: {}", replica.name(), e.toString());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("close on replica {}: {}", replica.name(), e.toString());
        }
    }

    /** Closes the connection without talking to the replica's thread: for replicas that are DOWN. */
    public void abandon() {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("abandoning connection to replica {}: {}", replica.name(), e.toString());
        }
    }

    /** Whether an exception means the connection, not the statement, failed: then the replica gave no answer. */
    public static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException || (state != null && state.startsWith("08"));
    }

    private PreparedStatement prepare(String sql, GeneratedKeys keys) throws SQLException {
        String key = keys.cacheKey() + '\u0000' + sql;
        PreparedStatement ps = prepared.get(key);
        if (ps == null || ps.isClosed()) {
            ps = keys.prepare(connection, sql);
            prepared.put(key, ps);
        }
        return ps;
    }

    private static void configure(Statement st, StatementRequest req) throws SQLException {
        st.setMaxRows(req.maxRows());
        st.setQueryTimeout(req.queryTimeoutSeconds());
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException e) {
            LOG.debug("closing a cached statement: {}", e.toString());
        }
    }
}
