package dev.chorus.coordinator.capture;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.translate.Translator;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every row of one table as one replica holds it, in portable values ({@link PortableValues}) and in a key order
 * that is the same on every engine. Two images of a table give its changes in between ({@link #changesTo}); one
 * image is the table as a write set of inserts ({@link #asWriteSet}). A table without a primary key is a multiset:
 * every column is the key, and equal rows are counted. Correct replicas of different engines give equal images,
 * so equal write sets byte for byte. Immutable.
 */
public final class TableImage {
    private final String table;
    private final List<String> columns;
    private final List<String> keyColumns;
    private final boolean multiset;
    /** Key -> the row image and how many equal rows there are (always 1 with a primary key). */
    private final TreeMap<List<Object>, Entry> rows;

    private record Entry(List<Object> image, int copies) {
    }

    private TableImage(String table, List<String> columns, List<String> keyColumns, boolean multiset,
                       TreeMap<List<Object>, Entry> rows) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
        this.multiset = multiset;
        this.rows = rows;
    }

    /**
     * Reads the table on a connection (in its transaction).
     *
     * @param table      the table's name as the catalog spells it
     * @param keyColumns its primary-key columns; empty for a table without one
     * @throws SQLException when the read fails, or when two rows have the same key (a replica breaking its own key)
     */
    public static TableImage read(Connection c, Engine engine, String table, List<String> keyColumns, int approximateDigits)
            throws SQLException {
        SQLDialect dialect = Translator.dialectOf(engine, SQLDialect.DEFAULT);
        String name = Translator.engineName(engine, table, table);
        String sql = DSL.using(dialect, new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS))
                .render(DSL.selectFrom(DSL.table(DSL.name(name.split("\\.")))));
        return read(c, sql, table, null, keyColumns, approximateDigits);
    }

    /**
     * Reads a table with a given query (in its transaction).
     *
     * @param sql        {@code SELECT columns FROM table} in the engine's dialect
     * @param columnNames the names the image gives the query's columns, or null for the names the engine reports
     * @param keyColumns the primary-key columns; empty for a table without one
     */
    public static TableImage read(Connection c, String sql, String table, List<String> columnNames, List<String> keyColumns,
                                  int approximateDigits) throws SQLException {
        TreeMap<List<Object>, Entry> rows = new TreeMap<>(PortableValues.ROW_ORDER);
        List<String> columns = new ArrayList<>();
        boolean multiset = keyColumns.isEmpty();
        List<String> keys = keyColumns;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            int[] types = new int[md.getColumnCount()];
            for (int i = 1; i <= types.length; i++) {
                columns.add(columnNames != null ? columnNames.get(i - 1) : md.getColumnName(i));
                types[i - 1] = PortableValues.jdbcType(md, i);
            }
            if (multiset) {
                keys = columns;
            }
            int[] keyAt = new int[keys.size()];
            for (int k = 0; k < keyAt.length; k++) {
                keyAt[k] = columns.indexOf(keys.get(k));
                if (keyAt[k] < 0) {
                    throw new SQLException("table " + table + " has no key column " + keys.get(k) + "; its columns are " + columns);
                }
            }
            while (rs.next()) {
                List<Object> image = new ArrayList<>(types.length);
                for (int i = 0; i < types.length; i++) {
                    image.add(PortableValues.read(rs, i + 1, types[i], approximateDigits));
                }
                List<Object> key = new ArrayList<>(keyAt.length);
                for (int k : keyAt) {
                    key.add(image.get(k));
                }
                Entry before = rows.get(key);
                if (before != null && !multiset) {
                    throw new SQLException("table " + table + " holds two rows with the key " + keys + " = " + key, "23505");
                }
                rows.put(key, new Entry(image, before == null ? 1 : before.copies() + 1));
            }
        }
        return new TableImage(table, columns, keys, multiset, rows);
    }

    public String table() {
        return table;
    }

    /** How many rows the table holds. */
    public long rowCount() {
        long n = 0;
        for (Entry e : rows.values()) {
            n += e.copies();
        }
        return n;
    }

    /** The table as a write set: every row inserted, in key order. */
    public WriteSet asWriteSet() {
        List<RowChange> out = new ArrayList<>(rows.size());
        rows.values().forEach(e -> out.add(change(e)));
        return new WriteSet(out);
    }

    /** Whether a row with this key is in the image (for a multiset: a row equal to it). */
    public boolean has(List<Object> key) {
        return rows.containsKey(key);
    }

    /** What changed from this image to a later one of the same table: in key order, a change per key that differs. */
    public List<RowChange> changesTo(TableImage after) {
        if (!table.equals(after.table) || !columns.equals(after.columns) || !keyColumns.equals(after.keyColumns)) {
            throw new IllegalArgumentException("images of different tables or shapes: " + table + columns + " and " + after.table
                    + after.columns);
        }
        TreeMap<List<Object>, Boolean> keys = new TreeMap<>(PortableValues.ROW_ORDER);
        rows.keySet().forEach(k -> keys.put(k, true));
        after.rows.keySet().forEach(k -> keys.put(k, true));
        List<RowChange> out = new ArrayList<>();
        for (List<Object> key : keys.keySet()) {
            Entry was = rows.get(key);
            Entry is = after.rows.get(key);
            if (is == null) {
                out.add(multiset ? RowChange.multiset(table, columns, key, 0) : RowChange.delete(table, keyColumns, key));
            } else if (was == null || was.copies() != is.copies() || !change(was).equals(change(is))) {
                out.add(change(is));
            }
        }
        return out;
    }

    private RowChange change(Entry e) {
        return multiset ? RowChange.multiset(table, columns, e.image(), e.copies())
                : RowChange.upsert(table, keyColumns, columns, e.image());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableImage t && table.equals(t.table) && asWriteSet().toSql().equals(t.asWriteSet().toSql());
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, asWriteSet().toSql());
    }

    @Override
    public String toString() {
        return "TableImage[" + table + ", " + rowCount() + " rows]";
    }
}
