package dev.chorus.testing;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real result set that a row fault (WRONG_VALUE, MISSING_ROW, EXTRA_ROW) fired on. On first use it reads every
 * real row into memory, because dropping the last row needs to know which row is last, then spoils the buffer and
 * serves it forward-only and read-only.
 *
 * <p>Not thread-safe, like the result sets it stands in for.
 */
final class SpoiledResultSetHandler extends ForwardingHandler {
    private static final String INVALID_CURSOR_STATE = "24000";

    private final Object statement;
    private final Fault fault;
    private ResultSetMetaData metaData;
    private String[] labels;
    private SQLWarning warnings;
    private List<Object[]> rows;
    private int cursor = -1;
    private boolean wasNull;
    private boolean closed;

    private SpoiledResultSetHandler(String name, ResultSet real, Object statement, Fault fault) {
        super(name, real);
        this.statement = statement;
        this.fault = fault;
    }

    static ResultSet wrap(String name, ResultSet real, Object statement, Fault fault) {
        return proxy(ResultSet.class, new SpoiledResultSetHandler(name, real, statement, fault));
    }

    @Override
    Object handle(Object self, Method method, Object[] args) throws Throwable {
        String call = method.getName();
        switch (call) {
            case "close":
                closed = true;
                return forward(method, args);
            case "isClosed":
                return closed;
            case "getStatement":
                return statement;
            case "getFetchSize":
            case "setFetchSize":
            case "getFetchDirection":
            case "setFetchDirection":
            case "getHoldability":
            case "getCursorName":
                return forward(method, args);
            default:
                break;
        }
        if (closed) {
            throw new SQLException(call + " called on a closed result set (fault " + fault.kind() + " on '" + name + "')",
                    INVALID_CURSOR_STATE);
        }
        buffer();
        switch (call) {
            case "next":
                if (cursor < rows.size()) {
                    cursor++;
                }
                return cursor < rows.size();
            case "wasNull":
                return wasNull;
            case "findColumn":
                return column((String) args[0]);
            case "getMetaData":
                return metaData;
            case "getWarnings":
                return warnings;
            case "clearWarnings":
                warnings = null;
                return null;
            case "getRow":
                return onRow() ? cursor + 1 : 0;
            case "isBeforeFirst":
                return cursor < 0 && !rows.isEmpty();
            case "isAfterLast":
                return cursor >= rows.size() && !rows.isEmpty();
            case "isFirst":
                return cursor == 0 && onRow();
            case "isLast":
                return cursor == rows.size() - 1 && onRow();
            case "getType":
                return ResultSet.TYPE_FORWARD_ONLY;
            case "getConcurrency":
                return ResultSet.CONCUR_READ_ONLY;
            default:
                break;
        }
        if (call.startsWith("get") && args.length >= 1 && (args[0] instanceof Integer || args[0] instanceof String)) {
            Object value = cell(args[0]);
            wasNull = value == null;
            return Values.read(call, value, args);
        }
        throw new SQLFeatureNotSupportedException(call + " is not supported by FaultyDriver's spoiled result set, "
                + "which is forward-only and read-only");
    }

    private void buffer() throws SQLException {
        if (rows != null) {
            return;
        }
        ResultSet rs = (ResultSet) real;
        metaData = fault.kind() == Fault.Kind.SWAPPED_LABELS ? swapped(rs.getMetaData()) : rs.getMetaData();
        warnings = rs.getWarnings();
        int columns = metaData.getColumnCount();
        labels = new String[columns];
        for (int i = 0; i < columns; i++) {
            labels[i] = metaData.getColumnLabel(i + 1);
        }
        List<Object[]> read = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = Values.detach(rs.getObject(i + 1));
            }
            read.add(row);
        }
        spoil(read);
        rows = read;
    }

    private void spoil(List<Object[]> read) {
        if (read.isEmpty()) {
            return;
        }
        switch (fault.kind()) {
            case WRONG_VALUE:
                Object[] first = read.get(0);
                if (first.length > 0) {
                    first[0] = Values.spoil(first[0]);
                }
                break;
            case MISSING_ROW:
                read.remove(read.size() - 1);
                break;
            case EXTRA_ROW:
                read.add(read.get(read.size() - 1).clone());
                break;
            case SWAPPED_LABELS:
                break; // the rows stay; getMetaData lies instead

            default:
                throw new IllegalStateException(fault.kind() + " is not a row fault");
        }
    }

    /** Metadata whose columns 1 and 2 swap labels and names. */
    private static ResultSetMetaData swapped(ResultSetMetaData real) throws SQLException {
        if (real.getColumnCount() < 2) {
            return real;
        }
        return (ResultSetMetaData) java.lang.reflect.Proxy.newProxyInstance(ResultSetMetaData.class.getClassLoader(),
                new Class<?>[] {ResultSetMetaData.class}, (proxy, m, a) -> {
                    String n = m.getName();
                    if ((n.equals("getColumnLabel") || n.equals("getColumnName")) && a != null && a[0] instanceof Integer i
                            && (i == 1 || i == 2)) {
                        return m.invoke(real, 3 - i);
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private boolean onRow() {
        return cursor >= 0 && cursor < rows.size();
    }

    private Object cell(Object column) throws SQLException {
        if (!onRow()) {
            throw new SQLException("no current row: cursor at " + (cursor < 0 ? "before first" : "after last")
                    + " of " + rows.size() + " rows (fault " + fault.kind() + " on '" + name + "')", INVALID_CURSOR_STATE);
        }
        int index = column instanceof Integer i ? i : column((String) column);
        Object[] row = rows.get(cursor);
        if (index < 1 || index > row.length) {
            throw new SQLException("column index " + index + " is outside 1.." + row.length, "07009");
        }
        return row[index - 1];
    }

    private int column(String label) throws SQLException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("column '" + label + "' not found among " + Arrays.toString(labels), "42S22");
    }
}
