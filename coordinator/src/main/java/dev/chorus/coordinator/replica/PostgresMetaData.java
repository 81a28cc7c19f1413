package dev.chorus.coordinator.replica;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL replica's {@link DatabaseMetaData} as the metadata readers expect an engine's: Chorus creates every
 * table and column there in lower case (PostgreSQL folds unquoted names to lower case, the other engines to upper
 * case), so name patterns are lower-cased on the way in and names upper-cased on the way out; and the types Chorus
 * maps H2's onto are reported as H2's ({@code boolean}, reported as {@code BIT}, is {@code BOOLEAN}; {@code text}
 * is {@code CLOB}; {@code bytea} is {@code BLOB}; {@code numeric} is {@code DECIMAL}; {@code timestamptz}, reported as
 * {@code TIMESTAMP}, is {@code TIMESTAMP_WITH_TIMEZONE}).
 *
 * <p>The schema argument is not folded: readers pass the connection's own default schema ({@code public}).
 */
final class PostgresMetaData {
    /** Result columns holding names of tables, columns, constraints and indexes. */
    private static final Set<String> NAME_COLUMNS = Set.of("TABLE_NAME", "COLUMN_NAME", "PK_NAME", "FK_NAME", "INDEX_NAME",
            "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME");
    /** Arguments of {@link DatabaseMetaData} methods that name or match tables and columns, by method and position. */
    private static final Set<String> FOLDED_FIRST_STRINGS_AFTER_SCHEMA = Set.of("getTables", "getColumns", "getPrimaryKeys",
            "getIndexInfo", "getImportedKeys", "getExportedKeys", "getBestRowIdentifier", "getVersionColumns",
            "getColumnPrivileges", "getTablePrivileges");

    private PostgresMetaData() {
    }

    static DatabaseMetaData wrap(DatabaseMetaData md) {
        return (DatabaseMetaData) Proxy.newProxyInstance(PostgresMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new Handler(md));
    }

    private record Handler(DatabaseMetaData md) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object[] folded = args == null ? null : args.clone();
            String name = method.getName();
            if (folded != null && FOLDED_FIRST_STRINGS_AFTER_SCHEMA.contains(name)) {
                // (catalog, schema, table[, column]): fold what follows the schema
                for (int i = 2; i < folded.length && i < 4; i++) {
                    if (folded[i] instanceof String s) {
                        folded[i] = s.toLowerCase(Locale.ROOT);
                    }
                }
            } else if (folded != null && name.equals("getCrossReference")) {
                // (parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable)
                for (int i : new int[] {2, 5}) {
                    if (folded[i] instanceof String s) {
                        folded[i] = s.toLowerCase(Locale.ROOT);
                    }
                }
            }
            Object result;
            try {
                result = method.invoke(md, folded);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result instanceof ResultSet rs ? results(rs) : result;
        }
    }

    private static ResultSet results(ResultSet rs) {
        return (ResultSet) Proxy.newProxyInstance(PostgresMetaData.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> {
                    Object value;
                    try {
                        value = method.invoke(rs, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (args != null && args.length == 1 && args[0] instanceof String label) {
                        String upper = label.toUpperCase(Locale.ROOT);
                        if (method.getName().equals("getString") && value instanceof String s && NAME_COLUMNS.contains(upper)) {
                            return s.toUpperCase(Locale.ROOT);
                        }
                        if (method.getName().equals("getInt") && upper.equals("DATA_TYPE")) {
                            return h2Type((Integer) value, rs.getString("TYPE_NAME"));
                        }
                    }
                    return value;
                });
    }

    /** The JDBC type H2 reports for the column Chorus created as this PostgreSQL type. */
    static int h2Type(int reported, String typeName) {
        if (typeName == null) {
            return reported;
        }
        return switch (typeName) {
            case "bool" -> Types.BOOLEAN;
            case "text" -> Types.CLOB;
            case "bytea" -> Types.BLOB;
            case "numeric" -> Types.DECIMAL;
            case "timestamptz" -> Types.TIMESTAMP_WITH_TIMEZONE;
            default -> reported;
        };
    }
}
