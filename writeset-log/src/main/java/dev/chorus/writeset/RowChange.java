package dev.chorus.writeset;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one committed transaction did to one row: its key, and either the row's full image after the transaction
 * (an insert or update) or nothing (a delete). Replayed as {@code DELETE} by key, then {@code INSERT} of the image,
 * which is right whatever the row was before, so a change can be applied to any replica of any engine.
 *
 * <p>Values are of the portable kinds only: {@code null}, {@link BigDecimal} (exact numbers), {@link Double}
 * (approximate numbers), {@link String}, {@code byte[]}, {@link Boolean}, {@link LocalDate}, {@link LocalTime},
 * {@link LocalDateTime} and {@link OffsetDateTime}. Immutable: byte arrays are copied in and out.
 *
 * @param table      the table's name as the catalog spells it; schema-qualified ({@code S.T}) outside the default schema
 * @param keyColumns the primary-key columns (all columns for a table without one)
 * @param key        the key's values, in the order of {@code keyColumns}
 * @param columns    every column of the image, or null for a delete
 * @param image      the values of {@code columns}, or null for a delete
 * @param copies     how many equal rows the image stands for: 1 in a table with a primary key; in a table without one
 *                   (whose key is every column, compared as a multiset) the number of such rows after the
 *                   transaction; 0 for a delete
 */
public record RowChange(String table, List<String> keyColumns, List<Object> key, List<String> columns, List<Object> image,
                        int copies) {
    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(keyColumns, "keyColumns");
        Objects.requireNonNull(key, "key");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("a row change needs a table name");
        }
        if (keyColumns.isEmpty() || keyColumns.size() != key.size()) {
            throw new IllegalArgumentException("row change on " + table + ": " + keyColumns.size() + " key columns but "
                    + key.size() + " key values");
        }
        if ((columns == null) != (image == null)) {
            throw new IllegalArgumentException("row change on " + table + ": columns and image must both be given or both null");
        }
        if (columns != null && columns.size() != image.size()) {
            throw new IllegalArgumentException("row change on " + table + ": " + columns.size() + " columns but " + image.size()
                    + " values");
        }
        if (image == null ? copies != 0 : copies < 1) {
            throw new IllegalArgumentException("row change on " + table + ": " + copies + " copies of "
                    + (image == null ? "a deleted row" : "a row image"));
        }
        if (columns != null && !columns.containsAll(keyColumns)) {
            throw new IllegalArgumentException("row change on " + table + ": the image " + columns + " lacks key columns "
                    + keyColumns);
        }
        keyColumns = List.copyOf(keyColumns);
        key = copyValues(key);
        columns = columns == null ? null : List.copyOf(columns);
        image = image == null ? null : copyValues(image);
    }

    /** An insert or update: the row's full image; the key is taken from it. */
    public static RowChange upsert(String table, List<String> keyColumns, List<String> columns, List<Object> image) {
        List<Object> key = new ArrayList<>(keyColumns.size());
        for (String k : keyColumns) {
            int i = columns.indexOf(k);
            if (i < 0) {
                throw new IllegalArgumentException("row change on " + table + ": the image " + columns + " lacks key column " + k);
            }
            key.add(image.get(i));
        }
        return new RowChange(table, keyColumns, key, columns, image, 1);
    }

    public static RowChange delete(String table, List<String> keyColumns, List<Object> key) {
        return new RowChange(table, keyColumns, key, null, null, 0);
    }

    /**
     * A row of a table without a primary key: every column is the key, and {@code copies} equal rows remain after
     * the transaction (0: none).
     */
    public static RowChange multiset(String table, List<String> columns, List<Object> row, int copies) {
        return copies == 0 ? new RowChange(table, columns, row, null, null, 0) : new RowChange(table, columns, row, columns, row, copies);
    }

    public boolean isDelete() {
        return image == null;
    }

    /** The row's identity: its table and key, comparable across changes (byte arrays by content). */
    public RowId id() {
        return new RowId(table, key);
    }

    @Override
    public List<Object> key() {
        return copyValues(key);
    }

    @Override
    public List<Object> image() {
        return image == null ? null : copyValues(image);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowChange c && table.equals(c.table) && keyColumns.equals(c.keyColumns)
                && RowId.valuesEqual(key, c.key) && Objects.equals(columns, c.columns)
                && (image == null ? c.image == null : c.image != null && RowId.valuesEqual(image, c.image)) && copies == c.copies;
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, keyColumns, RowId.valuesHash(key), columns);
    }

    /** Checks each value's kind and copies byte arrays; nulls are allowed. */
    static List<Object> copyValues(List<Object> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object v : values) {
            if (v instanceof byte[] b) {
                out.add(b.clone());
            } else if (v instanceof Double d && d == 0) {
                out.add(0.0); // -0.0 is 0 in SQL
            } else if (v == null || v instanceof BigDecimal || v instanceof Double || v instanceof String || v instanceof Boolean
                    || v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime || v instanceof OffsetDateTime) {
                out.add(v);
            } else {
                throw new IllegalArgumentException("a row change holds only portable values (BigDecimal, Double, String, byte[],"
                        + " Boolean, LocalDate, LocalTime, LocalDateTime, OffsetDateTime, null), not " + v.getClass().getName());
            }
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** A row's identity: table and key values (byte arrays compared by content). */
    public record RowId(String table, List<Object> key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof RowId r && table.equals(r.table) && valuesEqual(key, r.key);
        }

        @Override
        public int hashCode() {
            return 31 * table.hashCode() + valuesHash(key);
        }

        static boolean valuesEqual(List<Object> a, List<Object> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                if (x instanceof byte[] bx && y instanceof byte[] by ? !Arrays.equals(bx, by)
                        : x instanceof BigDecimal dx && y instanceof BigDecimal dy ? dx.compareTo(dy) != 0 : !Objects.equals(x, y)) {
                    return false;
                }
            }
            return true;
        }

        static int valuesHash(List<Object> values) {
            int h = 1;
            for (Object v : values) {
                int e = v instanceof byte[] b ? Arrays.hashCode(b)
                        : v instanceof BigDecimal d ? (d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode()) : Objects.hashCode(v);
                h = 31 * h + e;
            }
            return h;
        }
    }
}
