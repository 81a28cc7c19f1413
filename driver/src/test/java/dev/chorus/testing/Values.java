package dev.chorus.testing;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * Conversions for a spoiled result set, whose rows are held as the {@code getObject} values the real driver returned:
 * every other getter derives its answer from that value the way JDBC's conversion table does, so one spoiled cell
 * reads wrong through every getter at once.
 */
final class Values {
    private static final String CONVERSION_ERROR = "22018";

    private Values() {
    }

    /** The value WRONG_VALUE puts in place of {@code value}. */
    static Object spoil(Object value) {
        if (value instanceof Integer i) {
            return i + 1;
        } else if (value instanceof Long l) {
            return l + 1;
        } else if (value instanceof Short s) {
            return (short) (s + 1);
        } else if (value instanceof Byte b) {
            return (byte) (b + 1);
        } else if (value instanceof BigDecimal d) {
            return d.add(BigDecimal.ONE);
        } else if (value instanceof BigInteger i) {
            return i.add(BigInteger.ONE);
        } else if (value instanceof Double d) {
            return d + 1;
        } else if (value instanceof Float f) {
            return f + 1;
        } else if (value instanceof String s) {
            return s + "X";
        }
        // Dates, booleans, binaries and the rest have no obvious "a bit off" value; NULL is wrong for all of them.
        return null;
    }

