package dev.chorus.coordinator.vote;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.ResultTable;
import dev.chorus.coordinator.SqlStates;
import dev.chorus.coordinator.capture.PortableValues;
import dev.chorus.writeset.CanonicalWriter;
import dev.chorus.writeset.Digest;

import javax.sql.rowset.serial.SerialBlob;
import javax.sql.rowset.serial.SerialClob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one place where replica answers become canonical: it reads a replica's result set into a
 * {@link ResultTable} and computes the digest that is voted on (DESIGN.md, "Canonical values and voting").
 *
 * <p>Values: numbers of every type in one domain (approximate ones rounded to the configured significant
 * digits), {@code CHAR} padding stripped, large objects read whole, dates and times by their fields, timestamps
 * with a zone as instants. Columns are compared by position, not label, because engines label unnamed
 * expressions differently; the case-folded labels get a digest of their own. Rows are voted as a multiset; when
 * the query has a top-level ORDER BY their order gets a digest of its own, with rows of equal sort keys compared
 * as a multiset (strictly in order when a sort key cannot be matched to exactly one result column).
 *
 * <p>Not thread-safe: each replica thread uses its own instance.
 */
public final class Canonicalizer {
    private final int approximateDigits;
    private final CanonicalWriter row = new CanonicalWriter();
    private final CanonicalWriter key = new CanonicalWriter();
    private final CanonicalWriter total = new CanonicalWriter();
    private final MessageDigest sha = Digest.newSha256();
    private final long maxResultBytes;

    /** A canonicalizer without a bound on the answers it reads. */
    public Canonicalizer(int approximateDigits) {
        this(approximateDigits, Long.MAX_VALUE);
    }

    /**
     * @param maxResultBytes canonical bytes of one answer at most: {@link #rows} fails with SQLState 54000 beyond
     *                       (every correct replica at the same row, since their canonical rows are equal)
     */
    public Canonicalizer(int approximateDigits, long maxResultBytes) {
        this.approximateDigits = approximateDigits;
        this.maxResultBytes = maxResultBytes;
    }

