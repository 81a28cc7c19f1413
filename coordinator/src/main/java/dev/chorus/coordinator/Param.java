package dev.chorus.coordinator;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * One bound parameter of a prepared statement, held by Chorus and bound the same way on every replica.
 *
 * <p>Streams and readers are read into memory when the application sets them, because the same value has to
 * reach every replica. Immutable; the value must not be modified after it was set ({@code byte[]} values are
 * copied by the driver).
 *
 * @param setter     which {@link PreparedStatement} setter the application used
 * @param value      the value; null only for {@link Setter#NULL}
 * @param sqlType    the {@link Types} code for {@link Setter#NULL} and {@link Setter#OBJECT_TYPED}
 * @param scale      the scale or length argument of {@link Setter#OBJECT_TYPED}, -1 when not given
 */
public record Param(Setter setter, Object value, int sqlType, int scale) {
    /** The setter families Chorus replays on the replicas. */
    public enum Setter { NULL, OBJECT, OBJECT_TYPED, STRING, BYTES, BIG_DECIMAL, TIMESTAMP, DATE, TIME, BOOLEAN, LONG, INT, DOUBLE }

    public Param {
        if (setter == null) {
            throw new IllegalArgumentException("setter");
        }
        if ((value == null) != (setter == Setter.NULL)) {
            throw new IllegalArgumentException("a " + setter + " parameter " + (value == null ? "needs a value" : "has no value"));
        }
    }

    public static Param ofNull(int sqlType) {
        return new Param(Setter.NULL, null, sqlType, -1);
    }

    public static Param of(Setter setter, Object value) {
        return value == null ? ofNull(Types.NULL) : new Param(setter, value, Types.OTHER, -1);
    }

    public static Param typed(Object value, int sqlType, int scale) {
        return value == null ? ofNull(sqlType) : new Param(Setter.OBJECT_TYPED, value, sqlType, scale);
    }

    /**
     * This parameter with a time value rounded to microseconds, as H2 (the application dialect) stores it: HSQLDB
     * would truncate the nanoseconds and Derby keep them, and the replicas would differ.
     */
    public Param roundedToMicros() {
        Object v = value;
        Object rounded = v;
        if (v instanceof java.sql.Timestamp ts && ts.getNanos() % 1000 != 0) {
            rounded = java.sql.Timestamp.valueOf(roundMicros(ts.toLocalDateTime()));
        } else if (v instanceof java.time.LocalDateTime t && t.getNano() % 1000 != 0) {
            rounded = roundMicros(t);
        } else if (v instanceof java.time.OffsetDateTime t && t.getNano() % 1000 != 0) {
            rounded = java.time.OffsetDateTime.of(roundMicros(t.toLocalDateTime()), t.getOffset());
        } else if (v instanceof java.time.LocalTime t && t.getNano() % 1000 != 0) {
            rounded = roundMicros(java.time.LocalDate.EPOCH.atTime(t)).toLocalTime();
        }
        return rounded == v ? this : new Param(setter, rounded, sqlType, scale);
    }

    /**
     * This parameter rounded half up to {@code scale} decimal places when it is a number with more, as H2 (the
     * application dialect) rounds a value assigned to a DECIMAL column; Derby and HSQLDB would truncate. A DOUBLE
     * is taken at its shortest decimal form, as H2 converts it.
     */
    public Param roundedToScale(int scale) {
        BigDecimal d = value instanceof BigDecimal b ? b
                : value instanceof Double || value instanceof Float ? new BigDecimal(value.toString()) : null;
        if (d == null || d.scale() <= scale) {
            return this;
        }
        BigDecimal rounded = d.setScale(scale, java.math.RoundingMode.HALF_UP);
        return setter == Setter.OBJECT_TYPED ? new Param(setter, rounded, sqlType, this.scale) : new Param(Setter.BIG_DECIMAL, rounded, Types.OTHER, -1);
    }

    private static java.time.LocalDateTime roundMicros(java.time.LocalDateTime t) {
        return t.plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * Binds this parameter at {@code index} of a statement of a replica of the engine. On PostgreSQL a {@code BLOB}
     * or {@code CLOB} type is bound as {@code BINARY} or {@code VARCHAR}: Chorus makes those columns {@code bytea}
     * and {@code text} there, and the driver would send a large-object id for {@code BLOB}.
     */
    public void bind(PreparedStatement ps, int index, Engine engine) throws SQLException {
        int type = engine == Engine.POSTGRESQL ? postgresType(sqlType) : sqlType;
        switch (setter) {
            case NULL -> ps.setNull(index, type == Types.NULL || type == Types.OTHER ? declaredType(ps, index) : type);
            case OBJECT -> ps.setObject(index, value);
            case OBJECT_TYPED -> {
                if (scale >= 0) {
                    ps.setObject(index, value, type, scale);
                } else {
                    ps.setObject(index, value, type);
                }
            }
            case STRING -> ps.setString(index, (String) value);
            case BYTES -> ps.setBytes(index, (byte[]) value);
            case BIG_DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
            case TIMESTAMP -> ps.setTimestamp(index, (java.sql.Timestamp) value);
            case DATE -> ps.setDate(index, (java.sql.Date) value);
            case TIME -> ps.setTime(index, (java.sql.Time) value);
            case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            case LONG -> ps.setLong(index, (Long) value);
            case INT -> ps.setInt(index, (Integer) value);
            case DOUBLE -> ps.setDouble(index, (Double) value);
            default -> throw new IllegalStateException(setter.name());
        }
    }

    private static int postgresType(int sqlType) {
        return switch (sqlType) {
            case Types.BLOB -> Types.BINARY;
            case Types.CLOB, Types.NCLOB -> Types.VARCHAR;
            default -> sqlType;
        };
    }

    /**
     * The type the replica expects at a parameter, for a NULL the application gave without one ({@code setObject(i,
     * null)}, {@code setNull(i, Types.NULL)}): Derby refuses an untyped NULL that H2 and HSQLDB accept.
     */
    private static int declaredType(PreparedStatement ps, int index) {
        try {
            int t = ps.getParameterMetaData().getParameterType(index);
            return t == Types.OTHER ? Types.NULL : t;
        } catch (SQLException | RuntimeException e) {
            return Types.NULL;
        }
    }

    @Override
    public String toString() {
        return setter == Setter.NULL ? "NULL" : value instanceof byte[] b ? "bytes[" + b.length + "]" : String.valueOf(value);
    }
}
