package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.ResultTable;
import org.jooq.CreateTableElementListStep;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Meta;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The application's tables as the replicas describe them (columns with their types, primary keys), which the
 * translator needs where engines differ by type: AVG, division and casts are given the application dialect's
 * semantics, LIMIT/OFFSET queries get the primary key as a tie breaker, NULL ordering is left out for columns that
 * cannot be NULL.
 *
 * <p>Read from every replica's {@link DatabaseMetaData} after each schema change, normalised to what all engines
 * report alike, and trusted column by column only where f+1 replicas agree (a column without agreement has no
 * type; a table without agreement on its key has no key). Engines describe some types differently (REAL is
 * DOUBLE on HSQLDB, TINYINT is SMALLINT on Derby): that is a difference of engines, not a fault, so nobody is
 * marked SUSPECT for it.
 *
 * <p>Thread-safe: a loaded snapshot is immutable and replaced as a whole.
 */
public final class SchemaCatalog {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("INFORMATION_SCHEMA", "SYS", "SYSCAT", "SYSCS_DIAG",
            "SYSCS_UTIL", "SYSFUN", "SYSIBM", "SYSPROC", "SYSSTAT", "SQLJ", "NULLID", "SYSTEM_LOBS", "CHORUS",
            "PG_CATALOG", "PG_TOAST");
    private static final String[] LABELS = {"TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "ORDINAL", "TYPE", "PRECISION",
            "SCALE", "NULLABLE", "KEY_SEQ"};

    /** One column as the replicas agree on it. {@code type} is null when they do not agree. */
    public record ColumnInfo(String name, int ordinal, String type, int precision, int scale, boolean nullable) {
    }

