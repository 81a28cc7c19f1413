package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.SqlStates;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.UUID;
import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;

/**
 * The conversions behind every {@link ChorusResultSet} getter, written once. Each takes a non-null value as the
 * supplying replica's {@code getObject} returned it and the column it came from (for error messages only).
 *
 * <p>The rules follow H2 2.x, the engine most clients of Chorus were written against: decimals round half up to
 * integers, doubles round as {@link Math#round(double)} does, strings are trimmed before parsing, booleans read
 * true/t/yes/y/false/f/no/n or a number. Where H2 is lossy or non-deterministic Chorus is stricter, see
 * {@link #toLong} (NaN) and {@link #toLocalDateTime} (TIME to TIMESTAMP). Binary values read as text are lower-case
 * hex, as H2 1.x printed them: H2 2.x decodes them as UTF-8, which garbles anything that is not text.
 *
 * <p>Mutable values (arrays, legacy date-time objects, large objects) are never handed out as stored: the row is
 * shared by every read of the cell, so a client that modifies or frees what it got must not change later reads.
 */
final class Values {

    private static final int MAX_SHOWN_CHARS = 64;
    private static final int DATE_LENGTH = "yyyy-mm-dd".length();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final double TWO_POW_63 = 0x1p63;
    private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private Values() {
    }

    // ---- numbers and booleans --------------------------------------------------------------------------------

