package dev.chorus.rubis.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * One attempt at serving one request: its parameters, its JDBC connection (taken from the pool on first use, given
 * back by {@link #close}) and its "now" (read once from the server's clock, passed to SQL as a {@link Timestamp}
 * parameter: the SQL never asks the database for the time).
 */
final class Call implements AutoCloseable {
    /** Work inside one transaction. */
    @FunctionalInterface
    interface TransactionWork<T> {
        T run(Connection c) throws SQLException;
    }

    final Params params;
    private final WebContext context;
    private Connection connection;
    private Timestamp now;

    Call(WebContext context, Params params) {
        this.context = context;
        this.params = params;
    }

    /** The request's connection (auto-commit unless inside {@link #inTransaction}). */
    Connection connection() throws SQLException {
        if (connection == null) {
            connection = context.dataSource().getConnection();
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
        }
        return connection;
    }

    /** The request's "now". */
    Timestamp now() {
        if (now == null) {
            now = Timestamp.from(context.clock().instant());
        }
        return now;
    }

    /**
     * Runs work in one transaction: commits when it returns, rolls back when it throws (an SQLException or a
     * {@link UserError}, for instance when an update finds no row), and leaves the connection in auto-commit.
     */
    <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        Connection c = connection();
        c.setAutoCommit(false);
        boolean committed = false;
        try {
            T result = work.run(c);
            c.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    RubisServlet.LOG.debug("rollback failed", e);
                }
            }
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                RubisServlet.LOG.debug("resetting auto-commit failed", e);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            Connection c = connection;
            connection = null;
            c.close();
        }
    }
}