    /**
     * One table or view.
     *
     * @param schema     its schema, empty for the replicas' default schema
     * @param columns    its columns in the table's order (the reader sorts them by ordinal position)
     * @param primaryKey the primary key's columns in key order, empty when it has none or the replicas disagree
     */
    public record TableInfo(String schema, String name, List<ColumnInfo> columns, List<String> primaryKey) {
        public ColumnInfo column(String columnName) {
            for (ColumnInfo c : columns) {
                if (c.name().equals(columnName)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * A foreign key, by the catalog keys of its tables.
     *
     * @param cascades whether deleting or updating a parent row changes child rows (CASCADE, SET NULL, SET DEFAULT)
     */
    public record ForeignKey(String child, List<String> columns, String parent, boolean cascades) {
    }

    /** A unique key other than the primary key (a UNIQUE constraint or unique index), by its table's catalog key. */
    public record UniqueKey(String table, List<String> columns) {
    }

    private record Snapshot(long epoch, Map<String, TableInfo> tables, Meta meta, List<ForeignKey> foreignKeys,
                            List<UniqueKey> uniqueKeys, java.util.Set<String> baseTables) {
    }

    private volatile Snapshot snapshot = new Snapshot(-1, Map.of(), null, List.of(), List.of(), java.util.Set.of());

    /** Whether the replicas agree this is a table (not a view), by its catalog key. */
    public boolean baseTable(String table) {
        return snapshot.baseTables().contains(table);
    }

    /** The foreign keys whose child table is this one (what writing it must find in its parents). */
    public List<ForeignKey> foreignKeysOf(String table) {
        return snapshot.foreignKeys().stream().filter(f -> f.child().equals(table)).toList();
    }

    /** The foreign keys that reference this table (what deleting or updating its rows may touch). */
    public List<ForeignKey> referencing(String table) {
        return snapshot.foreignKeys().stream().filter(f -> f.parent().equals(table)).toList();
    }

    /** The unique keys of a table other than its primary key. */
    public List<UniqueKey> uniqueKeysOf(String table) {
        return snapshot.uniqueKeys().stream().filter(u -> u.table().equals(table)).toList();
    }

    /** Whether the catalog describes the schema as it is at this schema epoch. */
    public boolean current(long epoch) {
        return snapshot.epoch() == epoch;
    }

    /** The tables, by {@link GeneratedColumns#key} of their name. */
    public Map<String, TableInfo> tables() {
        return snapshot.tables();
    }

    /** A table by the name parts the application used (schema may be absent), or null. */
    public TableInfo table(String... nameParts) {
        return snapshot.tables().get(GeneratedColumns.key(nameParts));
    }

    /** The catalog as a jOOQ {@link Meta}, for parsing with column types; null before the first load. */
    Meta meta() {
        return snapshot.meta();
    }

    /** Reads one replica's description of the application's tables, normalised (see the class comment). */
    public static final MetadataReader READER = SchemaCatalog::read;

    /**
     * Reads one replica's foreign keys and unique keys (other than primary keys), normalised: constraint and index
     * names left out (engines generate different ones), the default schema as empty.
     */
    public static final MetadataReader CONSTRAINTS_READER = SchemaCatalog::readConstraints;

    private static final String[] CONSTRAINT_LABELS = {"KIND", "TABLE_SCHEM", "TABLE_NAME", "COLUMNS", "REF_SCHEM",
            "REF_TABLE", "CASCADES"};

    private static ResultTable readConstraints(DatabaseMetaData md, String defaultSchema) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : userTables(md)) {
            String schema = t[0].equalsIgnoreCase(defaultSchema) ? "" : t[0];
            rows.add(new Object[] {"T", schema, t[1], "", "", "", 0});
            // foreign keys: consecutive rows with KEY_SEQ 1, 2, ... belong to one key
            List<String> columns = new ArrayList<>();
            String[] parent = null;
            boolean cascades = false;
            try (ResultSet rs = md.getImportedKeys(null, t[0], t[1])) {
                List<Object[]> keys = new ArrayList<>();
                while (rs.next()) {
                    if (rs.getInt("KEY_SEQ") == 1 && !columns.isEmpty()) {
                        keys.add(foreignKeyRow(schema, t[1], columns, parent, cascades, defaultSchema));
                        columns = new ArrayList<>();
                    }
                    columns.add(rs.getString("FKCOLUMN_NAME"));
                    parent = new String[] {rs.getString("PKTABLE_SCHEM"), rs.getString("PKTABLE_NAME")};
                    cascades = rs.getInt("DELETE_RULE") != DatabaseMetaData.importedKeyRestrict
                            && rs.getInt("DELETE_RULE") != DatabaseMetaData.importedKeyNoAction
                            || rs.getInt("UPDATE_RULE") != DatabaseMetaData.importedKeyRestrict
                            && rs.getInt("UPDATE_RULE") != DatabaseMetaData.importedKeyNoAction;
                }
                if (!columns.isEmpty()) {
                    keys.add(foreignKeyRow(schema, t[1], columns, parent, cascades, defaultSchema));
                }
                rows.addAll(keys);
            }
            List<String> primaryKey = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, t[0], t[1])) {
                while (rs.next()) {
                    primaryKey.add(rs.getString("COLUMN_NAME"));
                }
            }
            Map<String, TreeMap<Integer, String>> unique = new LinkedHashMap<>();
            try (ResultSet rs = md.getIndexInfo(null, t[0], t[1], true, false)) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME");
                    if (column != null && !rs.getBoolean("NON_UNIQUE")) {
                        unique.computeIfAbsent(String.valueOf(rs.getString("INDEX_NAME")), k -> new TreeMap<>())
                                .put((int) rs.getShort("ORDINAL_POSITION"), column);
                    }
                }
            }
            java.util.Set<String> seen = new java.util.TreeSet<>();
            for (TreeMap<Integer, String> u : unique.values()) {
                List<String> cols = new ArrayList<>(u.values());
                if (!new java.util.HashSet<>(cols).equals(new java.util.HashSet<>(primaryKey)) && seen.add(String.join(",", cols))) {
                    rows.add(new Object[] {"UK", schema, t[1], String.join(",", cols), "", "", 0});
                }
            }
        }
        rows.sort((a, b) -> java.util.Arrays.toString(a).compareTo(java.util.Arrays.toString(b)));
        List<Column> columns = new ArrayList<>();
        for (String label : CONSTRAINT_LABELS) {
            columns.add(label.equals("CASCADES")
                    ? Column.of(label, Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls)
                    : Column.of(label, Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls));
        }
        return new ResultTable(columns, rows);
    }

    private static Object[] foreignKeyRow(String schema, String table, List<String> columns, String[] parent, boolean cascades,
                                          String defaultSchema) {
        String parentSchema = parent[0] == null || parent[0].equalsIgnoreCase(defaultSchema) ? "" : parent[0];
        return new Object[] {"FK", schema, table, String.join(",", columns), parentSchema, parent[1], cascades ? 1 : 0};
    }

    private static List<String[]> userTables(DatabaseMetaData md) throws SQLException {
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema != null && !SYSTEM_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT))) {
                    tables.add(new String[] {schema, rs.getString("TABLE_NAME")});
                }
            }
        }
        return tables;
    }

    private static ResultTable read(DatabaseMetaData md, String defaultSchema) throws SQLException {
        Map<String, Integer> keySeq = new HashMap<>();
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE", "VIEW", "BASE TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema != null && !SYSTEM_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT))) {
                    tables.add(new String[] {schema, rs.getString("TABLE_NAME")});
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        for (String[] t : tables) {
            keySeq.clear();
            try (ResultSet rs = md.getPrimaryKeys(null, t[0], t[1])) {
                while (rs.next()) {
                    keySeq.put(rs.getString("COLUMN_NAME"), rs.getInt("KEY_SEQ"));
                }
            }
            String schema = t[0].equalsIgnoreCase(defaultSchema) ? "" : t[0];
            try (ResultSet rs = md.getColumns(null, t[0], t[1], "%")) {
                while (rs.next()) {
                    String column = rs.getString("COLUMN_NAME");
                    Object[] type = normalise(rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE"),
                            rs.getInt("DECIMAL_DIGITS"));
                    rows.add(new Object[] {schema, t[1], column, rs.getInt("ORDINAL_POSITION"), type[0], type[1], type[2],
                            rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? 0 : 1, keySeq.getOrDefault(column, 0)});
                }
            }
        }
        rows.sort((a, b) -> {
            int c = ((String) a[0]).compareTo((String) b[0]);
            c = c != 0 ? c : ((String) a[1]).compareTo((String) b[1]);
            return c != 0 ? c : Integer.compare((Integer) a[3], (Integer) b[3]);
        });
        List<Column> columns = new ArrayList<>();
        for (String label : LABELS) {
            boolean number = label.equals("ORDINAL") || label.equals("PRECISION") || label.equals("SCALE")
                    || label.equals("NULLABLE") || label.equals("KEY_SEQ");
            columns.add(number ? Column.of(label, Types.INTEGER, "INTEGER", Integer.class.getName(), 10, ResultSetMetaData.columnNoNulls)
                    : Column.of(label, Types.VARCHAR, "VARCHAR", String.class.getName(), 512, ResultSetMetaData.columnNoNulls));
        }
        return new ResultTable(columns, rows);
    }

    /** A type as every engine reports it alike: a name, and precision and scale only where they matter. */
    private static Object[] normalise(int jdbcType, String typeName, int size, int digits) {
        return switch (jdbcType) {
            case Types.TINYINT -> new Object[] {"TINYINT", 0, 0};
            case Types.SMALLINT -> new Object[] {"SMALLINT", 0, 0};
            case Types.INTEGER -> new Object[] {"INTEGER", 0, 0};
            case Types.BIGINT -> new Object[] {"BIGINT", 0, 0};
            case Types.DECIMAL, Types.NUMERIC -> new Object[] {"DECIMAL", size, digits};
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> new Object[] {"DOUBLE", 0, 0};
            case Types.CHAR, Types.NCHAR -> new Object[] {"CHAR", size, 0};
            case Types.VARCHAR, Types.NVARCHAR, Types.LONGVARCHAR, Types.LONGNVARCHAR -> new Object[] {"VARCHAR", size, 0};
            case Types.CLOB, Types.NCLOB -> new Object[] {"CLOB", 0, 0};
            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> new Object[] {"BINARY", 0, 0};
            case Types.BOOLEAN, Types.BIT -> new Object[] {"BOOLEAN", 0, 0};
            case Types.DATE -> new Object[] {"DATE", 0, 0};
            case Types.TIME, Types.TIME_WITH_TIMEZONE -> new Object[] {"TIME", 0, 0};
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> new Object[] {"TIMESTAMP", 0, 0};
            default -> new Object[] {"OTHER " + (typeName == null ? jdbcType : typeName.toUpperCase(Locale.ROOT)), 0, 0};
        };
    }

    /**
     * Replaces the catalog with what the replicas answered: a table is known when {@code quorum} replicas report
     * it; each column's type, and the table's key, where {@code quorum} of those agree.
     *
     * @param answers one normalised table per replica that answered ({@link #READER})
     */
    public synchronized void load(long epoch, List<ResultTable> answers, int quorum) {
        load(epoch, answers, List.of(), quorum);
    }

    /**
     * As {@link #load(long, List, int)}, with the replicas' constraints ({@link #CONSTRAINTS_READER}): a foreign or
     * unique key is known where {@code quorum} replicas report it alike.
     */
    public synchronized void load(long epoch, List<ResultTable> answers, List<ResultTable> constraints, int quorum) {
        // (schema, table) -> replica -> its rows of that table
        Map<List<String>, List<List<Object[]>>> byTable = new TreeMap<>((a, b) -> {
            int c = a.get(0).compareTo(b.get(0));
            return c != 0 ? c : a.get(1).compareTo(b.get(1));
        });
        for (ResultTable answer : answers) {
            Map<List<String>, List<Object[]>> mine = new LinkedHashMap<>();
            for (Object[] row : answer.rows()) {
                mine.computeIfAbsent(List.of(String.valueOf(row[0]), String.valueOf(row[1])), k -> new ArrayList<>()).add(row);
            }
            mine.forEach((k, rows) -> byTable.computeIfAbsent(k, x -> new ArrayList<>()).add(rows));
        }
        Map<String, TableInfo> tables = new LinkedHashMap<>();
        for (Map.Entry<List<String>, List<List<Object[]>>> e : byTable.entrySet()) {
            if (e.getValue().size() < quorum) {
                continue;
            }
            TableInfo t = agree(e.getKey().get(0), e.getKey().get(1), e.getValue(), quorum);
            tables.put(GeneratedColumns.key(t.schema(), t.name()), t);
        }
        Map<List<Object>, Integer> votes = new LinkedHashMap<>();
        for (ResultTable c : constraints) {
            java.util.Set<List<Object>> mine = new java.util.LinkedHashSet<>();
            for (Object[] row : c.rows()) {
                mine.add(java.util.Arrays.asList(row));
            }
            mine.forEach(row -> votes.merge(row, 1, Integer::sum));
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        List<UniqueKey> uniqueKeys = new ArrayList<>();
        java.util.Set<String> baseTables = new java.util.TreeSet<>();
        votes.forEach((row, n) -> {
            if (n < quorum) {
                return;
            }
            String table = GeneratedColumns.key(String.valueOf(row.get(1)), String.valueOf(row.get(2)));
            List<String> columns = List.of(String.valueOf(row.get(3)).split(","));
            if ("T".equals(row.get(0))) {
                baseTables.add(table);
            } else if ("FK".equals(row.get(0))) {
                foreignKeys.add(new ForeignKey(table, columns, GeneratedColumns.key(String.valueOf(row.get(4)),
                        String.valueOf(row.get(5))), ((Number) row.get(6)).intValue() != 0));
            } else {
                uniqueKeys.add(new UniqueKey(table, columns));
            }
        });
        snapshot = new Snapshot(epoch, Map.copyOf(tables), meta(tables.values()), List.copyOf(foreignKeys), List.copyOf(uniqueKeys),
                java.util.Set.copyOf(baseTables));
    }

    private static TableInfo agree(String schema, String table, List<List<Object[]>> replicas, int quorum) {
        // column name -> the distinct descriptions and how many replicas gave each
        Map<String, Map<List<Object>, Integer>> votes = new LinkedHashMap<>();
        Map<List<String>, Integer> keys = new HashMap<>();
        for (List<Object[]> rows : replicas) {
            TreeMap<Integer, String> key = new TreeMap<>();
            for (Object[] r : rows) {
                votes.computeIfAbsent(String.valueOf(r[2]), k -> new HashMap<>())
                        .merge(Arrays.asList(r[3], r[4], r[5], r[6], r[7]), 1, Integer::sum);
                int seq = ((Number) r[8]).intValue();
                if (seq > 0) {
                    key.put(seq, String.valueOf(r[2]));
                }
            }
            keys.merge(List.copyOf(key.values()), 1, Integer::sum);
        }
        List<ColumnInfo> columns = new ArrayList<>();
        int position = 0;
        for (Map.Entry<String, Map<List<Object>, Integer>> c : votes.entrySet()) {
            List<Object> agreed = c.getValue().entrySet().stream().filter(v -> v.getValue() >= quorum)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            position++;
            if (agreed == null) {
                columns.add(new ColumnInfo(c.getKey(), position, null, 0, 0, true));
            } else {
                columns.add(new ColumnInfo(c.getKey(), ((Number) agreed.get(0)).intValue(), (String) agreed.get(1),
                        ((Number) agreed.get(2)).intValue(), ((Number) agreed.get(3)).intValue(),
                        ((Number) agreed.get(4)).intValue() != 0));
            }
        }
        List<String> key = keys.entrySet().stream().filter(k -> k.getValue() >= quorum).map(Map.Entry::getKey)
                .findFirst().orElse(List.of());
        return new TableInfo(schema, table, List.copyOf(columns), key);
    }

    /** The jOOQ data type of an agreed column type; {@link SQLDataType#OTHER} when unknown. */
    static DataType<?> dataType(ColumnInfo c) {
        if (c.type() == null) {
            return SQLDataType.OTHER;
        }
        DataType<?> t = switch (c.type()) {
            case "TINYINT" -> SQLDataType.TINYINT;
            case "SMALLINT" -> SQLDataType.SMALLINT;
            case "INTEGER" -> SQLDataType.INTEGER;
            case "BIGINT" -> SQLDataType.BIGINT;
            case "DECIMAL" -> SQLDataType.DECIMAL(c.precision(), c.scale());
            case "DOUBLE" -> SQLDataType.DOUBLE;
            case "CHAR" -> SQLDataType.CHAR(c.precision());
            case "VARCHAR" -> SQLDataType.VARCHAR(c.precision());
            case "CLOB" -> SQLDataType.CLOB;
            case "BINARY" -> SQLDataType.VARBINARY;
            case "BOOLEAN" -> SQLDataType.BOOLEAN;
            case "DATE" -> SQLDataType.DATE;
            case "TIME" -> SQLDataType.TIME;
            case "TIMESTAMP" -> SQLDataType.TIMESTAMP;
            default -> SQLDataType.OTHER;
        };
        return t.nullable(c.nullable());
    }

    private static Meta meta(java.util.Collection<TableInfo> tables) {
        DSLContext ctx = DSL.using(SQLDialect.DEFAULT);
        List<Query> ddl = new ArrayList<>();
        Set<String> schemas = new java.util.TreeSet<>();
        for (TableInfo t : tables) {
            if (!t.schema().isEmpty() && schemas.add(t.schema())) {
                ddl.add(ctx.createSchema(DSL.name(t.schema())));
            }
            Name name = t.schema().isEmpty() ? DSL.name(t.name()) : DSL.name(t.schema(), t.name());
            List<Field<?>> fields = new ArrayList<>();
            for (ColumnInfo c : t.columns()) {
                fields.add(DSL.field(DSL.name(c.name()), dataType(c)));
            }
            CreateTableElementListStep create = ctx.createTable(name).columns(fields);
            if (!t.primaryKey().isEmpty()) {
                create = create.primaryKey(t.primaryKey().stream().map(DSL::name).map(DSL::field).toArray(Field[]::new));
            }
            ddl.add(create);
        }
        Meta meta = ctx.meta(ddl.toArray(new Query[0]));
        // jOOQ interprets the DDL lazily, and not thread-safely: sessions parse concurrently, so it is done here once
        meta.getTables();
        return meta;
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "SchemaCatalog[epoch=" + s.epoch() + ", tables=" + s.tables().keySet() + "]";
    }
}
