package dev.chorus.testing;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real {@code Statement}, {@code PreparedStatement} or {@code CallableStatement} whose executions are checked
 * against the faults of its connection's name. Every execute variant goes through {@link #execute}, which decides
 * the faults in the order an execution unfolds: before running (ERROR, CONNECTION_ERROR, HANG, SLOW), then on the
 * outcome (a row fault on a result set, WRONG_UPDATE_COUNT on update counts).
 *
 * <p>Like the statements it wraps, it is used by one thread at a time, except that {@code cancel()} and
 * {@code close()} may come from another thread to end a HANG.
 */
final class FaultyStatementHandler extends ForwardingHandler {
    private static final String SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION = "42000";
    private static final String CONNECTION_FAILURE = "08006";
    private static final String QUERY_CANCELED = "57014";

    private final FaultyConnectionHandler connection;
    // The SQL a PreparedStatement or CallableStatement was prepared with; null for a plain Statement.
    private final String preparedSql;
    // The strings given to a plain Statement's addBatch, which are its batch's SQL.
    private final List<String> batch = Collections.synchronizedList(new ArrayList<>());
    private final Blocker blocker = new Blocker();
    private Object proxy;

    // The outcome of the latest execution.
    private Fault rowFault;
    private Fault countFault;
    private ResultSet spoiledResult;

    private FaultyStatementHandler(FaultyConnectionHandler connection, Statement real, String preparedSql) {
        super(connection.name, real);
        this.connection = connection;
        this.preparedSql = preparedSql;
    }

    static <T extends Statement> T wrap(FaultyConnectionHandler connection, Class<T> iface, Statement real,
            String preparedSql) {
        FaultyStatementHandler handler = new FaultyStatementHandler(connection, real, preparedSql);
        T proxy = proxy(iface, handler);
        handler.proxy = proxy;
        return proxy;
    }

