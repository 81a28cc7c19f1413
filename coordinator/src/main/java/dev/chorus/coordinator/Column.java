package dev.chorus.coordinator;

import java.util.Objects;

/**
 * Description of one column of a voted result, as the replica that supplied the answer reported it
 * (the first replica, in configuration order, of the quorum). Immutable.
 *
 * @param label        the column label ({@code ResultSetMetaData.getColumnLabel}), never null
 * @param name         the column name ({@code getColumnName}), never null
 * @param tableName    the table the column comes from, empty when unknown
 * @param schemaName   the schema the column comes from, empty when unknown
 * @param jdbcType     a {@link java.sql.Types} constant
 * @param typeName     the engine's type name, never null
 * @param className    the Java class {@code getObject} returns for this column, never null
 * @param precision    the precision, 0 when not applicable
 * @param scale        the scale, 0 when not applicable
 * @param nullable     one of the {@code ResultSetMetaData.column*} nullability constants
 * @param displaySize  the display size
 * @param signed       whether the column holds signed numbers
 * @param autoIncrement whether the column is automatically numbered
 */
public record Column(String label, String name, String tableName, String schemaName, int jdbcType, String typeName,
                     String className, int precision, int scale, int nullable, int displaySize, boolean signed,
                     boolean autoIncrement) {
    public Column {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(className, "className");
    }

    /** A column made up by Chorus itself (metadata results, generated keys): label and name are the same. */
    public static Column of(String label, int jdbcType, String typeName, String className, int precision, int nullable) {
        return new Column(label, label, "", "", jdbcType, typeName, className, precision, 0, nullable,
                Math.max(precision, label.length()), isSignedType(jdbcType), false);
    }

    private static boolean isSignedType(int jdbcType) {
        return switch (jdbcType) {
            case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER, java.sql.Types.BIGINT,
                 java.sql.Types.DECIMAL, java.sql.Types.NUMERIC, java.sql.Types.REAL, java.sql.Types.FLOAT,
                 java.sql.Types.DOUBLE -> true;
            default -> false;
        };
    }
}
