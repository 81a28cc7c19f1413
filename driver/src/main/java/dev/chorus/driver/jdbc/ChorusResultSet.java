package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.SqlStates;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The client's view of a voted result: a forward-only, read-only cursor over a {@link ResultTable} that is
 * already in memory, so nothing here touches a replica.
 *
 * <p>Like every JDBC result set it is meant for one thread at a time; only {@link #close()} and
 * {@link #isClosed()} may be called from another thread (a statement closing its results), and the close action
 * runs exactly once even then. Getters convert as {@link Values} describes. Errors: SQLState 07009 for a column
 * index out of range, 42S22 for an unknown label, 24000 when not on a row, on cursor movement other than
 * {@link #next()}, and after close; 22018 and 22003 for values that do not convert. Update methods are rejected
 * through {@link Unsupported}.
 */
public final class ChorusResultSet implements ResultSet {
    private final Statement statement;
    private final List<Column> columns;
    private final List<Object[]> rows;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** -1 before the first row, {@code rows.size()} after the last. */
    private int rowIndex = -1;
    private Object[] current;
    private boolean wasNull;
    private int fetchSize;
    private ChorusResultSetMetaData metaData;

    /**
     * @param statement the statement that produced the result, or null for results that no statement produced
     *                  (database metadata), as {@link #getStatement()} answers then
     * @param table     the voted result, never null
     * @param onClose   run once, on the first {@link #close()}; null when nothing needs to know
     */
    public ChorusResultSet(Statement statement, ResultTable table, Runnable onClose) {
        this.statement = statement;
        this.columns = Objects.requireNonNull(table, "table").columns();
        this.rows = table.rows();
        this.onClose = onClose;
    }

    // ---- cursor ----------------------------------------------------------------------------------------------

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        wasNull = false;
        if (rowIndex < rows.size()) {
            rowIndex++;
        }
        current = rowIndex < rows.size() ? rows.get(rowIndex) : null;
        return current != null;
    }

    /** Declares SQLException as the interface does, so callers holding a ChorusResultSet handle it like any result set. */
    @Override
    public void close() throws SQLException {
        if (closed.compareAndSet(false, true)) {
            current = null;
            if (onClose != null) {
                onClose.run();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        checkOpen();
        return rowIndex < 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        checkOpen();
        return rowIndex >= rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        checkOpen();
        return rowIndex == 0 && current != null;
    }

    @Override
    public boolean isLast() throws SQLException {
        checkOpen();
        return rowIndex == rows.size() - 1 && current != null;
    }

    @Override
    public int getRow() throws SQLException {
        checkOpen();
        return current == null ? 0 : rowIndex + 1;
    }

    // Legal on a scrollable result set only; each names itself so the client sees which call to replace.
    @Override public void beforeFirst() throws SQLException { throw forwardOnly("beforeFirst()"); }
    @Override public void afterLast() throws SQLException { throw forwardOnly("afterLast()"); }
    @Override public boolean first() throws SQLException { throw forwardOnly("first()"); }
    @Override public boolean last() throws SQLException { throw forwardOnly("last()"); }
    @Override public boolean absolute(int row) throws SQLException { throw forwardOnly("absolute(" + row + ")"); }
    @Override public boolean relative(int rows) throws SQLException { throw forwardOnly("relative(" + rows + ")"); }
    @Override public boolean previous() throws SQLException { throw forwardOnly("previous()"); }

    // ---- result set properties -------------------------------------------------------------------------------

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        checkOpen();
        // A scan with equalsIgnoreCase allocates nothing; results are narrow enough that a map would not pay.
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).label().equalsIgnoreCase(columnLabel)) {
                return i + 1;
            }
        }
        List<String> labels = new ArrayList<>(columns.size());
        for (Column column : columns) {
            labels.add(column.label());
        }
        throw new SQLException("column \"" + columnLabel + "\" not found; the result has columns " + labels,
                SqlStates.COLUMN_NOT_FOUND);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (metaData == null) {
            metaData = new ChorusResultSetMetaData(columns);
        }
        return metaData;
    }

    @Override
    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
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
    public String getCursorName() throws SQLException {
        throw unsupported("ResultSet.getCursorName");
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        if (direction != FETCH_FORWARD) {
            throw new SQLException("fetch direction " + direction + " is not allowed on a forward-only ResultSet; only FETCH_FORWARD ("
                    + FETCH_FORWARD + ") is", SqlStates.INVALID_ARGUMENT);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return FETCH_FORWARD;
    }

    /** Kept and reported back, nothing more: every row is already in memory. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must be >= 0, was " + rows, SqlStates.INVALID_ARGUMENT);
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return fetchSize;
    }

    @Override
    public int getType() throws SQLException {
        checkOpen();
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        checkOpen();
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return CLOSE_CURSORS_AT_COMMIT;
    }

    /** False: a read-only result set never sees its own changes, because it cannot make any. */
    @Override
    public boolean rowUpdated() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowInserted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        checkOpen();
        return false;
    }

    @Override
    public boolean wasNull() throws SQLException {
        checkOpen();
        return wasNull;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(this, iface);
    }

    // ---- getters by index ------------------------------------------------------------------------------------

    @Override
    public Object getObject(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.detach(value);
    }

    @Override
    public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
        Object value = value(columnIndex);
        if (type == null) {
            throw new SQLException("getObject(" + columnIndex + ", type): type must not be null", SqlStates.INVALID_ARGUMENT);
        }
        if (value == null) {
            return null;
        }
        Object converted = Values.toType(value, type, column(columnIndex));
        if (converted == null) {
            throw Unsupported.feature("ResultSet.getObject(int, " + type.getName() + ") for a "
                    + value.getClass().getName() + " value");
        }
        // Unchecked rather than type.cast: getObject(i, int.class) answers an Integer, which int.class.cast rejects.
        @SuppressWarnings("unchecked")
        T result = (T) converted;
        return result;
    }

    @Override
    public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
        if (map != null && !map.isEmpty()) {
            throw unsupported("ResultSet.getObject with a type map");
        }
        return getObject(columnIndex);
    }

    @Override
    public String getString(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toText(value);
    }

    @Override
    public String getNString(int columnIndex) throws SQLException {
        return getString(columnIndex);
    }

    @Override
    public boolean getBoolean(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value != null && Values.toBoolean(value, column(columnIndex));
    }

    @Override
    public byte getByte(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : (byte) Values.toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte", column(columnIndex));
    }

    @Override
    public short getShort(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : (short) Values.toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "short", column(columnIndex));
    }

    @Override
    public int getInt(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        if (value instanceof Integer i) {
            return i;
        }
        return value == null ? 0 : (int) Values.toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "int", column(columnIndex));
    }

    @Override
    public long getLong(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : Values.toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "long", column(columnIndex));
    }

    @Override
    public float getFloat(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : Values.toFloat(value, column(columnIndex));
    }

    @Override
    public double getDouble(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? 0 : Values.toDouble(value, column(columnIndex));
    }

    @Override
    public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toBigDecimal(value, column(columnIndex));
    }

    /** Rounds half up to {@code scale}, as H2 does. */
    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
        BigDecimal value = getBigDecimal(columnIndex);
        return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toBytes(value, column(columnIndex));
    }

    @Override
    public Date getDate(int columnIndex) throws SQLException {
        return getDate(columnIndex, null);
    }

    @Override
    public Date getDate(int columnIndex, Calendar cal) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toDate(value, cal, column(columnIndex));
    }

    @Override
    public Time getTime(int columnIndex) throws SQLException {
        return getTime(columnIndex, null);
    }

    @Override
    public Time getTime(int columnIndex, Calendar cal) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toTime(value, cal, column(columnIndex));
    }

    @Override
    public Timestamp getTimestamp(int columnIndex) throws SQLException {
        return getTimestamp(columnIndex, null);
    }

    @Override
    public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toTimestamp(value, cal, column(columnIndex));
    }

    @Override
    public InputStream getAsciiStream(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toAsciiStream(value);
    }

    /** Rejected: deprecated since JDBC 2.0, and its encoding was never defined consistently across drivers. */
    @Override
    @Deprecated
    public InputStream getUnicodeStream(int columnIndex) throws SQLException {
        throw unsupported("ResultSet.getUnicodeStream");
    }

    @Override
    public InputStream getBinaryStream(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toBinaryStream(value, column(columnIndex));
    }

    @Override
    public Reader getCharacterStream(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toReader(value);
    }

    @Override
    public Reader getNCharacterStream(int columnIndex) throws SQLException {
        return getCharacterStream(columnIndex);
    }

    @Override
    public Clob getClob(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toClob(value);
    }

    @Override
    public NClob getNClob(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toNClob(value);
    }

    @Override
    public Blob getBlob(int columnIndex) throws SQLException {
        Object value = value(columnIndex);
        return value == null ? null : Values.toBlob(value, column(columnIndex));
    }

    @Override
    public Ref getRef(int columnIndex) throws SQLException {
        return storedAs(columnIndex, Ref.class, "ResultSet.getRef");
    }

    @Override
    public Array getArray(int columnIndex) throws SQLException {
        return storedAs(columnIndex, Array.class, "ResultSet.getArray");
    }

    @Override
    public URL getURL(int columnIndex) throws SQLException {
        return storedAs(columnIndex, URL.class, "ResultSet.getURL");
    }

    @Override
    public RowId getRowId(int columnIndex) throws SQLException {
        return storedAs(columnIndex, RowId.class, "ResultSet.getRowId");
    }

    @Override
    public SQLXML getSQLXML(int columnIndex) throws SQLException {
        return storedAs(columnIndex, SQLXML.class, "ResultSet.getSQLXML");
    }

    // ---- getters by label: each resolves the label once and delegates ----------------------------------------

    @Override public Object getObject(String columnLabel) throws SQLException { return getObject(findColumn(columnLabel)); }
    @Override public <T> T getObject(String columnLabel, Class<T> type) throws SQLException { return getObject(findColumn(columnLabel), type); }
    @Override public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(columnLabel), map); }
    @Override public String getString(String columnLabel) throws SQLException { return getString(findColumn(columnLabel)); }
    @Override public String getNString(String columnLabel) throws SQLException { return getString(findColumn(columnLabel)); }
    @Override public boolean getBoolean(String columnLabel) throws SQLException { return getBoolean(findColumn(columnLabel)); }
    @Override public byte getByte(String columnLabel) throws SQLException { return getByte(findColumn(columnLabel)); }
    @Override public short getShort(String columnLabel) throws SQLException { return getShort(findColumn(columnLabel)); }
    @Override public int getInt(String columnLabel) throws SQLException { return getInt(findColumn(columnLabel)); }
    @Override public long getLong(String columnLabel) throws SQLException { return getLong(findColumn(columnLabel)); }
    @Override public float getFloat(String columnLabel) throws SQLException { return getFloat(findColumn(columnLabel)); }
    @Override public double getDouble(String columnLabel) throws SQLException { return getDouble(findColumn(columnLabel)); }
    @Override public BigDecimal getBigDecimal(String columnLabel) throws SQLException { return getBigDecimal(findColumn(columnLabel)); }
    @Override @Deprecated public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException { return getBigDecimal(findColumn(columnLabel), scale); }
    @Override public byte[] getBytes(String columnLabel) throws SQLException { return getBytes(findColumn(columnLabel)); }
    @Override public Date getDate(String columnLabel) throws SQLException { return getDate(findColumn(columnLabel), null); }
    @Override public Date getDate(String columnLabel, Calendar cal) throws SQLException { return getDate(findColumn(columnLabel), cal); }
    @Override public Time getTime(String columnLabel) throws SQLException { return getTime(findColumn(columnLabel), null); }
    @Override public Time getTime(String columnLabel, Calendar cal) throws SQLException { return getTime(findColumn(columnLabel), cal); }
    @Override public Timestamp getTimestamp(String columnLabel) throws SQLException { return getTimestamp(findColumn(columnLabel), null); }
    @Override public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException { return getTimestamp(findColumn(columnLabel), cal); }
    @Override public InputStream getAsciiStream(String columnLabel) throws SQLException { return getAsciiStream(findColumn(columnLabel)); }
    @Override @Deprecated public InputStream getUnicodeStream(String columnLabel) throws SQLException { throw unsupported("ResultSet.getUnicodeStream"); }
    @Override public InputStream getBinaryStream(String columnLabel) throws SQLException { return getBinaryStream(findColumn(columnLabel)); }
    @Override public Reader getCharacterStream(String columnLabel) throws SQLException { return getCharacterStream(findColumn(columnLabel)); }
    @Override public Reader getNCharacterStream(String columnLabel) throws SQLException { return getCharacterStream(findColumn(columnLabel)); }
    @Override public Clob getClob(String columnLabel) throws SQLException { return getClob(findColumn(columnLabel)); }
    @Override public NClob getNClob(String columnLabel) throws SQLException { return getNClob(findColumn(columnLabel)); }
    @Override public Blob getBlob(String columnLabel) throws SQLException { return getBlob(findColumn(columnLabel)); }
    @Override public Ref getRef(String columnLabel) throws SQLException { return getRef(findColumn(columnLabel)); }
    @Override public Array getArray(String columnLabel) throws SQLException { return getArray(findColumn(columnLabel)); }
    @Override public URL getURL(String columnLabel) throws SQLException { return getURL(findColumn(columnLabel)); }
    @Override public RowId getRowId(String columnLabel) throws SQLException { return getRowId(findColumn(columnLabel)); }
    @Override public SQLXML getSQLXML(String columnLabel) throws SQLException { return getSQLXML(findColumn(columnLabel)); }

    // ---- internals -------------------------------------------------------------------------------------------

    private void checkOpen() throws SQLException {
        if (closed.get()) {
            throw new SQLException("ResultSet is closed", SqlStates.INVALID_CURSOR_STATE);
        }
    }

    /** The stored value of a column on the current row; records it for {@link #wasNull()}. */
    private Object value(int columnIndex) throws SQLException {
        checkOpen();
        if (columnIndex < 1 || columnIndex > columns.size()) {
            throw ChorusResultSetMetaData.invalidColumnIndex(columnIndex, columns.size());
        }
        if (current == null) {
            throw new SQLException(rowIndex < 0
                    ? "ResultSet is before the first row; call next() first"
                    : "ResultSet is after the last row (" + rows.size() + (rows.size() == 1 ? " row" : " rows") + ")",
                    SqlStates.INVALID_CURSOR_STATE);
        }
        Object value = current[columnIndex - 1];
        wasNull = value == null;
        return value;
    }

    private Column column(int columnIndex) {
        return columns.get(columnIndex - 1);
    }

    /** For the SQL types Chorus does not convert: the value when the engine already returned that type. */
    private <T> T storedAs(int columnIndex, Class<T> type, String method) throws SQLException {
        Object value = value(columnIndex);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw Unsupported.feature(method + " on a " + value.getClass().getName() + " value");
    }

    private SQLException forwardOnly(String method) throws SQLException {
        checkOpen();
        return new SQLException("ResultSet is forward-only (TYPE_FORWARD_ONLY): " + method
                + " is not allowed; only next() moves the cursor", SqlStates.INVALID_CURSOR_STATE);
    }

    /** A closed result set says so first, so every method but close and isClosed fails alike after close. */
    private SQLException unsupported(String method) throws SQLException {
        checkOpen();
        return Unsupported.feature(method);
    }

    // ---- updates: Chorus result sets are read-only (CONCUR_READ_ONLY) ----------------------------------------

    @Override public void updateNull(int columnIndex) throws SQLException { throw unsupported("ResultSet.updateNull"); }
    @Override public void updateNull(String columnLabel) throws SQLException { throw unsupported("ResultSet.updateNull"); }
    @Override public void updateBoolean(int columnIndex, boolean x) throws SQLException { throw unsupported("ResultSet.updateBoolean"); }
    @Override public void updateBoolean(String columnLabel, boolean x) throws SQLException { throw unsupported("ResultSet.updateBoolean"); }
    @Override public void updateByte(int columnIndex, byte x) throws SQLException { throw unsupported("ResultSet.updateByte"); }
    @Override public void updateByte(String columnLabel, byte x) throws SQLException { throw unsupported("ResultSet.updateByte"); }
    @Override public void updateShort(int columnIndex, short x) throws SQLException { throw unsupported("ResultSet.updateShort"); }
    @Override public void updateShort(String columnLabel, short x) throws SQLException { throw unsupported("ResultSet.updateShort"); }
    @Override public void updateInt(int columnIndex, int x) throws SQLException { throw unsupported("ResultSet.updateInt"); }
    @Override public void updateInt(String columnLabel, int x) throws SQLException { throw unsupported("ResultSet.updateInt"); }
    @Override public void updateLong(int columnIndex, long x) throws SQLException { throw unsupported("ResultSet.updateLong"); }
    @Override public void updateLong(String columnLabel, long x) throws SQLException { throw unsupported("ResultSet.updateLong"); }
    @Override public void updateFloat(int columnIndex, float x) throws SQLException { throw unsupported("ResultSet.updateFloat"); }
    @Override public void updateFloat(String columnLabel, float x) throws SQLException { throw unsupported("ResultSet.updateFloat"); }
    @Override public void updateDouble(int columnIndex, double x) throws SQLException { throw unsupported("ResultSet.updateDouble"); }
    @Override public void updateDouble(String columnLabel, double x) throws SQLException { throw unsupported("ResultSet.updateDouble"); }
    @Override public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException { throw unsupported("ResultSet.updateBigDecimal"); }
    @Override public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException { throw unsupported("ResultSet.updateBigDecimal"); }
    @Override public void updateString(int columnIndex, String x) throws SQLException { throw unsupported("ResultSet.updateString"); }
    @Override public void updateString(String columnLabel, String x) throws SQLException { throw unsupported("ResultSet.updateString"); }
    @Override public void updateNString(int columnIndex, String x) throws SQLException { throw unsupported("ResultSet.updateNString"); }
    @Override public void updateNString(String columnLabel, String x) throws SQLException { throw unsupported("ResultSet.updateNString"); }
    @Override public void updateBytes(int columnIndex, byte[] x) throws SQLException { throw unsupported("ResultSet.updateBytes"); }
    @Override public void updateBytes(String columnLabel, byte[] x) throws SQLException { throw unsupported("ResultSet.updateBytes"); }
    @Override public void updateDate(int columnIndex, Date x) throws SQLException { throw unsupported("ResultSet.updateDate"); }
    @Override public void updateDate(String columnLabel, Date x) throws SQLException { throw unsupported("ResultSet.updateDate"); }
    @Override public void updateTime(int columnIndex, Time x) throws SQLException { throw unsupported("ResultSet.updateTime"); }
    @Override public void updateTime(String columnLabel, Time x) throws SQLException { throw unsupported("ResultSet.updateTime"); }
    @Override public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException { throw unsupported("ResultSet.updateTimestamp"); }
    @Override public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException { throw unsupported("ResultSet.updateTimestamp"); }
    @Override public void updateObject(int columnIndex, Object x) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(String columnLabel, Object x) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException { throw unsupported("ResultSet.updateObject"); }
    @Override public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateAsciiStream(String columnLabel, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateAsciiStream"); }
    @Override public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateBinaryStream(String columnLabel, InputStream x, int length) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateBinaryStream(String columnLabel, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateBinaryStream"); }
    @Override public void updateCharacterStream(int columnIndex, Reader x) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateCharacterStream(String columnLabel, Reader x) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateCharacterStream"); }
    @Override public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException { throw unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException { throw unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateNCharacterStream(String columnLabel, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateNCharacterStream"); }
    @Override public void updateBlob(int columnIndex, Blob x) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(String columnLabel, Blob x) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(int columnIndex, InputStream x) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(String columnLabel, InputStream x) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException { throw unsupported("ResultSet.updateBlob"); }
    @Override public void updateClob(int columnIndex, Clob x) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(String columnLabel, Clob x) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(int columnIndex, Reader x) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(String columnLabel, Reader x) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(int columnIndex, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateClob(String columnLabel, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateClob"); }
    @Override public void updateNClob(int columnIndex, NClob x) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(String columnLabel, NClob x) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(int columnIndex, Reader x) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(String columnLabel, Reader x) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(int columnIndex, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateNClob(String columnLabel, Reader x, long length) throws SQLException { throw unsupported("ResultSet.updateNClob"); }
    @Override public void updateRef(int columnIndex, Ref x) throws SQLException { throw unsupported("ResultSet.updateRef"); }
    @Override public void updateRef(String columnLabel, Ref x) throws SQLException { throw unsupported("ResultSet.updateRef"); }
    @Override public void updateArray(int columnIndex, Array x) throws SQLException { throw unsupported("ResultSet.updateArray"); }
    @Override public void updateArray(String columnLabel, Array x) throws SQLException { throw unsupported("ResultSet.updateArray"); }
    @Override public void updateRowId(int columnIndex, RowId x) throws SQLException { throw unsupported("ResultSet.updateRowId"); }
    @Override public void updateRowId(String columnLabel, RowId x) throws SQLException { throw unsupported("ResultSet.updateRowId"); }
    @Override public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException { throw unsupported("ResultSet.updateSQLXML"); }
    @Override public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException { throw unsupported("ResultSet.updateSQLXML"); }
    @Override public void insertRow() throws SQLException { throw unsupported("ResultSet.insertRow"); }
    @Override public void updateRow() throws SQLException { throw unsupported("ResultSet.updateRow"); }
    @Override public void deleteRow() throws SQLException { throw unsupported("ResultSet.deleteRow"); }
    @Override public void refreshRow() throws SQLException { throw unsupported("ResultSet.refreshRow"); }
    @Override public void cancelRowUpdates() throws SQLException { throw unsupported("ResultSet.cancelRowUpdates"); }
    @Override public void moveToInsertRow() throws SQLException { throw unsupported("ResultSet.moveToInsertRow"); }
    @Override public void moveToCurrentRow() throws SQLException { throw unsupported("ResultSet.moveToCurrentRow"); }
}