    @Override
    Object handle(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "execute":
            case "executeQuery":
            case "executeUpdate":
            case "executeLargeUpdate":
            case "executeBatch":
            case "executeLargeBatch":
                return execute(method, args);
            case "addBatch":
                if (args.length == 1) {
                    batch.add((String) args[0]);
                }
                return forward(method, args);
            case "clearBatch":
                batch.clear();
                return forward(method, args);
            case "getResultSet":
                return resultSet(method, args);
            case "getUpdateCount":
                int count = (Integer) forward(method, args);
                return countFault != null && count >= 0 ? count + 1 : count;
            case "getLargeUpdateCount":
                long largeCount = (Long) forward(method, args);
                return countFault != null && largeCount >= 0 ? largeCount + 1 : largeCount;
            case "getMoreResults":
                // A fault spoils only the first result of an execution.
                forgetOutcome();
                return forward(method, args);
            case "cancel":
                // The real statement is idle while an injected wait blocks, and H2 would carry an idle cancel
                // over to the next statement, so a cancel that ends a wait goes no further.
                if (!blocker.releaseAll("Statement.cancel()")) {
                    forward(method, args);
                }
                return null;
            case "close":
                blocker.close("Statement.close()");
                return forward(method, args);
            case "getConnection":
                return connection.proxy();
            default:
                return forward(method, args);
        }
    }

    private Object execute(Method method, Object[] args) throws Throwable {
        String call = method.getName();
        boolean isBatch = call.equals("executeBatch") || call.equals("executeLargeBatch");
        List<String> sql = sqlOf(method, args, isBatch);
        forgetOutcome();

        Fault before = FaultRegistry.fire(name, Fault.Phase.BEFORE_EXECUTION, sql);
        if (before != null) {
            interfere(before, sql);
        }
        Object result;
        try {
            result = forward(method, args);
        } finally {
            if (isBatch) {
                // JDBC empties the batch once executeBatch returns, whatever the outcome.
                batch.clear();
            }
        }
        switch (call) {
            case "executeQuery":
                rowFault = FaultRegistry.fire(name, Fault.Phase.ROWS, sql);
                return rowFault == null ? result : spoil((ResultSet) result);
            case "executeUpdate":
                countFault = FaultRegistry.fire(name, Fault.Phase.UPDATE_COUNT, sql);
                return countFault == null ? result : (Integer) result + 1;
            case "executeLargeUpdate":
                countFault = FaultRegistry.fire(name, Fault.Phase.UPDATE_COUNT, sql);
                return countFault == null ? result : (Long) result + 1;
            case "executeBatch":
                countFault = FaultRegistry.fire(name, Fault.Phase.UPDATE_COUNT, sql);
                return countFault == null ? result : increment((int[]) result);
            case "executeLargeBatch":
                countFault = FaultRegistry.fire(name, Fault.Phase.UPDATE_COUNT, sql);
                return countFault == null ? result : increment((long[]) result);
            default:
                // execute(...): the fault waits for getResultSet or getUpdateCount, whichever the outcome offers.
                if ((Boolean) result) {
                    rowFault = FaultRegistry.fire(name, Fault.Phase.ROWS, sql);
                } else {
                    countFault = FaultRegistry.fire(name, Fault.Phase.UPDATE_COUNT, sql);
                }
                return result;
        }
    }

    private List<String> sqlOf(Method method, Object[] args, boolean isBatch) {
        if (args.length > 0 && method.getParameterTypes()[0] == String.class) {
            return Collections.singletonList((String) args[0]);
        }
        if (preparedSql != null) {
            return List.of(preparedSql);
        }
        if (isBatch) {
            synchronized (batch) {
                return List.copyOf(batch);
            }
        }
        return List.of();
    }

    private void interfere(Fault fault, List<String> sql) throws SQLException {
        String what = "injected fault " + fault.kind() + " on '" + name + "' for " + String.join("; ", sql);
        switch (fault.kind()) {
            case ERROR:
                throw new SQLException(what, SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION);
            case CONNECTION_ERROR:
                throw new SQLNonTransientConnectionException(what, CONNECTION_FAILURE);
            case LOCK_TIMEOUT:
                throw new java.sql.SQLTransactionRollbackException(what + ": A lock could not be obtained within the time requested", "40XL1");
            case HANG:
                block(what, null);
                throw new IllegalStateException("an unbounded wait returned without being ended: " + what);
            case SLOW:
                block(what, fault.delay());
                return;
            default:
                throw new IllegalStateException(fault.kind() + " is not decided before execution");
        }
    }

    /**
     * Blocks for {@code delay}, or until ended when {@code delay} is null; returns only if the delay ran out.
     * Ending by cancel, close or interrupt throws 57014, as an engine does for a cancelled statement.
     */
    private void block(String what, Duration delay) throws SQLException {
        Blocker.Wait wait = new Blocker.Wait();
        blocker.add(wait);
        connection.blocker.add(wait);
        // Counted only once registered, so a test that sees the count can cancel without losing the race.
        FaultRegistry.enterWait(name);
        try {
            if (wait.await(delay == null ? -1 : delay.toNanos())) {
                throw new SQLException(what + " ended by " + wait.endedBy(), QUERY_CANCELED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException(what + " ended by interrupt", QUERY_CANCELED, e);
        } finally {
            FaultRegistry.exitWait(name);
            connection.blocker.remove(wait);
            blocker.remove(wait);
        }
    }

    private Object resultSet(Method method, Object[] args) throws Throwable {
        if (spoiledResult != null) {
            return spoiledResult;
        }
        ResultSet result = (ResultSet) forward(method, args);
        return result == null || rowFault == null ? result : spoil(result);
    }

    private ResultSet spoil(ResultSet result) {
        spoiledResult = SpoiledResultSetHandler.wrap(name, result, proxy, rowFault);
        return spoiledResult;
    }

    private void forgetOutcome() {
        rowFault = null;
        countFault = null;
        spoiledResult = null;
    }

    // Negative counts are markers (SUCCESS_NO_INFO, EXECUTE_FAILED), not counts, so they stay as they are.
    private static int[] increment(int[] counts) {
        int[] spoiled = counts.clone();
        for (int i = 0; i < spoiled.length; i++) {
            if (spoiled[i] >= 0) {
                spoiled[i]++;
            }
        }
        return spoiled;
    }

    private static long[] increment(long[] counts) {
        long[] spoiled = counts.clone();
        for (int i = 0; i < spoiled.length; i++) {
            if (spoiled[i] >= 0) {
                spoiled[i]++;
            }
        }
        return spoiled;
    }
}
