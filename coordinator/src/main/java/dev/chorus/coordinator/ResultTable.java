package dev.chorus.coordinator;

import java.util.List;
import java.util.Objects;

/**
 * A materialised, voted result: its columns and its rows, in the order the client sees them.
 *
 * <p>Each row is an {@code Object[]} as long as {@link #columns()}; a value is what the supplying replica's
 * {@code ResultSet.getObject(int)} returned, except that large objects are already read into memory
 * ({@link javax.sql.rowset.serial.SerialClob}, {@link javax.sql.rowset.serial.SerialBlob}) because the replica's
 * result set is closed before the client reads. Rows are never modified after construction; callers must not
 * modify them either.
 */
public record ResultTable(List<Column> columns, List<Object[]> rows) {
    public ResultTable {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        Objects.requireNonNull(rows, "rows");
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("row has " + row.length + " values for " + columns.size() + " columns");
            }
        }
        rows = List.copyOf(rows);
    }

    public int columnCount() {
        return columns.size();
    }

    public int rowCount() {
        return rows.size();
    }
}