    /**
     * Copies large objects into memory, because the engine may free its own before the test reads them: in
     * auto-commit mode Derby commits, and so frees every LOB, as soon as the cursor is exhausted.
     */
    static Object detach(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            return new SerialClob(clob);
        } else if (value instanceof Blob blob) {
            return new SerialBlob(blob);
        }
        return value;
    }

    /** Answers the getter {@code getter} (a {@code ResultSet} method name) for a cell holding {@code value}. */
    static Object read(String getter, Object value, Object[] args) throws SQLException {
        switch (getter) {
            case "getObject":
                return object(value, args);
            case "getString":
            case "getNString":
                return text(value);
            case "getBoolean":
                return value != null && bool(value);
            case "getByte":
                return value == null ? (byte) 0 : number(value).byteValue();
            case "getShort":
                return value == null ? (short) 0 : number(value).shortValue();
            case "getInt":
                return value == null ? 0 : number(value).intValue();
            case "getLong":
                return value == null ? 0L : number(value).longValue();
            case "getFloat":
                return value == null ? 0f : number(value).floatValue();
            case "getDouble":
                return value == null ? 0d : number(value).doubleValue();
            case "getBigDecimal":
                BigDecimal decimal = decimal(value);
                // The deprecated overload takes a scale.
                return decimal == null || args.length == 1 ? decimal
                        : decimal.setScale((Integer) args[1], RoundingMode.HALF_UP);
            case "getBytes":
                return bytes(value);
            case "getDate":
                return args.length == 1 ? date(value) : calendarUnsupported(getter);
            case "getTime":
                return args.length == 1 ? time(value) : calendarUnsupported(getter);
            case "getTimestamp":
                return args.length == 1 ? timestamp(value) : calendarUnsupported(getter);
            case "getCharacterStream":
            case "getNCharacterStream":
                return value == null ? null : new StringReader(text(value));
            case "getBinaryStream":
                return value == null ? null : new ByteArrayInputStream(bytes(value));
            case "getClob":
                return value == null || value instanceof Clob ? value : new SerialClob(text(value).toCharArray());
            case "getBlob":
                return value == null || value instanceof Blob ? value : new SerialBlob(bytes(value));
            default:
                throw new SQLFeatureNotSupportedException(getter + " is not supported by FaultyDriver's spoiled result set");
        }
    }

    private static Object object(Object value, Object[] args) throws SQLException {
        if (args.length == 1) {
            return value;
        }
        if (args[1] instanceof Class<?> type) {
            return as(value, type);
        }
        if (args[1] instanceof Map<?, ?> typeMap && typeMap.isEmpty()) {
            return value;
        }
        throw new SQLFeatureNotSupportedException("getObject with a type map is not supported by FaultyDriver's spoiled result set");
    }

    private static Object as(Object value, Class<?> type) throws SQLException {
        if (value == null || type.isInstance(value)) {
            return value;
        }
        if (type == String.class) {
            return text(value);
        } else if (type == Integer.class) {
            return number(value).intValue();
        } else if (type == Long.class) {
            return number(value).longValue();
        } else if (type == Short.class) {
            return number(value).shortValue();
        } else if (type == Byte.class) {
            return number(value).byteValue();
        } else if (type == Double.class) {
            return number(value).doubleValue();
        } else if (type == Float.class) {
            return number(value).floatValue();
        } else if (type == BigDecimal.class) {
            return decimal(value);
        } else if (type == Boolean.class) {
            return bool(value);
        } else if (type == byte[].class) {
            return bytes(value);
        } else if (type == LocalDate.class) {
            return date(value).toLocalDate();
        } else if (type == LocalDateTime.class) {
            return timestamp(value).toLocalDateTime();
        } else if (type == LocalTime.class) {
            return time(value).toLocalTime();
        }
        throw cannotConvert(value, type.getName());
    }

    private static String text(Object value) throws SQLException {
        if (value == null) {
            return null;
        } else if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        } else if (value instanceof Clob clob) {
            return clob.getSubString(1, Math.toIntExact(clob.length()));
        } else if (value instanceof Blob blob) {
            return HexFormat.of().formatHex(blob.getBytes(1, Math.toIntExact(blob.length())));
        }
        return value.toString();
    }

    private static Number number(Object value) throws SQLException {
        if (value instanceof Number n) {
            return n;
        } else if (value instanceof Boolean b) {
            return b ? 1 : 0;
        } else if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw (SQLException) cannotConvert(value, "a number").initCause(e);
            }
        }
        throw cannotConvert(value, "a number");
    }

    private static BigDecimal decimal(Object value) throws SQLException {
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        } else if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        Number n = number(value);
        return n instanceof BigDecimal d ? d : BigDecimal.valueOf(n.longValue());
    }

    private static boolean bool(Object value) throws SQLException {
        if (value instanceof Boolean b) {
            return b;
        } else if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true") || t.equals("1")) {
                return true;
            } else if (t.equalsIgnoreCase("false") || t.equals("0")) {
                return false;
            }
            throw cannotConvert(value, "a boolean");
        }
        return decimal(value).signum() != 0;
    }

    private static byte[] bytes(Object value) throws SQLException {
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        } else if (value instanceof Blob blob) {
            return blob.getBytes(1, Math.toIntExact(blob.length()));
        }
        throw cannotConvert(value, "bytes");
    }

    private static Date date(Object value) throws SQLException {
        if (value == null || value instanceof Date) {
            return (Date) value;
        } else if (value instanceof Timestamp t) {
            return Date.valueOf(t.toLocalDateTime().toLocalDate());
        } else if (value instanceof LocalDate d) {
            return Date.valueOf(d);
        } else if (value instanceof LocalDateTime t) {
            return Date.valueOf(t.toLocalDate());
        } else if (value instanceof String s) {
            return parse(s, Date::valueOf, "a date");
        }
        throw cannotConvert(value, "a date");
    }

    private static Time time(Object value) throws SQLException {
        if (value == null || value instanceof Time) {
            return (Time) value;
        } else if (value instanceof Timestamp t) {
            return Time.valueOf(t.toLocalDateTime().toLocalTime());
        } else if (value instanceof LocalTime t) {
            return Time.valueOf(t);
        } else if (value instanceof String s) {
            return parse(s, Time::valueOf, "a time");
        }
        throw cannotConvert(value, "a time");
    }

    private static Timestamp timestamp(Object value) throws SQLException {
        if (value == null || value instanceof Timestamp) {
            return (Timestamp) value;
        } else if (value instanceof Date d) {
            return Timestamp.valueOf(d.toLocalDate().atStartOfDay());
        } else if (value instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        } else if (value instanceof LocalDate d) {
            return Timestamp.valueOf(d.atStartOfDay());
        } else if (value instanceof String s) {
            return parse(s, Timestamp::valueOf, "a timestamp");
        }
        throw cannotConvert(value, "a timestamp");
    }

    private static <T> T parse(String text, Function<String, T> parser, String target)
            throws SQLException {
        try {
            return parser.apply(text.trim());
        } catch (IllegalArgumentException e) {
            throw (SQLException) cannotConvert(text, target).initCause(e);
        }
    }

    private static Object calendarUnsupported(String getter) throws SQLException {
        throw new SQLFeatureNotSupportedException(getter + " with a Calendar is not supported by FaultyDriver's spoiled result set");
    }

    private static SQLException cannotConvert(Object value, String target) {
        return new SQLDataException("cannot read " + value.getClass().getName() + " value '" + value + "' as " + target,
                CONVERSION_ERROR);
    }
}
