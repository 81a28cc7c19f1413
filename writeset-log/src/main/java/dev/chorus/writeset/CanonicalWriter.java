package dev.chorus.writeset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Writes values in Chorus's canonical byte encoding: the form in which answers and write sets of different
 * engines are compared. Two values are equal for voting exactly when their encodings are equal byte for byte.
 *
 * <p>Encoding: each value is a one-byte {@link Tag} followed by a tag-specific body; variable-length bodies are
 * prefixed with their length as a 4-byte big-endian int. Numbers of every SQL numeric type share one domain:
 * exact numbers are {@code unscaled value bytes + scale} of the {@link BigDecimal} with trailing zeros stripped,
 * so {@code Integer 5}, {@code Long 5} and {@code DECIMAL 5.00} encode alike; approximate numbers are first
 * rounded to a configured number of significant digits, which absorbs float printing differences while still
 * telling different values apart. Timestamps without a time zone are encoded by their local fields, with a zone
 * as an instant, under different tags.
 *
 * <p>Not thread-safe; reuse one instance per thread with {@link #reset()}.
 */
public final class CanonicalWriter {
    /** Value tags. Their byte values are part of the format and must never change. */
    public enum Tag {
        NULL(0), NUMBER(1), STRING(2), BYTES(3), BOOLEAN(4), DATE(5), TIME(6), TIMESTAMP(7), TIMESTAMP_TZ(8),
        OTHER(9), ROW(10), COUNT(11), ERROR(12);

        public final byte code;

        Tag(int code) {
            this.code = (byte) code;
        }
    }

    private byte[] buf = new byte[256];
    private int len;

    public CanonicalWriter reset() {
        len = 0;
        return this;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The SHA-256 of everything written since the last reset. */
    public Digest digest() {
        return Digest.sha256(buf, 0, len);
    }

    public CanonicalWriter writeNull() {
        return tag(Tag.NULL);
    }

    public CanonicalWriter writeNumber(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        tag(Tag.NUMBER);
        bytes(stripped.unscaledValue().toByteArray());
        return int32(stripped.scale());
    }

    public CanonicalWriter writeNumber(long value) {
        return writeNumber(BigDecimal.valueOf(value));
    }

    public CanonicalWriter writeNumber(BigInteger value) {
        return writeNumber(new BigDecimal(value));
    }

    /**
     * Writes an approximate number rounded to {@code significantDigits}. NaN and infinities have no exact
     * counterpart and are written as strings under {@link Tag#OTHER}.
     */
    public CanonicalWriter writeApproximate(double value, int significantDigits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            tag(Tag.OTHER);
            return bytes(Double.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        return writeRounded(new BigDecimal(value), significantDigits);
    }

    /**
     * Writes a single-precision number by its shortest decimal representation, so that a {@code REAL} 0.1 on one
     * engine and a {@code DOUBLE} 0.1 on another compare equal, then rounded like a double.
     */
    public CanonicalWriter writeApproximate(float value, int significantDigits) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return writeApproximate((double) value, significantDigits);
        }
        return writeRounded(new BigDecimal(Float.toString(value)), significantDigits);
    }

    private CanonicalWriter writeRounded(BigDecimal exact, int significantDigits) {
        return writeNumber(exact.round(new java.math.MathContext(significantDigits, java.math.RoundingMode.HALF_EVEN)));
    }

    public CanonicalWriter writeString(String value) {
        tag(Tag.STRING);
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public CanonicalWriter writeBytes(byte[] value) {
        tag(Tag.BYTES);
        return bytes(value);
    }

    public CanonicalWriter writeBoolean(boolean value) {
        tag(Tag.BOOLEAN);
        ensure(1);
        buf[len++] = (byte) (value ? 1 : 0);
        return this;
    }

    public CanonicalWriter writeDate(LocalDate value) {
        tag(Tag.DATE);
        return int64(value.toEpochDay());
    }

    public CanonicalWriter writeTime(LocalTime value) {
        tag(Tag.TIME);
        return int64(value.toNanoOfDay());
    }

    /** A timestamp without time zone, by its local fields. */
    public CanonicalWriter writeTimestamp(LocalDateTime value) {
        tag(Tag.TIMESTAMP);
        int64(value.toEpochSecond(ZoneOffset.UTC));
        return int32(value.getNano());
    }

    /** A timestamp with time zone, as the instant it denotes. */
    public CanonicalWriter writeInstant(Instant value) {
        tag(Tag.TIMESTAMP_TZ);
        int64(value.getEpochSecond());
        return int32(value.getNano());
    }

    /** A value of a type without a canonical form of its own, by its string representation. */
    public CanonicalWriter writeOther(String representation) {
        tag(Tag.OTHER);
        return bytes(representation.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a row of {@code columns} values. */
    public CanonicalWriter beginRow(int columns) {
        tag(Tag.ROW);
        return int32(columns);
    }

    /** An update count. */
    public CanonicalWriter writeCount(long count) {
        tag(Tag.COUNT);
        return int64(count);
    }

    /** An error, by the class (first two characters) of its SQLState. */
    public CanonicalWriter writeError(String sqlStateClass) {
        tag(Tag.ERROR);
        return bytes(sqlStateClass.getBytes(StandardCharsets.US_ASCII));
    }

    /** Appends raw bytes, for composite digests (for example sorted row digests). */
    public CanonicalWriter writeRaw(byte[] raw) {
        ensure(raw.length);
        System.arraycopy(raw, 0, buf, len, raw.length);
        len += raw.length;
        return this;
    }

    public CanonicalWriter int32(int v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    public CanonicalWriter int64(long v) {
        int32((int) (v >>> 32));
        return int32((int) v);
    }

    private CanonicalWriter tag(Tag tag) {
        ensure(1);
        buf[len++] = tag.code;
        return this;
    }

    private CanonicalWriter bytes(byte[] b) {
        int32(b.length);
        return writeRaw(b);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}
