package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;

import java.util.List;
import java.util.Map;

/**
 * How the coordinator reads back, on every replica and inside the same transaction, the rows one write statement
 * changed (DESIGN.md, "The write-set log"). Worked out once per SQL text by the translator, from the parsed statement
 * and the {@link SchemaCatalog}; run by {@link dev.chorus.coordinator.replica.ReplicaSession} around each execution.
 *
 * @param kind   how the changed rows are found
 * @param target the written table; null for {@link Kind#DIFF}
 * @param select per engine, the read that {@code kind} describes, with the statement's own placeholders (numbered
 *               like the statement's, see {@link Translation.Rendered#binds()}); empty for {@link Kind#DIFF}
 * @param diff   tables whose whole image is read before and after the statement and compared: what the analysis
 *               cannot bound (a table without a primary key, an UPDATE that assigns key columns, INSERT ... SELECT,
 *               MERGE) and the children a cascading foreign key changes
 */
public record CapturePlan(Kind kind, Table target, Map<Engine, Translation.Rendered> select, List<Table> diff) {
    public CapturePlan {
        select = Map.copyOf(select);
        diff = List.copyOf(diff);
    }

    public enum Kind {
        /** INSERT ... VALUES with every key column given: after the statement, {@code select} reads the new rows. */
        INSERTED,
        /**
         * UPDATE whose WHERE fixes the whole primary key by equality and that assigns no key column: after the
         * statement, {@code select} reads that row (its image is logged whether or not the rest of the WHERE held).
         */
        PINNED,
        /**
         * UPDATE by another predicate: before the statement, {@code select} (the statement's own WHERE) reads the keys
         * of the rows it will change; after it, those rows are read by key.
         */
        KEYS_THEN_ROWS,
        /** DELETE: before the statement, {@code select} reads the keys of the rows it will delete. */
        DELETED,
        /** Only the {@code diff} tables. */
        DIFF
    }

    /**
     * A table as the write set names it, with each engine's reads of it.
     *
     * @param name       the name logged: the catalog's, schema-qualified ({@code S.T}) outside the default schema
     * @param columns    every column, in the table's order
     * @param keyColumns the primary key's columns; empty for a table without one (then it is a multiset)
     * @param readAll    per engine, {@code SELECT columns FROM table}
     * @param readByKey  per engine, {@code SELECT columns FROM table WHERE (key = ?) OR ...} with
     *                   {@link #KEYS_PER_READ} keys of placeholders; null for a table without a primary key
     */
    public record Table(String name, List<String> columns, List<String> keyColumns, Map<Engine, String> readAll,
                        Map<Engine, String> readByKey) {
        /** How many keys one {@code readByKey} reads (fewer are padded by repeating the last). */
        public static final int KEYS_PER_READ = 16;

        public Table {
            columns = List.copyOf(columns);
            keyColumns = List.copyOf(keyColumns);
            readAll = Map.copyOf(readAll);
            readByKey = readByKey == null ? null : Map.copyOf(readByKey);
        }
    }
}
