package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.MetadataReader;
import dev.chorus.coordinator.ResultTable;

import java.sql.DatabaseMetaData;
import java.sql.JDBCType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The readers behind {@link ChorusDatabaseMetaData}'s voted result sets, and the column layouts of every metadata
 * result set Chorus returns.
 *
 * <p>A reader runs on one replica and turns that engine's answer into Chorus's logical answer, so that correct
 * replicas of different engines produce equal tables (see {@link MetadataReader}). What the engines disagree on and
 * how it is normalised:
 * <ul>
 *   <li>Catalog and schema: H2 reports its database name as catalog, Derby an empty string, HSQLDB {@code PUBLIC};
 *       Derby's default schema is {@code APP}. Chorus presents no catalog ({@code TABLE_CAT} null) and one schema,
 *       {@value #LOGICAL_SCHEMA}, which is each replica's default schema.</li>
 *   <li>Table types: H2 2.x says {@code BASE TABLE}; only tables and views are reported.</li>
 *   <li>Types: engines name types differently ({@code CHARACTER VARYING}, {@code DOUBLE PRECISION}), so
 *       {@code TYPE_NAME} is derived from the JDBC type code. HSQLDB implements {@code REAL} and {@code FLOAT} as
 *       {@code DOUBLE}, so all three are reported as {@code DOUBLE}. Fixed-size types get standard decimal
 *       precisions instead of the engines' binary ones (H2 and HSQLDB say 32 for {@code INTEGER}, Derby 10), with
 *       radix 10; {@code DECIMAL_DIGITS} is the declared scale for exact numbers, 0 for integers and {@code TIME}, 6
 *       for {@code TIMESTAMP} (Derby says 9) and null elsewhere; {@code CHAR_OCTET_LENGTH} is null (Derby counts two
 *       bytes a character, the others one).</li>
 *   <li>Defaults and remarks: engines render column defaults differently (Derby shows an identity column's default
 *       as {@code GENERATED_BY_DEFAULT}), so {@code COLUMN_DEF} and {@code REMARKS} are null.</li>
 *   <li>View columns: Derby infers NOT NULL for a view column over a NOT NULL column, H2 and HSQLDB do not, so view
 *       columns' nullability is reported as unknown.</li>
 *   <li>Constraint and index names: unnamed constraints get engine-generated names ({@code CONSTRAINT_5},
 *       {@code SQL0000000081-36e2...}, {@code SYS_PK_10091}) and their backing indexes other ones again. A name the
 *       user gave is reported as given; a generated one is replaced by a name derived from the table and columns
 *       ({@code PK_T}, {@code UQ_T_NAME}, {@code FK_LINE_T_ID}). An index backing a constraint is reported under the
 *       constraint's name; indexes the engines create for foreign keys are left out, because whether one exists
 *       differs (H2 reuses a suitable index, Derby and HSQLDB always make their own).</li>
 *   <li>Referential actions: H2 treats {@code NO ACTION} as {@code RESTRICT} and reports {@code importedKeyRestrict}
 *       for a foreign key without an action, Derby and HSQLDB {@code importedKeyNoAction}; Chorus follows H2, the
 *       application's dialect, and reports both as {@code importedKeyRestrict}.</li>
 *   <li>Indexes: cardinality and pages are estimates that differ, and HSQLDB reports a descending index column as
 *       ascending, so {@code CARDINALITY}, {@code PAGES} and {@code ASC_OR_DESC} are null (JDBC's "not
 *       supported"); every index is of type {@code tableIndexOther}.</li>
 *   <li>Java types: numbers are boxed as the type the {@link DatabaseMetaData} javadoc gives for the column
 *       ({@code Short} for {@code KEY_SEQ}, {@code Integer} for {@code DATA_TYPE}), whatever the engine used.</li>
 * </ul>
 * Rows are sorted in the order the javadoc prescribes for the call, ties broken by the remaining columns in order, so
 * equal answers are equal row for row. The readers are stateless and thread-safe.
 */
final class MetadataReaders {
    /** The one schema Chorus presents; every replica's own default schema is reported under this name. */
    static final String LOGICAL_SCHEMA = "PUBLIC";

    /** Display precision of the text columns of metadata results: Derby's longest identifier. */
    private static final int NAME_PRECISION = 128;

    static final List<Column> TABLES = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("TABLE_TYPE"), text("REMARKS"), text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("SELF_REFERENCING_COL_NAME"), text("REF_GENERATION"));
    static final List<Column> COLUMNS = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), integer("DATA_TYPE"), text("TYPE_NAME"), integer("COLUMN_SIZE"),
            integer("BUFFER_LENGTH"), integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), integer("NULLABLE"),
            text("REMARKS"), text("COLUMN_DEF"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"),
            integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"),
            text("SCOPE_SCHEMA"), text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"), text("IS_AUTOINCREMENT"),
            text("IS_GENERATEDCOLUMN"));
    static final List<Column> PRIMARY_KEYS = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), small("KEY_SEQ"), text("PK_NAME"));
    static final List<Column> INDEX_INFO = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            bool("NON_UNIQUE"), text("INDEX_QUALIFIER"), text("INDEX_NAME"), small("TYPE"), small("ORDINAL_POSITION"),
            text("COLUMN_NAME"), text("ASC_OR_DESC"), big("CARDINALITY"), big("PAGES"), text("FILTER_CONDITION"));
    /** The layout of getImportedKeys, getExportedKeys and getCrossReference. */
    static final List<Column> KEYS = layout(text("PKTABLE_CAT"), text("PKTABLE_SCHEM"), text("PKTABLE_NAME"),
            text("PKCOLUMN_NAME"), text("FKTABLE_CAT"), text("FKTABLE_SCHEM"), text("FKTABLE_NAME"),
            text("FKCOLUMN_NAME"), small("KEY_SEQ"), small("UPDATE_RULE"), small("DELETE_RULE"), text("FK_NAME"),
            text("PK_NAME"), small("DEFERRABILITY"));
    static final List<Column> SCHEMAS = layout(text("TABLE_SCHEM"), text("TABLE_CATALOG"));
    static final List<Column> CATALOGS = layout(text("TABLE_CAT"));
    static final List<Column> TABLE_TYPES = layout(text("TABLE_TYPE"));
    static final List<Column> TYPE_INFO = layout(text("TYPE_NAME"), integer("DATA_TYPE"), integer("PRECISION"),
            text("LITERAL_PREFIX"), text("LITERAL_SUFFIX"), text("CREATE_PARAMS"), small("NULLABLE"),
            bool("CASE_SENSITIVE"), small("SEARCHABLE"), bool("UNSIGNED_ATTRIBUTE"), bool("FIXED_PREC_SCALE"),
            bool("AUTO_INCREMENT"), text("LOCAL_TYPE_NAME"), small("MINIMUM_SCALE"), small("MAXIMUM_SCALE"),
            integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("NUM_PREC_RADIX"));
    static final List<Column> PROCEDURES = layout(text("PROCEDURE_CAT"), text("PROCEDURE_SCHEM"),
            text("PROCEDURE_NAME"), text("RESERVED1"), text("RESERVED2"), text("RESERVED3"), text("REMARKS"),
            small("PROCEDURE_TYPE"), text("SPECIFIC_NAME"));
    static final List<Column> PROCEDURE_COLUMNS = layout(text("PROCEDURE_CAT"), text("PROCEDURE_SCHEM"),
            text("PROCEDURE_NAME"), text("COLUMN_NAME"), small("COLUMN_TYPE"), integer("DATA_TYPE"), text("TYPE_NAME"),
            integer("PRECISION"), integer("LENGTH"), small("SCALE"), small("RADIX"), small("NULLABLE"), text("REMARKS"),
            text("COLUMN_DEF"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"),
            integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SPECIFIC_NAME"));
    static final List<Column> FUNCTIONS = layout(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"), text("FUNCTION_NAME"),
            text("REMARKS"), small("FUNCTION_TYPE"), text("SPECIFIC_NAME"));
    static final List<Column> FUNCTION_COLUMNS = layout(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"),
            text("FUNCTION_NAME"), text("COLUMN_NAME"), small("COLUMN_TYPE"), integer("DATA_TYPE"), text("TYPE_NAME"),
            integer("PRECISION"), integer("LENGTH"), small("SCALE"), small("RADIX"), small("NULLABLE"), text("REMARKS"),
            integer("CHAR_OCTET_LENGTH"), integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SPECIFIC_NAME"));
    static final List<Column> UDTS = layout(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("CLASS_NAME"), integer("DATA_TYPE"), text("REMARKS"), small("BASE_TYPE"));
    static final List<Column> SUPER_TYPES = layout(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("SUPERTYPE_CAT"), text("SUPERTYPE_SCHEM"), text("SUPERTYPE_NAME"));
    static final List<Column> SUPER_TABLES = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("SUPERTABLE_NAME"));
    static final List<Column> ATTRIBUTES = layout(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("ATTR_NAME"), integer("DATA_TYPE"), text("ATTR_TYPE_NAME"), integer("ATTR_SIZE"),
            integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), integer("NULLABLE"), text("REMARKS"),
            text("ATTR_DEF"), integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"),
            integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"), text("SCOPE_SCHEMA"),
            text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"));
    static final List<Column> CLIENT_INFO_PROPERTIES = layout(text("NAME"), integer("MAX_LEN"),
            text("DEFAULT_VALUE"), text("DESCRIPTION"));
    static final List<Column> PSEUDO_COLUMNS = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), integer("DATA_TYPE"), integer("COLUMN_SIZE"), integer("DECIMAL_DIGITS"),
            integer("NUM_PREC_RADIX"), text("COLUMN_USAGE"), text("REMARKS"), integer("CHAR_OCTET_LENGTH"),
            text("IS_NULLABLE"));
    /** The layout of getVersionColumns and getBestRowIdentifier. */
    static final List<Column> ROW_IDENTIFIER = layout(small("SCOPE"), text("COLUMN_NAME"), integer("DATA_TYPE"),
            text("TYPE_NAME"), integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"), small("DECIMAL_DIGITS"),
            small("PSEUDO_COLUMN"));
    static final List<Column> COLUMN_PRIVILEGES = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), text("GRANTOR"), text("GRANTEE"), text("PRIVILEGE"), text("IS_GRANTABLE"));
    static final List<Column> TABLE_PRIVILEGES = layout(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("GRANTOR"), text("GRANTEE"), text("PRIVILEGE"), text("IS_GRANTABLE"));

    private static final int[] TABLES_ORDER = order(TABLES, "TABLE_TYPE", "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME");
    private static final int[] COLUMNS_ORDER = order(COLUMNS, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
            "ORDINAL_POSITION");
    private static final int[] PRIMARY_KEYS_ORDER = order(PRIMARY_KEYS, "COLUMN_NAME");
    private static final int[] INDEX_INFO_ORDER = order(INDEX_INFO, "NON_UNIQUE", "TYPE", "INDEX_NAME",
            "ORDINAL_POSITION");
    private static final int[] IMPORTED_ORDER = order(KEYS, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "KEY_SEQ");
    private static final int[] EXPORTED_ORDER = order(KEYS, "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "KEY_SEQ");

    /** The engine catalogs' view of which indexes back which constraints; see {@link #constraintIndexes}. */
    private static final String H2_CONSTRAINT_INDEXES = "SELECT c.INDEX_NAME, c.CONSTRAINT_TYPE, c.CONSTRAINT_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c JOIN INFORMATION_SCHEMA.INDEXES i"
            + " ON i.INDEX_SCHEMA = c.INDEX_SCHEMA AND i.INDEX_NAME = c.INDEX_NAME"
            + " WHERE c.TABLE_SCHEMA = ? AND c.TABLE_NAME = ? AND i.IS_GENERATED";
    private static final String DERBY_CONSTRAINT_INDEXES = "SELECT g.CONGLOMERATENAME, c.TYPE, c.CONSTRAINTNAME"
            + " FROM SYS.SYSCONSTRAINTS c JOIN SYS.SYSTABLES t ON t.TABLEID = c.TABLEID"
            + " JOIN SYS.SYSSCHEMAS s ON s.SCHEMAID = t.SCHEMAID"
            + " LEFT JOIN SYS.SYSKEYS k ON k.CONSTRAINTID = c.CONSTRAINTID"
            + " LEFT JOIN SYS.SYSFOREIGNKEYS f ON f.CONSTRAINTID = c.CONSTRAINTID"
            + " JOIN SYS.SYSCONGLOMERATES g ON g.CONGLOMERATEID = COALESCE(k.CONGLOMERATEID, f.CONGLOMERATEID)"
            + " WHERE s.SCHEMANAME = ? AND t.TABLENAME = ?";
    /** HSQLDB names a constraint's backing index after the constraint. */
    private static final String HSQLDB_CONSTRAINT_INDEXES = "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, CONSTRAINT_NAME"
            + " FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";

    /**
     * PostgreSQL names a constraint's backing index after the constraint (names upper-cased as the replica's metadata
     * reports them to the readers; the table as given, in upper case).
     */
    private static final String POSTGRESQL_CONSTRAINT_INDEXES = "SELECT UPPER(i.relname), UPPER(CAST(c.contype AS text)),"
            + " UPPER(c.conname) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class i ON i.oid = c.conindid"
            + " WHERE n.nspname = ? AND t.relname = LOWER(?) AND c.contype IN ('p', 'u')";

    /** The names engines generate for constraints the user did not name. */
    private static final Pattern H2_GENERATED_NAME = Pattern.compile("CONSTRAINT_[0-9A-F]+");
    private static final Pattern DERBY_GENERATED_NAME = Pattern.compile("SQL\\d+(-[0-9a-fA-F]+)*");
    private static final Pattern HSQLDB_GENERATED_NAME = Pattern.compile("SYS_[A-Z]+_\\d+");

    private MetadataReaders() {
    }

    /** The kinds of constraint an index can back, most telling first: an index backing several is named for the first. */
    private enum ConstraintKind {
        PRIMARY_KEY("PK_"), UNIQUE("UQ_"), FOREIGN_KEY("FK_");

        final String prefix;

        ConstraintKind(String prefix) {
            this.prefix = prefix;
        }

        /** From H2's and HSQLDB's {@code CONSTRAINT_TYPE} or Derby's one-letter {@code TYPE}; null for CHECK. */
        static ConstraintKind of(String engineType) {
            if (engineType == null) {
                return null;
            }
            return switch (engineType.trim()) {
                case "PRIMARY KEY", "P" -> PRIMARY_KEY;
                case "UNIQUE", "U" -> UNIQUE;
                case "FOREIGN KEY", "F" -> FOREIGN_KEY;
                default -> null;
            };
        }

        /** The name Chorus gives a constraint whose engine-generated name differs from engine to engine. */
        String derivedName(String table, List<String> columns) {
            return this == PRIMARY_KEY ? prefix + table : prefix + table + "_" + String.join("_", columns);
        }
    }

    private record Backing(ConstraintKind kind, String constraintName) {
    }

    // ---------------------------------------------------------------------------------------------- voted readers

    static MetadataReader tables(String catalog, String schemaPattern, String tableNamePattern, String[] types) {
        Set<String> wanted = types == null ? null : new HashSet<>(Arrays.asList(types));
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaPattern, defaultSchema);
            List<Object[]> rows = new ArrayList<>();
            if (schema != null) {
                for (Map.Entry<String, String> table : tablesOf(md, schema, tableNamePattern).entrySet()) {
                    if (wanted == null || wanted.contains(table.getValue())) {
                        rows.add(new Object[]{null, LOGICAL_SCHEMA, table.getKey(), table.getValue(), null, null, null,
                                null, null, null});
                    }
                }
            }
            return sorted(TABLES, rows, TABLES_ORDER);
        };
    }

    static MetadataReader columns(String catalog, String schemaPattern, String tableNamePattern,
                                  String columnNamePattern) {
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaPattern, defaultSchema);
            List<Object[]> rows = new ArrayList<>();
            if (schema != null) {
                Map<String, String> tables = tablesOf(md, schema, tableNamePattern);
                try (ResultSet rs = md.getColumns(null, escape(md, schema), tableNamePattern, columnNamePattern)) {
                    while (rs.next()) {
                        String type = tables.get(rs.getString("TABLE_NAME"));
                        if (type != null && schema.equals(rs.getString("TABLE_SCHEM"))) {
                            rows.add(columnRow(rs, type.equals("VIEW")));
                        }
                    }
                }
            }
            return sorted(COLUMNS, rows, COLUMNS_ORDER);
        };
    }

    static MetadataReader primaryKeys(String catalog, String schemaName, String table) {
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaName, defaultSchema);
            List<Object[]> rows = new ArrayList<>();
            if (schema != null) {
                Engine engine = engineOf(md);
                Map<String, List<String>> keyColumns = new HashMap<>();
                List<Object[]> reported = new ArrayList<>();
                try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
                    while (rs.next()) {
                        if (schema.equals(rs.getString("TABLE_SCHEM"))) {
                            reported.add(new Object[]{rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"),
                                    rs.getShort("KEY_SEQ"), rs.getString("PK_NAME")});
                        }
                    }
                }
                reported.sort(Comparator.comparing((Object[] r) -> (String) r[0]).thenComparing(r -> (Short) r[2]));
                for (Object[] r : reported) {
                    keyColumns.computeIfAbsent((String) r[0], t -> new ArrayList<>()).add((String) r[1]);
                }
                for (Object[] r : reported) {
                    String tableName = (String) r[0];
                    String name = constraintName(engine, (String) r[3], ConstraintKind.PRIMARY_KEY, tableName,
                            keyColumns.get(tableName));
                    rows.add(new Object[]{null, LOGICAL_SCHEMA, tableName, r[1], r[2], name});
                }
            }
            return sorted(PRIMARY_KEYS, rows, PRIMARY_KEYS_ORDER);
        };
    }

    static MetadataReader indexInfo(String catalog, String schemaName, String table, boolean unique) {
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaName, defaultSchema);
            List<Object[]> rows = new ArrayList<>();
            if (schema != null) {
                Engine engine = engineOf(md);
                // Always ask for all indexes: Derby reports a UNIQUE constraint on nullable columns as non-unique.
                List<Object[]> reported = new ArrayList<>();
                try (ResultSet rs = md.getIndexInfo(null, schema, table, false, true)) {
                    while (rs.next()) {
                        if (rs.getShort("TYPE") != DatabaseMetaData.tableIndexStatistic
                                && schema.equals(rs.getString("TABLE_SCHEM"))) {
                            reported.add(new Object[]{rs.getString("TABLE_NAME"), rs.getString("INDEX_NAME"),
                                    rs.getBoolean("NON_UNIQUE"), rs.getShort("ORDINAL_POSITION"),
                                    rs.getString("COLUMN_NAME")});
                        }
                    }
                }
                reported.sort(Comparator.comparing((Object[] r) -> (String) r[0]).thenComparing(r -> (String) r[1])
                        .thenComparing(r -> (Short) r[3]));
                Map<List<String>, List<String>> indexColumns = new HashMap<>();
                for (Object[] r : reported) {
                    indexColumns.computeIfAbsent(List.of((String) r[0], (String) r[1]), k -> new ArrayList<>())
                            .add((String) r[4]);
                }
                Map<String, Map<String, Backing>> backingByTable = new HashMap<>();
                for (Object[] r : reported) {
                    String tableName = (String) r[0];
                    String indexName = (String) r[1];
                    boolean nonUnique = (Boolean) r[2];
                    Map<String, Backing> backings = backingByTable.get(tableName);
                    if (backings == null) {
                        backings = constraintIndexes(md, engine, schema, tableName);
                        backingByTable.put(tableName, backings);
                    }
                    Backing backing = backings.get(indexName);
                    if (backing != null) {
                        if (backing.kind() == ConstraintKind.FOREIGN_KEY) {
                            continue;
                        }
                        indexName = constraintName(engine, backing.constraintName(), backing.kind(), tableName,
                                indexColumns.get(List.of(tableName, (String) r[1])));
                        nonUnique = false;
                    }
                    if (!unique || !nonUnique) {
                        rows.add(new Object[]{null, LOGICAL_SCHEMA, tableName, nonUnique, null, indexName,
                                DatabaseMetaData.tableIndexOther, r[3], r[4], null, null, null, null});
                    }
                }
            }
            return sorted(INDEX_INFO, rows, INDEX_INFO_ORDER);
        };
    }

    static MetadataReader importedKeys(String catalog, String schemaName, String table) {
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaName, defaultSchema);
            if (schema == null) {
                return empty(KEYS);
            }
            try (ResultSet rs = md.getImportedKeys(null, schema, table)) {
                return keys(md, schema, rs, IMPORTED_ORDER);
            }
        };
    }

    static MetadataReader exportedKeys(String catalog, String schemaName, String table) {
        return (md, defaultSchema) -> {
            String schema = replicaSchema(catalog, schemaName, defaultSchema);
            if (schema == null) {
                return empty(KEYS);
            }
            try (ResultSet rs = md.getExportedKeys(null, schema, table)) {
                return keys(md, schema, rs, EXPORTED_ORDER);
            }
        };
    }

    static MetadataReader crossReference(String parentCatalog, String parentSchema, String parentTable,
                                         String foreignCatalog, String foreignSchema, String foreignTable) {
        return (md, defaultSchema) -> {
            String primary = replicaSchema(parentCatalog, parentSchema, defaultSchema);
            String foreign = replicaSchema(foreignCatalog, foreignSchema, defaultSchema);
            if (primary == null || foreign == null) {
                return empty(KEYS);
            }
            try (ResultSet rs = md.getCrossReference(null, primary, parentTable, null, foreign, foreignTable)) {
                return keys(md, primary, rs, EXPORTED_ORDER);
            }
        };
    }

    // ---------------------------------------------------------------------------------------------- local answers

    /** Chorus's one schema, when the arguments select it. */
    static ResultTable schemas(String catalog, String schemaPattern) {
        List<Object[]> rows = new ArrayList<>();
        if (replicaSchema(catalog, schemaPattern, LOGICAL_SCHEMA) != null) {
            rows.add(new Object[]{LOGICAL_SCHEMA, null});
        }
        return new ResultTable(SCHEMAS, rows);
    }

    static ResultTable tableTypes() {
        return new ResultTable(TABLE_TYPES, List.of(new Object[]{"TABLE"}, new Object[]{"VIEW"}));
    }

    static ResultTable empty(List<Column> layout) {
        return new ResultTable(layout, List.of());
    }

    /**
     * The types an application can use in the same way on every replica, with the smallest limits among the
     * engines (Derby's, for every length and precision). Left out: {@code TINYINT} (Derby has none),
     * {@code REAL}/{@code FLOAT} (HSQLDB stores them as {@code DOUBLE}), time zone types (Derby has none).
     */
    static ResultTable typeInfo() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(type(JDBCType.BIGINT, 19, null, null, null, false, DatabaseMetaData.typeSearchable, true, 0, 0, 10));
        rows.add(type(JDBCType.VARBINARY, 32672, "X'", "'", "length", false, DatabaseMetaData.typeSearchable, false,
                0, 0, null));
        rows.add(type(JDBCType.BINARY, 254, "X'", "'", "length", false, DatabaseMetaData.typeSearchable, false, 0, 0,
                null));
        rows.add(type(JDBCType.CHAR, 254, "'", "'", "length", true, DatabaseMetaData.typeSearchable, false, 0, 0, null));
        rows.add(type(JDBCType.NUMERIC, 31, null, null, "precision,scale", false, DatabaseMetaData.typeSearchable,
                false, 0, 31, 10));
        rows.add(type(JDBCType.DECIMAL, 31, null, null, "precision,scale", false, DatabaseMetaData.typeSearchable,
                false, 0, 31, 10));
        rows.add(type(JDBCType.INTEGER, 10, null, null, null, false, DatabaseMetaData.typeSearchable, true, 0, 0, 10));
        rows.add(type(JDBCType.SMALLINT, 5, null, null, null, false, DatabaseMetaData.typeSearchable, false, 0, 0, 10));
        rows.add(type(JDBCType.DOUBLE, 15, null, null, null, false, DatabaseMetaData.typeSearchable, false, 0, 0, 10));
        rows.add(type(JDBCType.VARCHAR, 32672, "'", "'", "length", true, DatabaseMetaData.typeSearchable, false, 0, 0,
                null));
        rows.add(type(JDBCType.BOOLEAN, 1, null, null, null, false, DatabaseMetaData.typeSearchable, false, 0, 0,
                null));
        rows.add(type(JDBCType.DATE, 10, "DATE '", "'", null, false, DatabaseMetaData.typeSearchable, false, 0, 0,
                null));
        rows.add(type(JDBCType.TIME, 8, "TIME '", "'", null, false, DatabaseMetaData.typeSearchable, false, 0, 0,
                null));
        rows.add(type(JDBCType.TIMESTAMP, 26, "TIMESTAMP '", "'", null, false, DatabaseMetaData.typeSearchable, false,
                6, 6, null));
        // Large objects: Derby cannot compare them, and a CLOB only takes part in LIKE.
        rows.add(type(JDBCType.BLOB, Integer.MAX_VALUE, null, null, null, false, DatabaseMetaData.typePredNone, false,
                0, 0, null));
        rows.add(type(JDBCType.CLOB, Integer.MAX_VALUE, "'", "'", null, true, DatabaseMetaData.typePredChar, false, 0,
                0, null));
        return new ResultTable(TYPE_INFO, rows);
    }

    private static Object[] type(JDBCType type, int precision, String prefix, String suffix, String createParams,
                                 boolean caseSensitive, int searchable, boolean autoIncrement, int minScale,
                                 int maxScale, Integer radix) {
        return new Object[]{type.getName(), type.getVendorTypeNumber(), precision, prefix, suffix, createParams,
                (short) DatabaseMetaData.typeNullable, caseSensitive, (short) searchable, false, false, autoIncrement,
                null, (short) minScale, (short) maxScale, null, null, radix};
    }

    // ---------------------------------------------------------------------------------------------- normalising

    /**
     * The replica schema to query for the catalog and schema arguments of a call, or null when they select nothing
     * in Chorus's logical database: no catalog exists, and the one schema is matched by null, "" or a pattern
     * matching {@value #LOGICAL_SCHEMA}.
     */
    static String replicaSchema(String catalog, String schemaPattern, String defaultSchema) {
        if (catalog != null && !catalog.isEmpty()) {
            return null;
        }
        if (schemaPattern == null || schemaPattern.isEmpty() || likeMatches(schemaPattern, LOGICAL_SCHEMA)) {
            return defaultSchema;
        }
        return null;
    }

    /** SQL LIKE with {@code %}, {@code _} and backslash as escape, as {@link DatabaseMetaData} patterns use it. */
    static boolean likeMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    /** A schema name as a pattern that matches only itself (a Derby user schema may contain an underscore). */
    private static String escape(DatabaseMetaData md, String name) throws SQLException {
        String escape = md.getSearchStringEscape();
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (char c : name.toCharArray()) {
            if (c == '%' || c == '_' || escape.indexOf(c) >= 0) {
                b.append(escape);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The tables and views of the schema matching the pattern, by name, with their logical type. */
    private static Map<String, String> tablesOf(DatabaseMetaData md, String schema, String tableNamePattern)
            throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        // Types are filtered here, not passed on: H2 2.x knows "BASE TABLE", not "TABLE".
        try (ResultSet rs = md.getTables(null, escape(md, schema), tableNamePattern, null)) {
            while (rs.next()) {
                String type = tableType(rs.getString("TABLE_TYPE"));
                if (type != null && schema.equals(rs.getString("TABLE_SCHEM"))) {
                    tables.put(rs.getString("TABLE_NAME"), type);
                }
            }
        }
        return tables;
    }

    /** {@code TABLE} or {@code VIEW}; null for system tables, synonyms, temporary and linked tables. */
    private static String tableType(String engineType) {
        if (engineType == null) {
            return null;
        }
        return switch (engineType) {
            case "TABLE", "BASE TABLE" -> "TABLE";
            case "VIEW" -> "VIEW";
            default -> null;
        };
    }

    private static Object[] columnRow(ResultSet rs, boolean inView) throws SQLException {
        int type = logicalType(rs.getInt("DATA_TYPE"));
        String typeName;
        try {
            typeName = JDBCType.valueOf(type).getName();
        } catch (IllegalArgumentException vendorType) {
            typeName = rs.getString("TYPE_NAME");
        }
        Integer size = columnSize(type, intOrNull(rs, "COLUMN_SIZE"));
        Integer digits = decimalDigits(type, intOrNull(rs, "DECIMAL_DIGITS"));
        Integer radix = isNumeric(type) ? 10 : null;
        int nullable = inView ? DatabaseMetaData.columnNullableUnknown : rs.getInt("NULLABLE");
        // Derived from NULLABLE: HSQLDB reports IS_NULLABLE YES for a primary-key column it reports as NOT NULL.
        String isNullable = nullable == DatabaseMetaData.columnNoNulls ? "NO"
                : nullable == DatabaseMetaData.columnNullable ? "YES" : "";
        return new Object[]{null, LOGICAL_SCHEMA, rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), type,
                typeName, size, null, digits, radix, nullable, null, null, null, null, null,
                rs.getInt("ORDINAL_POSITION"), isNullable, null, null, null, null, rs.getString("IS_AUTOINCREMENT"),
                rs.getString("IS_GENERATEDCOLUMN")};
    }

    /** HSQLDB stores REAL and FLOAT as DOUBLE, and H2 reports FLOAT for a DOUBLE declared as FLOAT. */
    private static int logicalType(int engineType) {
        return engineType == Types.REAL || engineType == Types.FLOAT ? Types.DOUBLE : engineType;
    }

    /** The declared size where the user chose one; a standard decimal precision for fixed-size types. */
    private static Integer columnSize(int type, Integer reported) {
        return switch (type) {
            case Types.TINYINT -> 3;
            case Types.SMALLINT -> 5;
            case Types.INTEGER -> 10;
            case Types.BIGINT -> 19;
            case Types.DOUBLE -> 15;
            case Types.BOOLEAN -> 1;
            case Types.DATE -> 10;
            case Types.TIME -> 8;
            case Types.TIMESTAMP -> 26;
            case Types.CLOB, Types.BLOB -> Integer.MAX_VALUE;
            default -> reported;
        };
    }

    /** Scale for exact numbers as declared, fractional seconds as Chorus keeps them; null where not applicable. */
    private static Integer decimalDigits(int type, Integer reported) {
        return switch (type) {
            case Types.DECIMAL, Types.NUMERIC -> reported;
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.TIME -> 0;
            case Types.TIMESTAMP -> 6;
            default -> null;
        };
    }

    private static boolean isNumeric(int type) {
        return switch (type) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
                 Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
            default -> false;
        };
    }

    private static ResultTable keys(DatabaseMetaData md, String schema, ResultSet rs, int[] order)
            throws SQLException {
        Engine engine = engineOf(md);
        // One foreign key per (table, name); its rows arrive in no promised order.
        Map<List<String>, List<Object[]>> foreignKeys = new LinkedHashMap<>();
        while (rs.next()) {
            if (!schema.equals(rs.getString("PKTABLE_SCHEM")) || !schema.equals(rs.getString("FKTABLE_SCHEM"))) {
                continue;
            }
            Object[] r = {rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"), rs.getString("FKTABLE_NAME"),
                    rs.getString("FKCOLUMN_NAME"), rs.getShort("KEY_SEQ"), rule(rs.getShort("UPDATE_RULE")),
                    rule(rs.getShort("DELETE_RULE")), rs.getString("FK_NAME"), rs.getString("PK_NAME"),
                    rs.getShort("DEFERRABILITY")};
            foreignKeys.computeIfAbsent(Arrays.asList((String) r[2], (String) r[7]), k -> new ArrayList<>()).add(r);
        }
        Map<String, List<String>> primaryKeys = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (List<Object[]> key : foreignKeys.values()) {
            key.sort(Comparator.comparing(r -> (Short) r[4]));
            List<String> pkColumns = new ArrayList<>();
            List<String> fkColumns = new ArrayList<>();
            for (Object[] r : key) {
                pkColumns.add((String) r[1]);
                fkColumns.add((String) r[3]);
            }
            Object[] first = key.get(0);
            String pkTable = (String) first[0];
            String fkTable = (String) first[2];
            String fkName = constraintName(engine, (String) first[7], ConstraintKind.FOREIGN_KEY, fkTable, fkColumns);
            List<String> tablePrimaryKey = primaryKeys.get(pkTable);
            if (tablePrimaryKey == null) {
                tablePrimaryKey = primaryKeyColumns(md, schema, pkTable);
                primaryKeys.put(pkTable, tablePrimaryKey);
            }
            ConstraintKind referenced = pkColumns.equals(tablePrimaryKey)
                    ? ConstraintKind.PRIMARY_KEY : ConstraintKind.UNIQUE;
            String pkName = constraintName(engine, (String) first[8], referenced, pkTable, pkColumns);
            for (Object[] r : key) {
                rows.add(new Object[]{null, LOGICAL_SCHEMA, pkTable, r[1], null, LOGICAL_SCHEMA, fkTable, r[3], r[4],
                        r[5], r[6], fkName, pkName, r[9]});
            }
        }
        return sorted(KEYS, rows, order);
    }

    /** H2 reports NO ACTION as RESTRICT (it enforces both alike); Chorus follows H2, the application's dialect. */
    private static short rule(short reported) {
        return reported == DatabaseMetaData.importedKeyNoAction ? (short) DatabaseMetaData.importedKeyRestrict : reported;
    }

    private static List<String> primaryKeyColumns(DatabaseMetaData md, String schema, String table)
            throws SQLException {
        Map<Short, String> byPosition = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                byPosition.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(byPosition.values());
    }

    /** The user's name for a constraint, or a derived one where the engine generated the name. */
    private static String constraintName(Engine engine, String reported, ConstraintKind kind, String table,
                                         List<String> columns) {
        boolean generated = reported == null || isGeneratedName(engine, reported)
                || engine == Engine.POSTGRESQL && isPostgresqlDefaultName(reported, kind, table, columns);
        return generated ? kind.derivedName(table, columns) : reported;
    }

    /**
     * PostgreSQL's name for a constraint the user did not name: {@code table_pkey}, {@code table_columns_key},
     * {@code table_columns_fkey}, a number appended when taken (upper-cased, as the readers see it).
     */
    private static boolean isPostgresqlDefaultName(String name, ConstraintKind kind, String table, List<String> columns) {
        String stem = switch (kind) {
            case PRIMARY_KEY -> table + "_PKEY";
            case UNIQUE -> table + "_" + String.join("_", columns) + "_KEY";
            case FOREIGN_KEY -> table + "_" + String.join("_", columns) + "_FKEY";
        };
        return name.equals(stem) || name.startsWith(stem) && name.substring(stem.length()).matches("\\d+");
    }

    private static boolean isGeneratedName(Engine engine, String name) {
        Pattern generated = switch (engine) {
            case H2 -> H2_GENERATED_NAME;
            case DERBY -> DERBY_GENERATED_NAME;
            case HSQLDB -> HSQLDB_GENERATED_NAME;
            default -> null;
        };
        return generated != null && generated.matcher(name).matches();
    }

    /**
     * The table's indexes that the engine made to enforce a constraint, by index name. {@link DatabaseMetaData} does
     * not tell a backing index from one the user created, so this reads the engine's own catalog. For an engine
     * Chorus does not know, every index is taken for one the user created.
     */
    private static Map<String, Backing> constraintIndexes(DatabaseMetaData md, Engine engine, String schema,
                                                          String table) throws SQLException {
        String sql = switch (engine) {
            case H2 -> H2_CONSTRAINT_INDEXES;
            case DERBY -> DERBY_CONSTRAINT_INDEXES;
            case HSQLDB -> HSQLDB_CONSTRAINT_INDEXES;
            case POSTGRESQL -> POSTGRESQL_CONSTRAINT_INDEXES;
            default -> null;
        };
        Map<String, Backing> backings = new HashMap<>();
        if (sql == null) {
            return backings;
        }
        try (PreparedStatement ps = md.getConnection().prepareStatement(sql)) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ConstraintKind kind = ConstraintKind.of(rs.getString(2));
                    if (kind != null) {
                        backings.merge(rs.getString(1), new Backing(kind, rs.getString(3)),
                                (a, b) -> a.kind().compareTo(b.kind()) <= 0 ? a : b);
                    }
                }
            }
        }
        return backings;
    }

    private static Engine engineOf(DatabaseMetaData md) throws SQLException {
        String url = md.getURL();
        return url == null ? Engine.OTHER : Engine.of(url);
    }

    private static Integer intOrNull(ResultSet rs, String label) throws SQLException {
        int value = rs.getInt(label);
        return rs.wasNull() ? null : value;
    }

    // ---------------------------------------------------------------------------------------------- tables

    /** Sorts by the given columns, then by all columns in order, and drops duplicate rows. */
    private static ResultTable sorted(List<Column> layout, List<Object[]> rows, int[] order) {
        Comparator<Object[]> byOrder = (a, b) -> {
            for (int i : order) {
                int c = compareValues(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            for (int i = 0; i < a.length; i++) {
                int c = compareValues(a[i], b[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        rows.sort(byOrder);
        Set<List<Object>> seen = new HashSet<>();
        List<Object[]> distinct = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            if (seen.add(Arrays.asList(row))) {
                distinct.add(row);
            }
        }
        return new ResultTable(layout, distinct);
    }

    /** Nulls first; values of one column are all of one Comparable type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return ((Comparable) a).compareTo(b);
    }

    private static int[] order(List<Column> layout, String... labels) {
        int[] indexes = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            indexes[i] = indexOf(layout, labels[i]);
        }
        return indexes;
    }

    private static int indexOf(List<Column> layout, String label) {
        for (int i = 0; i < layout.size(); i++) {
            if (layout.get(i).label().equals(label)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + label);
    }

    private static List<Column> layout(Column... columns) {
        return List.of(columns);
    }

    private static Column text(String label) {
        return Column.of(label, Types.VARCHAR, "VARCHAR", String.class.getName(), NAME_PRECISION,
                ResultSetMetaData.columnNullable);
    }

    private static Column small(String label) {
        return Column.of(label, Types.SMALLINT, "SMALLINT", Short.class.getName(), 5, ResultSetMetaData.columnNullable);
    }

    private static Column integer(String label) {
        return Column.of(label, Types.INTEGER, "INTEGER", Integer.class.getName(), 10,
                ResultSetMetaData.columnNullable);
    }

    private static Column big(String label) {
        return Column.of(label, Types.BIGINT, "BIGINT", Long.class.getName(), 19, ResultSetMetaData.columnNullable);
    }

    private static Column bool(String label) {
        return Column.of(label, Types.BOOLEAN, "BOOLEAN", Boolean.class.getName(), 1,
                ResultSetMetaData.columnNullable);
    }
}
