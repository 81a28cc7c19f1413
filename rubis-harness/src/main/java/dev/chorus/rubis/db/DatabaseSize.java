package dev.chorus.rubis.db;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The size of a RUBiS database as its data, the same measure on every engine and through Chorus: every table read in
 * key order, a page at a time (so a large database never sits in memory), and the bytes of its values summed: text as
 * UTF-8, {@code INTEGER} 4 bytes, {@code DECIMAL} and {@code TIMESTAMP} 8, {@code NULL} nothing. It leaves out what an
 * engine adds (page headers, free space, indexes), which differs between engines and is not comparable; the paper's
 * "100 MB" and "1 GB" are sizes of this kind (a MySQL dump).
 */
public final class DatabaseSize {
    /** Rows read per query. */
    static final int PAGE = 5_000;

    private DatabaseSize() {
    }

    /** One table's size. */
    public record Table(long rows, long bytes) {
    }

    /** Rows and bytes per table of {@link Schema#TABLES}, in that order. */
    public static Map<String, Table> measure(Connection c) throws SQLException {
        return measure(c, PAGE);
    }

    static Map<String, Table> measure(Connection c, int page) throws SQLException {
        Map<String, Table> out = new LinkedHashMap<>();
        for (String table : Schema.TABLES) {
            out.put(table, table(c, table, page));
        }
        return out;
    }

    /** The bytes of all tables together. */
    public static long totalBytes(Map<String, Table> tables) {
        return tables.values().stream().mapToLong(Table::bytes).sum();
    }

    /** The rows of all tables together. */
    public static long totalRows(Map<String, Table> tables) {
        return tables.values().stream().mapToLong(Table::rows).sum();
    }

    private static Table table(Connection c, String table, int pageSize) throws SQLException {
        long rows = 0;
        long bytes = 0;
        long after = Integer.MIN_VALUE; // ids are INTEGER: Derby and HSQLDB refuse a smaller bound
        // the table name comes from the schema's constant list; the key is a parameter; FETCH FIRST is standard SQL
        // that H2, Derby, HSQLDB and PostgreSQL all accept, and Chorus translates
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE id > ? ORDER BY id FETCH FIRST "
                + pageSize + " ROWS ONLY")) {
            while (true) {
                ps.setLong(1, after);
                int page = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int idColumn = rs.findColumn("id");
                    while (rs.next()) {
                        page++;
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            bytes += valueBytes(rs, i, md.getColumnType(i));
                        }
                        after = rs.getLong(idColumn);
                    }
                }
                rows += page;
                if (page < pageSize) {
                    return new Table(rows, bytes);
                }
            }
        }
    }

    /** The bytes a value counts for; a column type outside RUBiS's schema fails rather than counting wrong. */
    static long valueBytes(ResultSet rs, int column, int sqlType) throws SQLException {
        switch (sqlType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.CLOB -> {
                String s = rs.getString(column);
                return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
            }
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                rs.getInt(column);
                return rs.wasNull() ? 0 : 4;
            }
            case Types.BIGINT -> {
                rs.getLong(column);
                return rs.wasNull() ? 0 : 8;
            }
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal d = rs.getBigDecimal(column);
                return d == null ? 0 : 8;
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
                return rs.getTimestamp(column) == null ? 0 : 8;
            }
            default -> throw new SQLException("column " + rs.getMetaData().getColumnLabel(column) + " of type "
                    + rs.getMetaData().getColumnTypeName(column) + " is not one the RUBiS schema uses", "0A000");
        }
    }
}
