package dev.chorus.driver.jdbc;

import dev.chorus.coordinator.Column;
import dev.chorus.coordinator.SqlStates;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * The columns of a voted result, as the replica that supplied the answer described them. Immutable, thread-safe,
 * and usable after its result set is closed: it holds nothing but the column descriptions.
 *
 * <p>Every column reads as read-only and searchable: Chorus result sets are never updatable, and a column that
 * came out of a query can be named in a WHERE clause on every engine Chorus runs.
 */
public final class ChorusResultSetMetaData implements ResultSetMetaData {
    private final List<Column> columns;

    public ChorusResultSetMetaData(List<Column> columns) {
        this.columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
    }

    /** The one message for a column index outside {@code 1..columnCount}, shared with {@link ChorusResultSet}. */
    static SQLException invalidColumnIndex(int column, int columnCount) {
        return new SQLException("column index " + column + " is out of range; the result has " + columnCount
                + (columnCount == 1 ? " column" : " columns"), SqlStates.INVALID_COLUMN_INDEX);
    }

    private Column column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw invalidColumnIndex(column, columns.size());
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return column(column).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return switch (column(column).jdbcType()) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> true;
            default -> false;
        };
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return column(column).nullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return column(column).signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return column(column).displaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return column(column).schemaName();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return column(column).precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return column(column).scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return column(column).tableName();
    }

    /** Empty: replicas run different engines whose catalog names (database file names) mean nothing to the client. */
    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return column(column).jdbcType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return column(column).typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return column(column).className();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return Wrappers.isWrapperFor(this, iface);
    }
}
