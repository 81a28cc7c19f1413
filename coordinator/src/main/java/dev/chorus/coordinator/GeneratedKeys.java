package dev.chorus.coordinator;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Objects;

/**
 * Which generated keys an execution asked for: none, whatever the engine generates, or named or numbered columns.
 * Immutable (the arrays are copied).
 */
public final class GeneratedKeys {
    public static final GeneratedKeys NONE = new GeneratedKeys(false, null, null);
    public static final GeneratedKeys RETURN = new GeneratedKeys(true, null, null);

    private final boolean wanted;
    private final String[] columnNames;
    private final int[] columnIndexes;

    private GeneratedKeys(boolean wanted, String[] columnNames, int[] columnIndexes) {
        this.wanted = wanted;
        this.columnNames = columnNames;
        this.columnIndexes = columnIndexes;
    }

    public static GeneratedKeys columns(String[] names) {
        return new GeneratedKeys(true, Objects.requireNonNull(names, "columnNames").clone(), null);
    }

    public static GeneratedKeys indexes(int[] indexes) {
        return new GeneratedKeys(true, null, Objects.requireNonNull(indexes, "columnIndexes").clone());
    }

    public boolean wanted() {
        return wanted;
    }

    public PreparedStatement prepare(java.sql.Connection c, String sql) throws SQLException {
        if (columnNames != null) {
            return c.prepareStatement(sql, columnNames);
        }
        if (columnIndexes != null) {
            return c.prepareStatement(sql, columnIndexes);
        }
        return c.prepareStatement(sql, wanted ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
    }

    public boolean execute(Statement s, String sql) throws SQLException {
        if (columnNames != null) {
            return s.execute(sql, columnNames);
        }
        if (columnIndexes != null) {
            return s.execute(sql, columnIndexes);
        }
        return s.execute(sql, wanted ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
    }

    /** A key for caching prepared statements per key request. */
    public String cacheKey() {
        return !wanted ? "" : columnNames != null ? "n" + Arrays.toString(columnNames)
                : columnIndexes != null ? "i" + Arrays.toString(columnIndexes) : "g";
    }
}
