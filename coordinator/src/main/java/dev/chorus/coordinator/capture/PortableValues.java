package dev.chorus.coordinator.capture;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Values read from any engine in the portable kinds a {@link dev.chorus.writeset.RowChange} holds, normalised as the
 * vote normalises answers, so that correct replicas of different engines give equal values: exact numbers as
 * {@link BigDecimal}, approximate ones as {@link Double} rounded to the configured significant digits (REAL through
 * its float value, which engines widen differently), {@code CHAR} without its padding, LOBs read whole, dates and
 * times by their fields. And one total order over such values, the same on every engine (engines sort strings and
 * NULLs differently), for rows in key order.
 */
public final class PortableValues {
    /** NULL first; then by kind; within a kind by value (strings by UTF-16 code units, bytes unsigned). */
    public static final Comparator<List<Object>> ROW_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private PortableValues() {
    }

    /**
     * The JDBC type of column {@code i} as Chorus reads it: the driver's, except that PostgreSQL's {@code timestamptz},
     * which its driver reports as {@code TIMESTAMP}, is a {@code TIMESTAMP_WITH_TIMEZONE} as on the other engines.
     */
    public static int jdbcType(ResultSetMetaData md, int i) throws SQLException {
        int type = md.getColumnType(i);
        return type == Types.TIMESTAMP && "timestamptz".equals(md.getColumnTypeName(i)) ? Types.TIMESTAMP_WITH_TIMEZONE : type;
    }

    /**
     * A TIMESTAMP WITH TIME ZONE value as Chorus answers it: the instant at offset UTC. PostgreSQL keeps the instant
     * only; H2 and HSQLDB keep the offset it was written with, which would make their answers differ from it.
     */
    public static OffsetDateTime readInstant(ResultSet rs, int i) throws SQLException {
        OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Column {@code i} of the current row, of JDBC type {@code type}, as a portable value. */
    public static Object read(ResultSet rs, int i, int type, int approximateDigits) throws SQLException {
        Object v = switch (type) {
            case Types.CHAR, Types.NCHAR -> stripTrailingSpaces(rs.getString(i));
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> rs.getString(i);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> rs.getBytes(i);
            case Types.BOOLEAN, Types.BIT -> rs.getBoolean(i);
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL -> rs.getBigDecimal(i);
            case Types.REAL -> approximate(new BigDecimal(Float.toString(rs.getFloat(i))), approximateDigits);
            case Types.FLOAT, Types.DOUBLE -> approximate(rs.getDouble(i), approximateDigits);
            case Types.DATE -> {
                java.sql.Date d = rs.getDate(i);
                yield d == null ? null : d.toLocalDate();
            }
            case Types.TIME -> {
                java.sql.Time t = rs.getTime(i);
                yield t == null ? null : t.toLocalTime();
            }
            case Types.TIMESTAMP -> {
                java.sql.Timestamp t = rs.getTimestamp(i);
                yield t == null ? null : t.toLocalDateTime();
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> readInstant(rs, i);
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : v;
    }

    private static Double approximate(double d, int digits) {
        return Double.isFinite(d) ? approximate(new BigDecimal(Double.toString(d)), digits) : d;
    }

    private static Double approximate(BigDecimal d, int digits) {
        return d.round(new MathContext(digits)).doubleValue();
    }

    private static String stripTrailingSpaces(String s) {
        if (s == null) {
            return null;
        }
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int ka = kind(a);
        int kb = kind(b);
        if (ka != kb) {
            return Integer.compare(ka, kb);
        }
        if (a instanceof byte[] x) {
            return Arrays.compareUnsigned(x, (byte[]) b);
        }
        if (a instanceof OffsetDateTime x) {
            return x.toInstant().compareTo(((OffsetDateTime) b).toInstant());
        }
        return ((Comparable) a).compareTo(b);
    }

    private static int kind(Object v) {
        if (v instanceof BigDecimal) {
            return 0;
        }
        if (v instanceof Double) {
            return 1;
        }
        if (v instanceof String) {
            return 2;
        }
        if (v instanceof byte[]) {
            return 3;
        }
        if (v instanceof Boolean) {
            return 4;
        }
        if (v instanceof java.time.LocalDate) {
            return 5;
        }
        if (v instanceof java.time.LocalTime) {
            return 6;
        }
        if (v instanceof java.time.LocalDateTime) {
            return 7;
        }
        return 8;
    }
}