    /** An integral value in {@code [min, max]}, for the int, long, short and byte getters. */
    static long toLong(Object value, long min, long max, String target, Column column) throws SQLException {
        long result;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            result = ((Number) value).longValue();
        } else if (value instanceof BigDecimal decimal) {
            BigDecimal rounded = decimal.setScale(0, RoundingMode.HALF_UP);
            if (rounded.compareTo(MIN_LONG) < 0 || rounded.compareTo(MAX_LONG) > 0) {
                throw outOfRange(value, target, column);
            }
            result = rounded.longValue();
        } else if (value instanceof BigInteger integer) {
            if (integer.bitLength() > Long.SIZE - 1) {
                throw outOfRange(value, target, column);
            }
            result = integer.longValue();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // H2 turns NaN into 0; a vote-checked answer should not silently become a number nobody stored.
            if (Double.isNaN(d)) {
                throw cannotConvert(value, target, column, null);
            }
            if (d >= TWO_POW_63 || d < -TWO_POW_63) {
                throw outOfRange(value, target, column);
            }
            result = Math.round(d);
        } else if (value instanceof Boolean b) {
            result = b ? 1 : 0;
        } else if (value instanceof String s) {
            result = parseLong(s, target, column);
        } else {
            throw cannotConvert(value, target, column, null);
        }
        if (result < min || result > max) {
            throw outOfRange(value, target, column);
        }
        return result;
    }

    private static long parseLong(String s, String target, Column column) throws SQLException {
        String trimmed = s.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            // A well-formed integer that does not fit is an overflow, not garbage.
            try {
                new BigInteger(trimmed);
            } catch (NumberFormatException notAnInteger) {
                throw cannotConvert(s, target, column, e);
            }
            throw outOfRange(s, target, column);
        }
    }

    static double toDouble(Object value, Column column) throws SQLException {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(value, "double", column, e);
            }
        }
        throw cannotConvert(value, "double", column, null);
    }

    static float toFloat(Object value, Column column) throws SQLException {
        return value instanceof Float f ? f : (float) toDouble(value, column);
    }

    static BigDecimal toBigDecimal(Object value, Column column) throws SQLException {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw cannotConvert(value, "BigDecimal", column, null);
            }
            // Through the shortest decimal string, so a REAL 0.1 reads 0.1 and not 0.100000001490116...
            return new BigDecimal(value.toString());
        }
        if (value instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw cannotConvert(value, "BigDecimal", column, e);
            }
        }
        throw cannotConvert(value, "BigDecimal", column, null);
    }

    /** Truncates any fraction, as H2 does (unlike the int and long getters, which round). */
    static BigInteger toBigInteger(Object value, Column column) throws SQLException {
        return value instanceof BigInteger integer ? integer : toBigDecimal(value, column).toBigInteger();
    }

    static boolean toBoolean(Object value, Column column) throws SQLException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue() != 0;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() != 0;
        }
        if (value instanceof BigInteger integer) {
            return integer.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("t") || t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("y")) {
                return true;
            }
            if (t.equalsIgnoreCase("false") || t.equalsIgnoreCase("f") || t.equalsIgnoreCase("no") || t.equalsIgnoreCase("n")) {
                return false;
            }
            try {
                return new BigDecimal(t).signum() != 0;
            } catch (NumberFormatException e) {
                throw cannotConvert(value, "boolean", column, e);
            }
        }
        throw cannotConvert(value, "boolean", column, null);
    }

    // ---- text and bytes --------------------------------------------------------------------------------------

    static String toText(Object value) throws SQLException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            return hex(bytes);
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Timestamp ts) {
            return sqlText(ts.toLocalDateTime());
        }
        if (value instanceof Time time) {
            return sqlText(localTime(time));
        }
        if (value instanceof LocalDateTime ldt) {
            return sqlText(ldt);
        }
        if (value instanceof LocalTime lt) {
            return sqlText(lt);
        }
        if (value instanceof OffsetDateTime odt) {
            return sqlText(odt.toLocalDateTime()) + offsetText(odt.getOffset());
        }
        if (value instanceof OffsetTime ot) {
            return sqlText(ot.toLocalTime()) + offsetText(ot.getOffset());
        }
        if (value instanceof Instant instant) {
            return toText(instant.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof Clob clob) {
            return clobText(clob);
        }
        if (value instanceof Blob blob) {
            return hex(blobBytes(blob));
        }
        // Numbers, java.sql.Date, LocalDate, UUID and unknown types: their own toString is what H2 prints.
        return value.toString();
    }

    /**
     * Bytes as stored; callers that hand the array out copy it ({@link #toBytes}). Integers and UUIDs give their
     * big-endian bytes, character values their UTF-8 encoding, as in H2.
     */
    private static byte[] rawBytes(Object value, Column column) throws SQLException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Blob blob) {
            return blobBytes(blob);
        }
        if (value instanceof String || value instanceof Clob) {
            return toText(value).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return bigEndian(((Number) value).longValue(), integerWidth(value, column));
        }
        if (value instanceof UUID uuid) {
            return ByteBuffer.allocate(2 * Long.BYTES).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
        }
        throw cannotConvert(value, "byte[]", column, null);
    }

    static byte[] toBytes(Object value, Column column) throws SQLException {
        byte[] bytes = rawBytes(value, column);
        return bytes == value ? bytes.clone() : bytes;
    }

    static Reader toReader(Object value) throws SQLException {
        return value instanceof Clob clob ? clob.getCharacterStream() : new StringReader(toText(value));
    }

    static InputStream toAsciiStream(Object value) throws SQLException {
        return new ByteArrayInputStream(toText(value).getBytes(StandardCharsets.US_ASCII));
    }

    static InputStream toBinaryStream(Object value, Column column) throws SQLException {
        return new ByteArrayInputStream(toBytes(value, column));
    }

    static Clob toClob(Object value) throws SQLException {
        return new SerialClob(toText(value).toCharArray());
    }

    static NClob toNClob(Object value) throws SQLException {
        return new SerialNClob(toText(value).toCharArray());
    }

    static Blob toBlob(Object value, Column column) throws SQLException {
        return new SerialBlob(rawBytes(value, column));
    }

    static UUID toUuid(Object value, Column column) throws SQLException {
        if (value instanceof UUID uuid) {
            return uuid;
        }
        if (value instanceof String s) {
            try {
                return UUID.fromString(s.trim());
            } catch (IllegalArgumentException e) {
                throw cannotConvert(value, "UUID", column, e);
            }
        }
        if (value instanceof byte[] bytes && bytes.length == 2 * Long.BYTES) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        }
        throw cannotConvert(value, "UUID", column, null);
    }

    // ---- dates and times -------------------------------------------------------------------------------------

    /** The instant a value denotes by itself, or null for values without an offset (they need a zone). */
    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        return value instanceof Instant instant ? instant : null;
    }

    static LocalDate toLocalDate(Object value, Column column) throws SQLException {
        if (value instanceof Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate ld) {
            return ld;
        }
        if (value instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (DateTimeException e) {
                throw cannotConvert(value, "date", column, e);
            }
        }
        if (value instanceof Time || value instanceof LocalTime || value instanceof OffsetTime) {
            throw cannotConvert(value, "date", column, null);
        }
        return toLocalDateTime(value, column).toLocalDate();
    }

    static LocalTime toLocalTime(Object value, Column column) throws SQLException {
        if (value instanceof Time time) {
            return localTime(time);
        }
        if (value instanceof LocalTime lt) {
            return lt;
        }
        if (value instanceof OffsetTime ot) {
            // No date, so no zone rule applies: the wall-clock time as the engine recorded it.
            return ot.toLocalTime();
        }
        if (value instanceof String s) {
            try {
                return LocalTime.parse(s.trim());
            } catch (DateTimeException e) {
                throw cannotConvert(value, "time", column, e);
            }
        }
        if (value instanceof Date || value instanceof LocalDate) {
            throw cannotConvert(value, "time", column, null);
        }
        return toLocalDateTime(value, column).toLocalTime();
    }

    /**
     * The wall-clock date and time of a value; one with an offset is seen in the JVM default zone first, as H2
     * does, also for the calendar getters. A TIME becomes a timestamp on 1970-01-01, the date {@link Time} itself
     * carries; H2 uses the current date, which would make the same voted answer read differently from one day to
     * the next.
     */
    static LocalDateTime toLocalDateTime(Object value, Column column) throws SQLException {
        if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt;
        }
        if (value instanceof Date date) {
            return date.toLocalDate().atStartOfDay();
        }
        if (value instanceof LocalDate ld) {
            return ld.atStartOfDay();
        }
        if (value instanceof Time time) {
            return LocalDate.EPOCH.atTime(localTime(time));
        }
        if (value instanceof LocalTime lt) {
            return LocalDate.EPOCH.atTime(lt);
        }
        Instant instant = instant(value);
        if (instant != null) {
            return LocalDateTime.ofInstant(instant, ZoneId.systemDefault());
        }
        if (value instanceof String s) {
            String t = s.trim();
            try {
                if (t.length() == DATE_LENGTH) {
                    return LocalDate.parse(t).atStartOfDay();
                }
                // SQL writes a space between date and time, ISO a 'T'; accept both like H2 does.
                boolean sqlForm = t.length() > DATE_LENGTH && t.charAt(DATE_LENGTH) == ' ';
                return LocalDateTime.parse(sqlForm ? t.substring(0, DATE_LENGTH) + 'T' + t.substring(DATE_LENGTH + 1) : t);
            } catch (DateTimeException e) {
                throw cannotConvert(value, "timestamp", column, e);
            }
        }
        throw cannotConvert(value, "timestamp", column, null);
    }

    /**
     * With a calendar, the wall-clock value is placed in the calendar's zone instead of the JVM default one, the
     * JDBC contract for columns stored without a zone; likewise in {@link #toTime} and {@link #toTimestamp}.
     */
    static Date toDate(Object value, Calendar calendar, Column column) throws SQLException {
        LocalDate date = toLocalDate(value, column);
        return calendar == null ? Date.valueOf(date)
                : new Date(date.atStartOfDay(zone(calendar)).toInstant().toEpochMilli());
    }

    static Time toTime(Object value, Calendar calendar, Column column) throws SQLException {
        LocalTime time = toLocalTime(value, column);
        if (calendar == null) {
            // Time.valueOf(LocalTime) drops the fraction; keep the milliseconds Time can hold.
            return new Time(Time.valueOf(time).getTime() + time.getNano() / 1_000_000);
        }
        return new Time(LocalDate.EPOCH.atTime(time).atZone(zone(calendar)).toInstant().toEpochMilli());
    }

    /** A value with an offset already denotes an instant, which no calendar changes (H2 agrees). */
    static Timestamp toTimestamp(Object value, Calendar calendar, Column column) throws SQLException {
        Instant instant = instant(value);
        if (instant != null) {
            return Timestamp.from(instant);
        }
        LocalDateTime ldt = toLocalDateTime(value, column);
        return calendar == null ? Timestamp.valueOf(ldt) : Timestamp.from(ldt.atZone(zone(calendar)).toInstant());
    }

    private static ZoneId zone(Calendar calendar) {
        return calendar.getTimeZone().toZoneId();
    }

    static OffsetDateTime toOffsetDateTime(Object value, Column column) throws SQLException {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toOffsetDateTime();
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        return toLocalDateTime(value, column).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    static OffsetTime toOffsetTime(Object value, Column column) throws SQLException {
        if (value instanceof OffsetTime ot) {
            return ot;
        }
        return toOffsetDateTime(value, column).toOffsetTime();
    }

    static Instant toInstant(Object value, Column column) throws SQLException {
        Instant instant = instant(value);
        if (instant != null) {
            return instant;
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        return toLocalDateTime(value, column).atZone(ZoneId.systemDefault()).toInstant();
    }

    // ---- getObject -------------------------------------------------------------------------------------------

    /** The value as {@code getObject(int)} hands it out: mutable values are copied, everything else as stored. */
    static Object detach(Object value) throws SQLException {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof Timestamp ts) {
            Timestamp copy = new Timestamp(ts.getTime());
            copy.setNanos(ts.getNanos());
            return copy;
        }
        if (value instanceof Date date) {
            return new Date(date.getTime());
        }
        if (value instanceof Time time) {
            return new Time(time.getTime());
        }
        if (value instanceof NClob nclob) {
            return new SerialNClob(clobText(nclob).toCharArray());
        }
        if (value instanceof Clob clob) {
            return new SerialClob(clobText(clob).toCharArray());
        }
        if (value instanceof Blob blob) {
            return new SerialBlob(blobBytes(blob));
        }
        return value;
    }

    /**
     * {@code getObject(int, Class)}: a conversion for each type the JDBC 4.3 table lists, else the stored value
     * when it already is of that type. Primitive classes answer with their wrapper. Returns null when the target
     * type is unknown and the value is not of it, so the caller can name the method in its refusal.
     */
    static Object toType(Object value, Class<?> type, Column column) throws SQLException {
        if (type == Object.class) {
            return detach(value);
        } else if (type == String.class) {
            return toText(value);
        } else if (type == Integer.class || type == int.class) {
            return (int) toLong(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "int", column);
        } else if (type == Long.class || type == long.class) {
            return toLong(value, Long.MIN_VALUE, Long.MAX_VALUE, "long", column);
        } else if (type == Short.class || type == short.class) {
            return (short) toLong(value, Short.MIN_VALUE, Short.MAX_VALUE, "short", column);
        } else if (type == Byte.class || type == byte.class) {
            return (byte) toLong(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte", column);
        } else if (type == Double.class || type == double.class) {
            return toDouble(value, column);
        } else if (type == Float.class || type == float.class) {
            return toFloat(value, column);
        } else if (type == Boolean.class || type == boolean.class) {
            return toBoolean(value, column);
        } else if (type == BigDecimal.class) {
            return toBigDecimal(value, column);
        } else if (type == BigInteger.class) {
            return toBigInteger(value, column);
        } else if (type == byte[].class) {
            return toBytes(value, column);
        } else if (type == Date.class) {
            return toDate(value, null, column);
        } else if (type == Time.class) {
            return toTime(value, null, column);
        } else if (type == Timestamp.class) {
            return toTimestamp(value, null, column);
        } else if (type == LocalDate.class) {
            return toLocalDate(value, column);
        } else if (type == LocalTime.class) {
            return toLocalTime(value, column);
        } else if (type == LocalDateTime.class) {
            return toLocalDateTime(value, column);
        } else if (type == OffsetDateTime.class) {
            return toOffsetDateTime(value, column);
        } else if (type == OffsetTime.class) {
            return toOffsetTime(value, column);
        } else if (type == Instant.class) {
            return toInstant(value, column);
        } else if (type == UUID.class) {
            return toUuid(value, column);
        } else if (type == NClob.class) {
            return toNClob(value);
        } else if (type == Clob.class) {
            return toClob(value);
        } else if (type == Blob.class) {
            return toBlob(value, column);
        } else if (type.isInstance(value)) {
            return detach(value);
        }
        return null;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    static String hex(byte[] bytes) {
        char[] chars = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            chars[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            chars[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(chars);
    }

    /** The SQL type's width, as H2 writes it; getObject widens SMALLINT and TINYINT to Integer. */
    private static int integerWidth(Object value, Column column) {
        return switch (column.jdbcType()) {
            case Types.TINYINT -> Byte.BYTES;
            case Types.SMALLINT -> Short.BYTES;
            case Types.INTEGER -> Integer.BYTES;
            case Types.BIGINT -> Long.BYTES;
            default -> value instanceof Long ? Long.BYTES : value instanceof Short ? Short.BYTES
                    : value instanceof Byte ? Byte.BYTES : Integer.BYTES;
        };
    }

    private static byte[] bigEndian(long bits, int width) {
        byte[] bytes = new byte[width];
        for (int i = 0; i < width; i++) {
            bytes[width - 1 - i] = (byte) (bits >>> (Byte.SIZE * i));
        }
        return bytes;
    }

    private static LocalTime localTime(Time time) {
        // Time.toLocalTime() drops the milliseconds a TIME(3) column carries.
        return time.toLocalTime().withNano((int) Math.floorMod(time.getTime(), 1000L) * 1_000_000);
    }

    /** {@code yyyy-mm-dd hh:mm:ss[.fraction]}, the SQL literal form H2 prints. */
    private static String sqlText(LocalDateTime ldt) {
        return ldt.toLocalDate() + " " + sqlText(ldt.toLocalTime());
    }

    /** {@code hh:mm:ss[.fraction]} without trailing zeros; {@link LocalTime#toString} omits zero seconds. */
    private static String sqlText(LocalTime time) {
        StringBuilder sb = new StringBuilder(18);
        twoDigits(sb, time.getHour()).append(':');
        twoDigits(sb, time.getMinute()).append(':');
        twoDigits(sb, time.getSecond());
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = Integer.toString(1_000_000_000 + nanos).substring(1);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(fraction, 0, end);
        }
        return sb.toString();
    }

    /** {@code +hh[:mm[:ss]]}, as H2 prints an offset. */
    private static String offsetText(ZoneOffset offset) {
        int total = offset.getTotalSeconds();
        int abs = Math.abs(total);
        StringBuilder sb = new StringBuilder(9).append(total < 0 ? '-' : '+');
        twoDigits(sb, abs / 3600);
        if (abs % 3600 != 0) {
            twoDigits(sb.append(':'), abs / 60 % 60);
            if (abs % 60 != 0) {
                twoDigits(sb.append(':'), abs % 60);
            }
        }
        return sb.toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, int value) {
        return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static String clobText(Clob clob) throws SQLException {
        long length = clob.length();
        // getSubString(1, 0) is rejected by SerialClob, which counts position 1 as past the end of an empty value.
        return length == 0 ? "" : clob.getSubString(1, Math.toIntExact(length));
    }

    private static byte[] blobBytes(Blob blob) throws SQLException {
        long length = blob.length();
        return length == 0 ? new byte[0] : blob.getBytes(1, Math.toIntExact(length));
    }

    private static String shown(Object value) {
        String text;
        if (value instanceof byte[] bytes) {
            text = "X'" + hex(bytes) + "'";
        } else if (value instanceof Clob || value instanceof Blob) {
            return "a " + value.getClass().getSimpleName();
        } else {
            text = "'" + value + "'";
        }
        return (text.length() > MAX_SHOWN_CHARS ? text.substring(0, MAX_SHOWN_CHARS) + "..." : text)
                + " (" + value.getClass().getSimpleName() + ")";
    }

    static SQLException cannotConvert(Object value, String target, Column column, Throwable cause) {
        return new SQLException("cannot convert " + shown(value) + " of column \"" + column.label() + "\" to " + target,
                SqlStates.DATA_CONVERSION, cause);
    }

    static SQLException outOfRange(Object value, String target, Column column) {
        return new SQLException(shown(value) + " of column \"" + column.label() + "\" is out of range for " + target,
                SqlStates.NUMERIC_VALUE_OUT_OF_RANGE);
    }

    /** A {@link SerialClob} that answers {@code getNClob}; national and plain character data are one type here. */
    static final class SerialNClob extends SerialClob implements NClob {
        private static final long serialVersionUID = 1L;

        SerialNClob(char[] chars) throws SQLException {
            super(chars);
        }
    }
}
