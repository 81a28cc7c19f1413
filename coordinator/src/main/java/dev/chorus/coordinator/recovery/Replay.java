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
            throw e.getCause(SQLException.class) != null ? e.getCause(SQLException.class)
                    : new SQLException("replaying a write set on " + engine.displayName() + " failed: " + e.getMessage(), e);
        }
        return rows;
    }

    private String engineName(String table, String name) {
        return Translator.engineName(engine, table, name);
    }

    private int apply(DSLContext dsl, RowChange change) {
        String[] parts = change.table().split("\\.");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = engineName(change.table(), parts[i]);
        }
        org.jooq.Table<?> table = DSL.table(DSL.name(parts));
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
        List<Field<?>> columns = new ArrayList<>();
        List<Field<?>> values = new ArrayList<>();
        List<Object> image = change.image();
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        Set<String> keyColumns = new HashSet<>(change.keyColumns());
        for (int i = 0; i < change.columns().size(); i++) {
            Field<?> column = DSL.field(DSL.name(engineName(change.table(), change.columns().get(i))));
            Object v = image.get(i);
            Field<?> value = v == null ? DSL.inline((Object) null) : DSL.val(v);
            columns.add(column);
            values.add(value);
            if (!keyColumns.contains(change.columns().get(i))) {
                set.put(column, value);
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
