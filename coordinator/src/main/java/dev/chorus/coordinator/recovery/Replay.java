package dev.chorus.coordinator.recovery;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.translate.Translator;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies write sets to a replica of any engine, built with jOOQ and rendered in the replica's dialect with bind
 * values (jOOQ binds each value kind the way the engine's driver wants it). A row with a primary key is written as
 * an {@code UPDATE} of its full image by key, or an {@code INSERT} when no row has the key; a deleted row as a
 * {@code DELETE} by key; a row of a table without a primary key (a multiset) by deleting every equal row and
 * inserting its copies. A change is right whatever the row was before, so replaying a reduced log range onto a
 * replica that holds the state at its start, or that holds some of the later changes already, gives the state at
 * its end.
 *
 * <p>With foreign keys in force the order matters: given the tables' depth in the foreign-key graph ({@link
 * #depths}), rows are written parents first and deleted children first; an update never deletes a row, so an
 * {@code ON DELETE CASCADE} child is never touched by a parent's new image. When that order breaks a unique or
 * foreign key (a transaction that freed a value before it reused it), the other order (deletes first) is tried.
 * The caller owns the connection's transaction.
 */
public final class Replay {
    private final Engine engine;
    private final SQLDialect dialect;
    private final Map<String, Integer> depths;
    private final Settings settings;

    public Replay(Engine engine) {
        this(engine, Map.of());
    }

    /**
     * @param depths each table's depth in the foreign-key graph (0 for a table that references none), by the name the
     *               write sets use; tables not in it count as 0
     */
    public Replay(Engine engine, Map<String, Integer> depths) {
        this.engine = engine;
        this.dialect = Translator.dialectOf(engine, SQLDialect.DEFAULT);
        this.settings = new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS).withExecuteLogging(false);
        this.depths = Map.copyOf(depths);
    }

    /**
     * Each table's depth in a foreign-key graph: 0 for a table that references no other, else one more than the
     * deepest table it references (a cycle is cut where it closes).
     *
     * @param references child table -> the tables its foreign keys reference
     */
    public static Map<String, Integer> depths(Map<String, Set<String>> references) {
        Map<String, Integer> out = new HashMap<>();
        for (String t : references.keySet()) {
            depth(t, references, out, new HashSet<>());
        }
        return out;
    }

    private static int depth(String t, Map<String, Set<String>> references, Map<String, Integer> known,
                             Set<String> visiting) {
        Integer d = known.get(t);
        if (d != null) {
            return d;
        }
        if (!visiting.add(t)) {
            return 0;
        }
        int max = -1;
        for (String parent : references.getOrDefault(t, Set.of())) {
            if (!parent.equals(t)) {
                max = Math.max(max, depth(parent, references, known, visiting));
            }
        }
        visiting.remove(t);
        known.put(t, max + 1);
        return max + 1;
    }

    /** Applies every change of a write set on the connection; returns how many rows it wrote or deleted. */
    public int apply(Connection c, WriteSet ws) throws SQLException {
        DSLContext dsl = DSL.using(c, dialect, settings);
        List<RowChange> writes = new ArrayList<>();
        List<RowChange> deletes = new ArrayList<>();
        for (RowChange change : ws.changes()) {
            (change.isDelete() ? deletes : writes).add(change);
        }
        Comparator<RowChange> parentsFirst = Comparator.comparingInt(ch -> depths.getOrDefault(ch.table(), 0));
        writes.sort(parentsFirst);
        deletes.sort(parentsFirst.reversed());
        if (depths.isEmpty()) {
            return run(dsl, ws.changes());
        }
        List<RowChange> writesFirst = new ArrayList<>(writes);
        writesFirst.addAll(deletes);
        if (writes.isEmpty() || deletes.isEmpty()) {
            return run(dsl, writesFirst);
        }
        Savepoint sp = c.setSavepoint();
        try {
            int rows = run(dsl, writesFirst);
            c.releaseSavepoint(sp);
            return rows;
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
            c.rollback(sp);
            List<RowChange> deletesFirst = new ArrayList<>(deletes);
            deletesFirst.addAll(writes);
            return run(dsl, deletesFirst);
        }
    }

    private int run(DSLContext dsl, List<RowChange> changes) throws SQLException {
        int rows = 0;
        try {
            for (RowChange change : changes) {
                rows += apply(dsl, change);
            }
        } catch (org.jooq.exception.DataAccessException e) {
            throw failure(e, "replaying a write set");
        }
        return rows;
    }

    private String engineName(String table, String name) {
        return Translator.engineName(engine, table, name);
    }

    /** Rows per statement in {@link #insertAbsent}. */
    private static final int ROWS_PER_INSERT = 100;

    /**
     * Inserts rows the replica does not have (no row there has their key), up to {@value #ROWS_PER_INSERT} per
     * statement, with the values {@link #apply(Connection, WriteSet)} would write: how a replica that missed many
     * inserts is caught up quickly. A multiset row is inserted as many times as its copies. The caller owns the
     * transaction; the rows go in the order given (parents first where foreign keys are in force).
     *
     * @return the rows inserted
     */
    public int insertAbsent(Connection c, List<RowChange> rows) throws SQLException {
        DSLContext dsl = DSL.using(c, dialect, settings);
        int inserted = 0;
        try {
            int i = 0;
            while (i < rows.size()) {
                RowChange first = rows.get(i);
                org.jooq.InsertValuesStepN<org.jooq.Record> insert = dsl.insertInto(table(first), columns(first));
                int n = 0;
                for (; i < rows.size() && n < ROWS_PER_INSERT && sameShape(first, rows.get(i)); i++) {
                    RowChange row = rows.get(i);
                    if (row.isDelete()) {
                        throw new IllegalArgumentException("not a row to insert: " + row);
                    }
                    for (int copy = 0; copy < row.copies(); copy++) {
                        insert = insert.values(values(row));
                        n++;
                    }
                }
                if (n > 0) {
                    inserted += insert.execute();
                }
            }
        } catch (org.jooq.exception.DataAccessException e) {
            throw failure(e, "inserting rows");
        }
        return inserted;
    }

    /** The engine's own SQLException inside jOOQ's, or one naming what failed. */
    private SQLException failure(org.jooq.exception.DataAccessException e, String what) {
        SQLException cause = e.getCause(SQLException.class);
        return cause != null ? cause : new SQLException(what + " on " + engine.displayName() + " failed: " + e.getMessage(), e);
    }

    private static boolean sameShape(RowChange a, RowChange b) {
        return a.table().equals(b.table()) && a.columns().equals(b.columns());
    }

    private org.jooq.Table<org.jooq.Record> table(RowChange change) {
        String[] parts = change.table().split("\\.");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = engineName(change.table(), parts[i]);
        }
        return DSL.table(DSL.name(parts));
    }

    private List<Field<?>> columns(RowChange change) {
        List<Field<?>> columns = new ArrayList<>();
        for (String name : change.columns()) {
            columns.add(DSL.field(DSL.name(engineName(change.table(), name))));
        }
        return columns;
    }

    private static List<Field<?>> values(RowChange change) {
        List<Field<?>> values = new ArrayList<>();
        for (Object v : change.image()) {
            values.add(v == null ? DSL.inline((Object) null) : DSL.val(v));
        }
        return values;
    }

    private int apply(DSLContext dsl, RowChange change) {
        org.jooq.Table<?> table = table(change);
        List<Condition> where = new ArrayList<>();
        List<Object> key = change.key();
        for (int i = 0; i < change.keyColumns().size(); i++) {
            Field<Object> f = DSL.field(DSL.name(engineName(change.table(), change.keyColumns().get(i))));
            Object v = key.get(i);
            where.add(v == null ? f.isNull() : f.eq(DSL.val(v)));
        }
        if (change.isDelete()) {
            return dsl.deleteFrom(table).where(where).execute();
        }
        List<Field<?>> columns = columns(change);
        List<Field<?>> values = values(change);
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        Set<String> keyColumns = new HashSet<>(change.keyColumns());
        for (int i = 0; i < change.columns().size(); i++) {
            if (!keyColumns.contains(change.columns().get(i))) {
                set.put(columns.get(i), values.get(i));
            }
        }
        if (keyColumns.size() < change.columns().size()) {
            int updated = dsl.update(table).set(set).where(where).execute();
            if (updated > 0) {
                return updated;
            }
        } else {
            // every column is the key (a multiset, or a key of all columns): the equal rows are counted
            int have = dsl.fetchCount(dsl.selectOne().from(table).where(where));
            if (have == change.copies()) {
                return 0;
            }
            dsl.deleteFrom(table).where(where).execute();
        }
        int inserted = 0;
        for (int copy = 0; copy < change.copies(); copy++) {
            inserted += dsl.insertInto(table, columns).values(values).execute();
        }
        return inserted;
    }
}
