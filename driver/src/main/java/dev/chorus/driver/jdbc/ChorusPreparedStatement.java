package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.GeneratedKeys;
import dev.chorus.coordinator.Param;
import dev.chorus.coordinator.Param.Setter;
import dev.chorus.coordinator.SqlStates;
import dev.chorus.coordinator.StatementRequest.Expect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement. Parameters are held here, as {@link Param}s that every replica binds the same way;
 * streams and large objects are read into memory when set, because the same value goes to every replica.
 */
public final class ChorusPreparedStatement extends ChorusStatement implements PreparedStatement {
    private final String sql;
    private final GeneratedKeys keys;
    private final Param[] params;
    private final List<List<Param>> batch = new ArrayList<>();

    ChorusPreparedStatement(ChorusConnectionImpl connection, int holdability, String sql, GeneratedKeys keys, int parameterCount) {
        super(connection, holdability);
        this.sql = sql;
        this.keys = keys;
        this.params = new Param[parameterCount];
    }

    private List<Param> boundParams() throws SQLException {
        checkOpen();
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                throw new SQLException("parameter " + (i + 1) + " of " + params.length + " is not set", SqlStates.PARAMETER_NOT_SET);
            }
        }
        return List.of(params);
    }

    private List<List<Param>> single() throws SQLException {
        List<Param> bound = boundParams();
        // A statement without parameters is still a prepared execution: one empty parameter list.
        List<List<Param>> one = new ArrayList<>(1);
        one.add(bound);
        return one;
    }

    // ---- execution ------------------------------------------------------------------------------------------

    @Override
    public ResultSet executeQuery() throws SQLException {
        return rows(submit(sql, single(), List.of(), Expect.ROWS, keys), "executeQuery");
    }

    @Override
    public int executeUpdate() throws SQLException {
        return toInt(executeLargeUpdate());
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return count(submit(sql, single(), List.of(), Expect.COUNT, keys), "executeUpdate");
    }

    @Override
    public boolean execute() throws SQLException {
        return submit(sql, single(), List.of(), Expect.ANY, keys) instanceof dev.chorus.coordinator.vote.Answer.Rows;
    }

    @Override
    public void addBatch() throws SQLException {
        batch.add(boundParams());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        List<List<Param>> entries = List.copyOf(batch);
        batch.clear();
        if (entries.isEmpty()) {
            return new long[0];
        }
        return batchCounts(submit(sql, entries, List.of(), Expect.BATCH, keys));
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    private static SQLException notOnPrepared(String method) {
        return new SQLException(method + "(String) cannot be called on a PreparedStatement; call " + method + "()",
                SqlStates.WRONG_STATEMENT_KIND);
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared("executeQuery");
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared("executeUpdate");
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw notOnPrepared("executeLargeUpdate");
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared("execute");
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared("addBatch");
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    private void set(int index, Param p) throws SQLException {
        checkOpen();
        checkParameterIndex(index, params.length);
        params[index - 1] = p;
    }

    /** The one check of a parameter index, for the setters and for the parameter metadata. */
    private static void checkParameterIndex(int index, int count) throws SQLException {
        if (index < 1 || index > count) {
            throw new SQLException("parameter index " + index + " is out of range: the statement has " + count
                    + " parameter" + (count == 1 ? "" : "s"), SqlStates.INVALID_PARAMETER);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(params, null);
    }

    @Override
    public void setNull(int i, int sqlType) throws SQLException {
        set(i, Param.ofNull(sqlType));
    }

    @Override
    public void setNull(int i, int sqlType, String typeName) throws SQLException {
        set(i, Param.ofNull(sqlType));
    }

    @Override
    public void setBoolean(int i, boolean x) throws SQLException {
        set(i, Param.of(Setter.BOOLEAN, x));
    }

    @Override
    public void setByte(int i, byte x) throws SQLException {
        set(i, Param.of(Setter.INT, (int) x));
    }

    @Override
    public void setShort(int i, short x) throws SQLException {
        set(i, Param.of(Setter.INT, (int) x));
    }

    @Override
    public void setInt(int i, int x) throws SQLException {
        set(i, Param.of(Setter.INT, x));
    }

    @Override
    public void setLong(int i, long x) throws SQLException {
        set(i, Param.of(Setter.LONG, x));
    }

    @Override
    public void setFloat(int i, float x) throws SQLException {
        // Bound by its shortest decimal form, so a REAL 0.1 is not widened to 0.10000000149 on DOUBLE columns.
        set(i, Param.of(Setter.DOUBLE, Double.parseDouble(Float.toString(x))));
    }

    @Override
    public void setDouble(int i, double x) throws SQLException {
        set(i, Param.of(Setter.DOUBLE, x));
    }

    @Override
    public void setBigDecimal(int i, BigDecimal x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.DECIMAL) : Param.of(Setter.BIG_DECIMAL, x));
    }

    @Override
    public void setString(int i, String x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.VARCHAR) : Param.of(Setter.STRING, x));
    }

    @Override
    public void setNString(int i, String x) throws SQLException {
        setString(i, x);
    }

    @Override
    public void setBytes(int i, byte[] x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.VARBINARY) : Param.of(Setter.BYTES, x.clone()));
    }

    @Override
    public void setDate(int i, Date x) throws SQLException {
        // Copies: java.sql time values are mutable, and an application may reuse one across addBatch calls.
        set(i, x == null ? Param.ofNull(Types.DATE) : Param.of(Setter.DATE, new Date(x.getTime())));
    }

    @Override
    public void setTime(int i, Time x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.TIME) : Param.of(Setter.TIME, new Time(x.getTime())));
    }

    @Override
    public void setTimestamp(int i, Timestamp x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.TIMESTAMP) : Param.of(Setter.TIMESTAMP, copy(x)));
    }

    /** The calendar variants store the local fields the value has in the calendar's time zone. */
    @Override
    public void setDate(int i, Date x, Calendar cal) throws SQLException {
        setDate(i, x == null || cal == null ? x
                : Date.valueOf(x.toInstant().atZone(cal.getTimeZone().toZoneId()).toLocalDate()));
    }

    @Override
    public void setTime(int i, Time x, Calendar cal) throws SQLException {
        setTime(i, x == null || cal == null ? x : Time.valueOf(java.time.Instant.ofEpochMilli(x.getTime())
                .atZone(cal.getTimeZone().toZoneId()).toLocalTime()));
    }

    @Override
    public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
        setTimestamp(i, x == null || cal == null ? x
                : Timestamp.valueOf(x.toInstant().atZone(cal.getTimeZone().toZoneId()).toLocalDateTime()));
    }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.NULL) : plain(normalise(x)));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        set(i, Param.typed(normalise(x), targetSqlType, -1));
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        set(i, Param.typed(normalise(x), targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
        setObject(i, x, vendorCode(targetSqlType));
    }

    @Override
    public void setObject(int i, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        setObject(i, x, vendorCode(targetSqlType), scaleOrLength);
    }

    private static int vendorCode(SQLType t) throws SQLException {
        if (t == null || t.getVendorTypeNumber() == null) {
            throw new SQLException("setObject: target type " + t + " has no java.sql.Types code", SqlStates.INVALID_ARGUMENT);
        }
        return t.getVendorTypeNumber();
    }

    private static Timestamp copy(Timestamp t) {
        Timestamp c = new Timestamp(t.getTime());
        c.setNanos(t.getNanos());
        return c;
    }

    /**
     * Turns values into types every replica's driver binds alike: java.time values into their java.sql
     * counterparts (not every engine's driver accepts java.time), large objects and streams into memory.
     */
    private static Object normalise(Object x) throws SQLException {
        if (x instanceof LocalDate d) {
            return Date.valueOf(d);
        }
        if (x instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (x instanceof LocalTime t) {
            return Time.valueOf(t);
        }
        if (x instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (x instanceof Timestamp t) {
            return copy(t);
        }
        if (x instanceof Date d) {
            return new Date(d.getTime());
        }
        if (x instanceof Time t) {
            return new Time(t.getTime());
        }
        if (x instanceof Character c) {
            return c.toString();
        }
        if (x instanceof byte[] b) {
            return b.clone();
        }
        if (x instanceof Clob c) {
            return c.getSubString(1, (int) c.length());
        }
        if (x instanceof Blob b) {
            return b.getBytes(1, (int) b.length());
        }
        if (x instanceof Reader r) {
            return read(r, -1);
        }
        if (x instanceof InputStream in) {
            return read(in, -1);
        }
        return x;
    }

    /** The typed setter for a value's class, so that each replica binds it as the application meant. */
    private static Param plain(Object v) {
        Setter s;
        if (v instanceof String) {
            s = Setter.STRING;
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return Param.of(Setter.INT, ((Number) v).intValue());
        } else if (v instanceof Long) {
            s = Setter.LONG;
        } else if (v instanceof Double) {
            s = Setter.DOUBLE;
        } else if (v instanceof Float f) {
            return Param.of(Setter.DOUBLE, Double.parseDouble(f.toString()));
        } else if (v instanceof BigDecimal) {
            s = Setter.BIG_DECIMAL;
        } else if (v instanceof Boolean) {
            s = Setter.BOOLEAN;
        } else if (v instanceof Timestamp) {
            s = Setter.TIMESTAMP;
        } else if (v instanceof Date) {
            s = Setter.DATE;
        } else if (v instanceof Time) {
            s = Setter.TIME;
        } else if (v instanceof byte[]) {
            s = Setter.BYTES;
        } else {
            s = Setter.OBJECT;
        }
        return Param.of(s, v);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
        setAsciiStream(i, x, (long) length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        setString(i, x == null ? null : new String(read(x, length), StandardCharsets.US_ASCII));
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        setAsciiStream(i, x, -1L);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setUnicodeStream (deprecated; use setCharacterStream)");
    }

    @Override
    public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
        setBinaryStream(i, x, (long) length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        set(i, x == null ? Param.ofNull(Types.VARBINARY) : Param.of(Setter.BYTES, read(x, length)));
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        setBinaryStream(i, x, -1L);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, int length) throws SQLException {
        setCharacterStream(i, reader, (long) length);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
        setString(i, reader == null ? null : read(reader, length));
    }

    @Override
    public void setCharacterStream(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, -1L);
    }

    @Override
    public void setNCharacterStream(int i, Reader value, long length) throws SQLException {
        setCharacterStream(i, value, length);
    }

    @Override
    public void setNCharacterStream(int i, Reader value) throws SQLException {
        setCharacterStream(i, value, -1L);
    }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        setString(i, x == null ? null : x.getSubString(1, (int) x.length()));
    }

    @Override
    public void setClob(int i, Reader reader, long length) throws SQLException {
        setCharacterStream(i, reader, length);
    }

    @Override
    public void setClob(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, -1L);
    }

    @Override
    public void setNClob(int i, NClob value) throws SQLException {
        setClob(i, value);
    }

    @Override
    public void setNClob(int i, Reader reader, long length) throws SQLException {
        setCharacterStream(i, reader, length);
    }

    @Override
    public void setNClob(int i, Reader reader) throws SQLException {
        setCharacterStream(i, reader, -1L);
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        setBytes(i, x == null ? null : x.getBytes(1, (int) x.length()));
    }

    @Override
    public void setBlob(int i, InputStream in, long length) throws SQLException {
        setBinaryStream(i, in, length);
    }

    @Override
    public void setBlob(int i, InputStream in) throws SQLException {
        setBinaryStream(i, in, -1L);
    }

    private static byte[] read(InputStream in, long length) throws SQLException {
        try {
            byte[] all = length < 0 ? in.readAllBytes() : in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
            if (length >= 0 && all.length < length) {
                throw new SQLException("the stream ended after " + all.length + " of " + length + " bytes", SqlStates.INVALID_PARAMETER);
            }
            return all;
        } catch (IOException e) {
            throw new SQLException("reading the parameter stream failed: " + e, SqlStates.INVALID_PARAMETER, e);
        }
    }

    private static String read(Reader r, long length) throws SQLException {
        try {
            StringWriter w = new StringWriter();
            char[] buf = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            int n;
            while (left > 0 && (n = r.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
                w.write(buf, 0, n);
                left -= n;
            }
            if (length >= 0 && left > 0) {
                throw new SQLException("the reader ended after " + (length - left) + " of " + length + " characters",
                        SqlStates.INVALID_PARAMETER);
            }
            return w.toString();
        } catch (IOException e) {
            throw new SQLException("reading the parameter reader failed: " + e, SqlStates.INVALID_PARAMETER, e);
        }
    }

    @Override
    public void setRef(int i, Ref x) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setRef");
    }

    @Override
    public void setArray(int i, Array x) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setArray");
    }

    @Override
    public void setURL(int i, URL x) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setURL");
    }

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setRowId");
    }

    @Override
    public void setSQLXML(int i, SQLXML xmlObject) throws SQLException {
        throw Unsupported.feature("PreparedStatement.setSQLXML");
    }

    /** Describing a result before executing would need a round on every replica; Chorus does not offer it. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        throw Unsupported.feature("PreparedStatement.getMetaData (execute the statement and use ResultSet.getMetaData)");
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new ChorusParameterMetaData(params.length);
    }

    @Override
    public String toString() {
        return "ChorusPreparedStatement[" + sql + "]";
    }

    /** Parameter metadata Chorus knows without asking the replicas: the count. */
    private static final class ChorusParameterMetaData implements ParameterMetaData {
        private final int count;

        ChorusParameterMetaData(int count) {
            this.count = count;
        }

        private void check(int param) throws SQLException {
            checkParameterIndex(param, count);
        }

        @Override
        public int getParameterCount() {
            return count;
        }

        @Override
        public int isNullable(int param) throws SQLException {
            check(param);
            return parameterNullableUnknown;
        }

        @Override
        public int getParameterMode(int param) throws SQLException {
            check(param);
            return parameterModeIn;
        }

        @Override
        public boolean isSigned(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.isSigned");
        }

        @Override
        public int getPrecision(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.getPrecision");
        }

        @Override
        public int getScale(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.getScale");
        }

        @Override
        public int getParameterType(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.getParameterType");
        }

        @Override
        public String getParameterTypeName(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.getParameterTypeName");
        }

        @Override
        public String getParameterClassName(int param) throws SQLException {
            throw Unsupported.feature("ParameterMetaData.getParameterClassName");
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
}
