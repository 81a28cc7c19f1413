package dev.chorus.coordinator.recovery;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The foreign keys of a database as its JDBC metadata describes them, to take them off while rows are loaded and
 * replayed in an order that would break them for a while (a fuzzy snapshot, a log replayed over a state that
 * already holds some of its changes) and to put them back once the rows are consistent, which checks them.
 */
public final class ForeignKeys {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("INFORMATION_SCHEMA", "SYS", "SYSCAT", "SYSCS_DIAG",
            "SYSCS_UTIL", "SYSFUN", "SYSIBM", "SYSPROC", "SYSSTAT", "SQLJ", "NULLID", "SYSTEM_LOBS", "PG_CATALOG", "PG_TOAST");

    /**
     * One foreign key.
     *
     * @param deleteRule {@link DatabaseMetaData#importedKeyCascade} and the like
     */
    public record Definition(String schema, String table, String name, List<String> columns, String parentSchema,
                             String parentTable, List<String> parentColumns, int deleteRule, int updateRule) {
        /** The child table by the name write sets use ({@code SCHEMA.TABLE}, the schema left out when it is the default). */
        public String tableKey(String defaultSchema) {
            return key(schema, table, defaultSchema);
        }

        public String parentKey(String defaultSchema) {
            return key(parentSchema, parentTable, defaultSchema);
        }

        private static String key(String schema, String table, String defaultSchema) {
            return schema == null || schema.isEmpty() || schema.equals(defaultSchema) ? table : schema + "." + table;
        }
    }

    private ForeignKeys() {
    }

    /** Every foreign key of the database's tables (system schemas left out). */
    public static List<Definition> read(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                if (schema == null || !SYSTEM_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT))) {
                    tables.add(new String[] {schema, rs.getString("TABLE_NAME")});
                }
            }
        }
        List<Definition> out = new ArrayList<>();
        for (String[] t : tables) {
            Map<String, List<Object[]>> byName = new LinkedHashMap<>();
            try (ResultSet rs = md.getImportedKeys(null, t[0], t[1])) {
                while (rs.next()) {
                    byName.computeIfAbsent(rs.getString("FK_NAME"), k -> new ArrayList<>()).add(new Object[] {
                            rs.getShort("KEY_SEQ"), rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_SCHEM"),
                            rs.getString("PKTABLE_NAME"), rs.getString("PKCOLUMN_NAME"), rs.getInt("DELETE_RULE"),
                            rs.getInt("UPDATE_RULE")});
                }
            }
            byName.forEach((name, rows) -> {
                rows.sort((a, b) -> Short.compare((Short) a[0], (Short) b[0]));
                List<String> columns = new ArrayList<>();
                List<String> parentColumns = new ArrayList<>();
                rows.forEach(r -> {
                    columns.add((String) r[1]);
                    parentColumns.add((String) r[4]);
                });
                Object[] first = rows.get(0);
                out.add(new Definition(t[0], t[1], name, columns, (String) first[2], (String) first[3], parentColumns,
                        (Integer) first[5], (Integer) first[6]));
            });
        }
        return out;
    }

    /** Drops the foreign keys (in the caller's transaction). */
    public static void drop(Connection c, List<Definition> keys) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Definition d : keys) {
                st.execute("ALTER TABLE " + table(d.schema(), d.table()) + " DROP CONSTRAINT " + quote(d.name()));
            }
        }
    }

    /**
     * Adds the foreign keys back (in the caller's transaction); the engine checks the rows.
     *
     * @throws SQLException when a row breaks one (the message names the key)
     */
    public static void add(Connection c, List<Definition> keys) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (Definition d : keys) {
                StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table(d.schema(), d.table()))
                        .append(" ADD CONSTRAINT ").append(quote(d.name())).append(" FOREIGN KEY (");
                columns(sql, d.columns());
                sql.append(") REFERENCES ").append(table(d.parentSchema(), d.parentTable())).append(" (");
                columns(sql, d.parentColumns());
                sql.append(')').append(rule(" ON DELETE ", d.deleteRule())).append(rule(" ON UPDATE ", d.updateRule()));
                try {
                    st.execute(sql.toString());
                } catch (SQLException e) {
                    throw new SQLException("cannot put back foreign key " + d.name() + " of " + d.table() + ": " + e.getMessage(),
                            e.getSQLState(), e);
                }
            }
        }
    }

    private static String rule(String clause, int rule) {
        return switch (rule) {
            case DatabaseMetaData.importedKeyCascade -> clause + "CASCADE";
            case DatabaseMetaData.importedKeySetNull -> clause + "SET NULL";
            case DatabaseMetaData.importedKeySetDefault -> clause + "SET DEFAULT";
            default -> ""; // NO ACTION and RESTRICT: every engine's default
        };
    }

    private static void columns(StringBuilder sql, List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i)));
        }
    }

    private static String table(String schema, String table) {
        return schema == null || schema.isEmpty() ? quote(table) : quote(schema) + "." + quote(table);
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