    /**
     * Reads all rows (at most {@code maxRows} when positive) of {@code rs} and digests them.
     *
     * @param orderBy the statement's top-level ORDER BY items, or null for none
     */
    public Answer.Rows rows(ResultSet rs, int maxRows, List<String> orderBy) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
            // H2's DECFLOAT (AVG of a DOUBLE) is a floating type reported as NUMERIC: vote it as approximate
            types[i - 1] = "DECFLOAT".equalsIgnoreCase(md.getColumnTypeName(i)) ? Types.DOUBLE : PortableValues.jdbcType(md, i);
            Column c = column(md, i);
            if (types[i - 1] == Types.TIMESTAMP_WITH_TIMEZONE && c.jdbcType() != types[i - 1]) {
                // PostgreSQL's timestamptz, described as H2 and HSQLDB describe the type
                c = new Column(c.label(), c.name(), c.tableName(), c.schemaName(), Types.TIMESTAMP_WITH_TIMEZONE,
                        "TIMESTAMP WITH TIME ZONE", OffsetDateTime.class.getName(), c.precision(), c.scale(), c.nullable(),
                        c.displaySize(), c.signed(), c.autoIncrement());
            }
            columns.add(c);
        }
        int[] sortKeys = orderBy == null ? null : sortKeyColumns(orderBy, columns);
        List<Object[]> rows = new ArrayList<>();
        List<byte[]> rowDigests = new ArrayList<>();
        List<byte[]> keyBytes = sortKeys == null ? null : new ArrayList<>();
        long bytes = 0;
        while ((maxRows <= 0 || rows.size() < maxRows) && rs.next()) {
            Object[] values = new Object[n];
            row.reset().beginRow(n);
            for (int i = 0; i < n; i++) {
                values[i] = read(rs, i + 1, types[i], row);
            }
            rows.add(values);
            byte[] canonical = row.toByteArray();
            bytes += canonical.length;
            if (bytes > maxResultBytes) {
                throw new SQLException("the query's answer is larger than maxResultBytes=" + maxResultBytes + " (" + rows.size()
                        + " rows read, " + bytes + " canonical bytes): every replica's answer is held whole until it is"
                        + " voted; page the query (ORDER BY ... LIMIT), use Statement.setMaxRows, or raise maxResultBytes",
                        SqlStates.PROGRAM_LIMIT_EXCEEDED);
            }
            rowDigests.add(sha.digest(canonical));
            if (sortKeys != null) {
                key.reset();
                for (int k : sortKeys) {
                    encode(values[k], types[k], key);
                }
                keyBytes.add(key.toByteArray());
            }
        }
        total.reset().writeString("ROWS").int32(n).int32(rows.size());
        appendSorted(rowDigests, 0, rowDigests.size());
        Digest multiset = total.digest();
        Digest order = null;
        if (orderBy != null) {
            total.reset().writeString("ORDER");
            boolean strict = sortKeys.length == 0;
            int start = 0;
            for (int i = 1; i <= rows.size(); i++) {
                if (i == rows.size() || strict || !Arrays.equals(keyBytes.get(i), keyBytes.get(start))) {
                    total.int32(i - start);
                    appendSorted(rowDigests, start, i);
                    start = i;
                }
            }
            order = total.digest();
        }
        return new Answer.Rows(new ResultTable(columns, rows), multiset, order, labels(columns));
    }

    /**
     * Digests a table built by Chorus (a normalised metadata answer). Its row order is Chorus's own (the readers
     * sort), so it is voted like an ordered query.
     */
    public Answer.Rows table(ResultTable table) {
        int n = table.columnCount();
        List<byte[]> rowDigests = new ArrayList<>(table.rowCount());
        for (Object[] values : table.rows()) {
            row.reset().beginRow(n);
            for (int i = 0; i < n; i++) {
                encode(values[i], table.columns().get(i).jdbcType(), row);
            }
            rowDigests.add(sha.digest(row.toByteArray()));
        }
        total.reset().writeString("ORDER");
        for (byte[] d : rowDigests) {
            total.writeRaw(d);
        }
        Digest order = total.digest();
        total.reset().writeString("ROWS").int32(n).int32(table.rowCount());
        appendSorted(rowDigests, 0, rowDigests.size());
        return new Answer.Rows(table, total.digest(), order, labels(table.columns()));
    }

    private Digest labels(List<Column> columns) {
        key.reset();
        for (Column c : columns) {
            key.writeString(c.label().toUpperCase(Locale.ROOT));
        }
        return key.digest();
    }

    /** The digest of an update count and, when asked for, its generated keys (compared as a multiset). */
    public Answer.Count count(long count, Answer.Rows keys) {
        total.reset().writeCount(count);
        if (keys != null) {
            total.writeRaw(keys.digest().toByteArray());
        }
        return new Answer.Count(count, keys == null ? null : keys.table(), total.digest());
    }

    /** The digest of a batch: its counts, the class of the error that stopped it, and its generated keys. */
    public Answer.Batch batch(long[] counts, SQLException error, List<Answer.Rows> keys) {
        total.reset().writeString("BATCH").int32(counts.length);
        for (long c : counts) {
            total.writeCount(c);
        }
        if (error != null) {
            total.writeError(stateClass(error));
        }
        ResultTable keyTable = null;
        if (keys != null) {
            List<Object[]> all = new ArrayList<>();
            for (Answer.Rows k : keys) {
                total.writeRaw(k.digest().toByteArray());
                all.addAll(k.table().rows());
            }
            keyTable = keys.isEmpty() ? new ResultTable(List.of(), List.of()) : new ResultTable(keys.get(0).table().columns(), all);
        }
        return new Answer.Batch(counts, error, keyTable, total.digest());
    }

    public Answer.Failure failure(SQLException error) {
        return new Answer.Failure(error, total.reset().writeError(stateClass(error)).digest());
    }

    public Answer.Done done(Object value) {
        return new Answer.Done(value, total.reset().writeString("DONE").digest());
    }

    /**
     * H2's own SQLStates (class 90) that have a standard class, which the other engines use for the same error:
     * function not found (42), ambiguous column name (42), a column neither grouped nor aggregated (42), parameter
     * not set (07), a scalar subquery with more than one row (21).
     */
    private static final java.util.Map<String, String> VENDOR_STATE_CLASSES = java.util.Map.of(
            "90022", "42", "90059", "42", "90016", "42", "90012", "07", "90053", "21");

    /** The SQLState class errors are compared by; {@code HY} (general error) when the engine gave none. */
    public static String stateClass(SQLException e) {
        String state = e.getSQLState();
        if (state != null && VENDOR_STATE_CLASSES.containsKey(state)) {
            return VENDOR_STATE_CLASSES.get(state);
        }
        return state == null || state.length() < 2 ? "HY" : state.substring(0, 2).toUpperCase(Locale.ROOT);
    }

    private void appendSorted(List<byte[]> digests, int from, int to) {
        List<byte[]> part = new ArrayList<>(digests.subList(from, to));
        part.sort(Arrays::compareUnsigned);
        for (byte[] d : part) {
            total.writeRaw(d);
        }
    }

    /**
     * Maps ORDER BY items to result columns: a position, or a (possibly qualified, possibly quoted) name equal
     * to a label. Returns an empty array when any item cannot be mapped: rows are then compared strictly in order.
     */
    static int[] sortKeyColumns(List<String> orderBy, List<Column> columns) {
        int[] out = new int[orderBy.size()];
        for (int i = 0; i < out.length; i++) {
            String item = orderBy.get(i).trim();
            int found = -1;
            if (item.matches("\\d+")) {
                int pos = Integer.parseInt(item);
                found = pos >= 1 && pos <= columns.size() ? pos - 1 : -1;
            } else if (item.matches("[A-Za-z0-9_$.\"]+")) {
                String last = item.substring(item.lastIndexOf('.') + 1);
                boolean quoted = last.startsWith("\"");
                String name = quoted ? last.replace("\"", "") : last;
                for (int c = 0; c < columns.size(); c++) {
                    String label = columns.get(c).label();
                    if (quoted ? label.equals(name) : label.equalsIgnoreCase(name)) {
                        if (found >= 0) {
                            return new int[0]; // two columns of that name (a.name, b.name): ambiguous
                        }
                        found = c;
                    }
                }
            }
            if (found < 0) {
                return new int[0];
            }
            out[i] = found;
        }
        return out;
    }

    private Object read(ResultSet rs, int index, int type, CanonicalWriter w) throws SQLException {
        if (type == Types.CLOB || type == Types.NCLOB) {
            String s = rs.getString(index);
            encode(s, type, w);
            return s == null ? null : new SerialClob(s.toCharArray());
        }
        if (type == Types.BLOB) {
            byte[] b = rs.getBytes(index);
            encode(b, type, w);
            return b == null ? null : new SerialBlob(b);
        }
        if (type == Types.TIMESTAMP_WITH_TIMEZONE) {
            OffsetDateTime t = PortableValues.readInstant(rs, index);
            encode(t, type, w);
            return t;
        }
        Object v = rs.getObject(index);
        if (v instanceof Clob c) {
            String s = c.getSubString(1, (int) c.length());
            c.free();
            encode(s, type, w);
            return new SerialClob(s.toCharArray());
        }
        if (v instanceof Blob b) {
            byte[] bytes = b.getBytes(1, (int) b.length());
            b.free();
            encode(bytes, type, w);
            return new SerialBlob(bytes);
        }
        encode(v, type, w);
        return v;
    }

    private void encode(Object v, int type, CanonicalWriter w) {
        if (v == null) {
            w.writeNull();
        } else if (v instanceof BigDecimal d && type == Types.DOUBLE) {
            w.writeApproximate(d.doubleValue(), approximateDigits);
        } else if (v instanceof BigDecimal d) {
            w.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            w.writeNumber(i);
        } else if (v instanceof Double d) {
            w.writeApproximate(d, approximateDigits);
        } else if (v instanceof Float f) {
            w.writeApproximate(f, approximateDigits);
        } else if (v instanceof Number num) {
            w.writeNumber(num.longValue());
        } else if (v instanceof String s) {
            w.writeString(type == Types.CHAR || type == Types.NCHAR ? stripTrailingSpaces(s) : s);
        } else if (v instanceof SerialClob c) {
            try {
                w.writeString(c.getSubString(1, (int) c.length()));
            } catch (SQLException e) {
                throw new IllegalStateException("an in-memory CLOB cannot fail", e);
            }
        } else if (v instanceof byte[] b) {
            w.writeBytes(b);
        } else if (v instanceof Boolean b) {
            w.writeBoolean(b);
        } else if (v instanceof java.sql.Date d) {
            w.writeDate(d.toLocalDate());
        } else if (v instanceof LocalDate d) {
            w.writeDate(d);
        } else if (v instanceof java.sql.Time t) {
            w.writeTime(t.toLocalTime());
        } else if (v instanceof LocalTime t) {
            w.writeTime(t);
        } else if (v instanceof java.sql.Timestamp t) {
            w.writeTimestamp(t.toLocalDateTime());
        } else if (v instanceof LocalDateTime t) {
            w.writeTimestamp(t);
        } else if (v instanceof OffsetDateTime t) {
            w.writeInstant(t.toInstant());
        } else if (v instanceof ZonedDateTime t) {
            w.writeInstant(t.toInstant());
        } else if (v instanceof Instant t) {
            w.writeInstant(t);
        } else {
            w.writeOther(v.toString());
        }
    }

    private static String stripTrailingSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    private static Column column(ResultSetMetaData md, int i) throws SQLException {
        return new Column(nonNull(md.getColumnLabel(i)), nonNull(md.getColumnName(i)), nonNull(md.getTableName(i)),
                nonNull(md.getSchemaName(i)), md.getColumnType(i), nonNull(md.getColumnTypeName(i)),
                nonNull(md.getColumnClassName(i)), md.getPrecision(i), md.getScale(i), md.isNullable(i),
                md.getColumnDisplaySize(i), md.isSigned(i), md.isAutoIncrement(i));
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
