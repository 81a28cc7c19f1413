package dev.chorus.coordinator.lock;

import java.util.List;
import java.util.Objects;

/**
 * Something a transaction locks: the whole database, a table, or one row of a table by its primary key values.
 *
 * @param table the table's catalog key (schema-qualified as the application named it), null for the database
 * @param key   the primary key values of a row (compared with {@code equals}: callers normalise numbers), null for a
 *              whole table or the database
 */
public record Resource(String table, List<Object> key) {
    /** The whole database: DDL and statements Chorus cannot bound lock it exclusively. */
    public static final Resource DATABASE = new Resource(null, null);

    public Resource {
        if (table == null && key != null) {
            throw new IllegalArgumentException("a row needs its table");
        }
        key = key == null ? null : List.copyOf(key);
    }

    public static Resource table(String table) {
        return new Resource(Objects.requireNonNull(table, "table"), null);
    }

    public static Resource row(String table, List<Object> key) {
        return new Resource(Objects.requireNonNull(table, "table"), Objects.requireNonNull(key, "key"));
    }

    /** The resource this one is inside (row: its table; table: the database), null for the database. */
    public Resource parent() {
        return key != null ? table(table) : table != null ? DATABASE : null;
    }

    @Override
    public String toString() {
        return table == null ? "database" : key == null ? "table " + table : "row " + table + key;
    }
}
