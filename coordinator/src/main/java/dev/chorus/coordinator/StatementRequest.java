package dev.chorus.coordinator;

import java.util.List;
import java.util.Objects;

/**
 * One execution the application asked for: every JDBC execute variant becomes one of these and goes through
 * {@link CoordinatorSession#execute(StatementRequest)}.
 *
 * @param sql          the SQL text as the application wrote it
 * @param params       the bound parameters, one list per execution; empty for a plain {@code Statement} and one
 *                     list for a single prepared execution; several lists for a prepared batch
 * @param batchSql     the SQL texts of a plain {@code Statement} batch (then {@code sql} is a description); empty otherwise
 * @param expect       what the application's method promises to return
 * @param keys         which generated keys the application asked for
 * @param maxRows      the statement's max rows, 0 for no limit
 * @param queryTimeoutSeconds the statement's query timeout, 0 for none
 */
public record StatementRequest(String sql, List<List<Param>> params, List<String> batchSql, Expect expect, GeneratedKeys keys,
                               int maxRows, int queryTimeoutSeconds) {
    /** The JDBC method family. */
    public enum Expect {
        /** {@code executeQuery}: must produce rows. */
        ROWS,
        /** {@code executeUpdate} / {@code executeLargeUpdate}: must produce a count. */
        COUNT,
        /** {@code execute}: either. */
        ANY,
        /** {@code executeBatch}: counts, one per batch entry. */
        BATCH
    }

    public StatementRequest {
        Objects.requireNonNull(sql, "sql");
        params = List.copyOf(params);
        batchSql = List.copyOf(batchSql);
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(keys, "keys");
    }

    /** Whether this is a prepared execution (one or more parameter lists), as opposed to a plain statement. */
    public boolean prepared() {
        return !params.isEmpty();
    }
}
