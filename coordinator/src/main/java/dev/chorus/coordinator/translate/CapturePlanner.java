package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.translate.CapturePlan.Kind;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Row;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.conf.RenderNameCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out a write statement's {@link CapturePlan} from its parsed form and the {@link SchemaCatalog}:
 * <ul>
 *   <li>INSERT ... VALUES whose key columns are literals, parameters or coordinator-numbered identities: the new
 *       rows are read by those keys after the statement;</li>
 *   <li>UPDATE that fixes the whole primary key by equality: that row is read after it; UPDATE by another WHERE:
 *       the keys it matches are read before (with the statement's own WHERE), the rows by key after;</li>
 *   <li>DELETE: the keys its WHERE matches are read before and logged as deletes;</li>
 *   <li>everything else the analysis cannot bound (a table without a primary key, an UPDATE that assigns key
 *       columns, INSERT ... SELECT, MERGE, TRUNCATE, a statement shape this does not know) is captured by comparing
 *       the whole table (or every table) before and after; the children a cascading foreign key changes too.</li>
 * </ul>
 * Not thread-safe: one planner per statement.
 */
final class CapturePlanner {
    /** Renders a read with the statement's placeholders for an engine (see {@link Translator}). */
    interface Renderer {
        Translation.Rendered render(Select<?> select, Engine engine) throws SQLException;
    }

    private final SchemaCatalog catalog;
    private final Set<Engine> engines;
    private final SQLDialect application;
    private final Renderer renderer;

    private CapturePlanner(SchemaCatalog catalog, Set<Engine> engines, SQLDialect application, Renderer renderer) {
        this.catalog = catalog;
        this.engines = engines;
        this.application = application;
        this.renderer = renderer;
    }

    /**
     * The plan of a write statement (INSERT, UPDATE, DELETE, MERGE) or TRUNCATE; null for a statement that changes
     * no rows of the application's tables.
     */
    static CapturePlan plan(Query q, SchemaCatalog catalog, Set<Engine> engines, SQLDialect application, Renderer renderer)
            throws SQLException {
        CapturePlanner p = new CapturePlanner(catalog, engines, application, renderer);
        if (q instanceof QOM.Insert<?> i) {
            return p.insert(i);
        }
        if (q instanceof QOM.Update<?> u) {
            return p.update(u);
        }
        if (q instanceof QOM.Delete<?> d) {
            return p.delete(d);
        }
        if (q instanceof QOM.Truncate<?> t) {
            List<String> tables = new ArrayList<>();
            for (Table<?> table : t.$table()) {
                String key = p.tableKey(table);
                if (key == null) {
                    return p.diffAll();
                }
                tables.add(key);
            }
            return p.diff(tables);
        }
        return p.diffAll();
    }

    /**
     * Every base table the catalog knows (the application's and Chorus's own), each with its reads on every engine,
     * in name order: the state of a database, for verification and recovery.
     */
    static List<CapturePlan.Table> allTables(SchemaCatalog catalog, Set<Engine> engines, SQLDialect application) {
        CapturePlanner p = new CapturePlanner(catalog, engines, application, null);
        List<CapturePlan.Table> out = new ArrayList<>();
        for (String t : new java.util.TreeSet<>(catalog.tables().keySet())) {
            if (catalog.baseTable(t)) {
                out.add(p.table(t));
            }
        }
        return out;
    }

    private CapturePlan insert(QOM.Insert<?> ins) throws SQLException {
        String table = tableKey(ins.$into());
        if (table == null) {
            return diffAll();
        }
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        if (info.primaryKey().isEmpty() || ins.$select() != null || ins.$values().isEmpty() || ins.$onDuplicateKeyUpdate()
                || ins.$onDuplicateKeyIgnore()) {
            return diff(List.of(table));
        }
        List<String> columns = new ArrayList<>();
        boolean positional = ins.$columns().isEmpty()
                || ins.$columns().stream().allMatch(f -> f.getName().startsWith("unknown field"));
        if (positional) {
            info.columns().forEach(c -> columns.add(c.name()));
        } else {
            ins.$columns().forEach(f -> columns.add(f.getName()));
        }
        List<List<Field<?>>> keys = new ArrayList<>();
        for (Row row : ins.$values()) {
            Field<?>[] fields = row.fields();
            List<Field<?>> key = new ArrayList<>();
            for (String k : info.primaryKey()) {
                int at = columns.indexOf(k);
                if (at < 0 || at >= fields.length || !(fields[at] instanceof Param<?> p) || (p.isInline() && p.getValue() == null)) {
                    return diff(List.of(table)); // a key the statement computes or leaves to a default
                }
                key.add(fields[at]);
            }
            keys.add(key);
        }
        Condition where = keyCondition(info.primaryKey(), keys);
        return plan(Kind.INSERTED, table, DSL.select(fields(info.columns())).from(unaliased(ins.$into())).where(where), List.of());
    }

    private CapturePlan update(QOM.Update<?> u) throws SQLException {
        String table = tableKey(u.$table());
        if (table == null) {
            return diffAll();
        }
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        Set<String> assigned = new LinkedHashSet<>();
        boolean plain = u.$from().isEmpty() && u.$orderBy().isEmpty() && u.$limit() == null;
        for (Object k : u.$set().keySet()) {
            if (k instanceof Field<?> f) {
                assigned.add(f.getName());
            } else {
                plain = false; // a row assignment (a, b) = (...)
            }
        }
        boolean keyChanges = !plain || info.primaryKey().stream().anyMatch(assigned::contains)
                || catalog.uniqueKeysOf(table).stream().anyMatch(uk -> uk.columns().stream().anyMatch(assigned::contains));
        List<String> children = keyChanges ? cascadingChildren(table) : List.of();
        if (!plain || info.primaryKey().isEmpty() || info.primaryKey().stream().anyMatch(assigned::contains)) {
            List<String> all = new ArrayList<>(List.of(table));
            all.addAll(children);
            return diff(all);
        }
        Map<String, Field<?>> equal = new HashMap<>();
        if (u.$where() != null) {
            LockPlanner.equalities(u.$where(), equal);
        }
        if (info.primaryKey().stream().allMatch(equal::containsKey)) {
            List<Field<?>> key = new ArrayList<>();
            info.primaryKey().forEach(k -> key.add(equal.get(k)));
            Condition where = keyCondition(info.primaryKey(), List.of(key));
            return plan(Kind.PINNED, table, DSL.select(fields(info.columns())).from(u.$table()).where(where), children);
        }
        return plan(Kind.KEYS_THEN_ROWS, table, keysWhere(info, u.$table(), u.$where()), children);
    }

    private CapturePlan delete(QOM.Delete<?> d) throws SQLException {
        String table = tableKey(d.$from());
        if (table == null) {
            return diffAll();
        }
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        List<String> children = cascadingChildren(table);
        if (info.primaryKey().isEmpty() || !d.$using().isEmpty() || !d.$orderBy().isEmpty() || d.$limit() != null) {
            List<String> all = new ArrayList<>(List.of(table));
            all.addAll(children);
            return diff(all);
        }
        return plan(Kind.DELETED, table, keysWhere(info, d.$from(), d.$where()), children);
    }

    /** {@code SELECT key FROM table WHERE where}: the keys of the rows a statement's WHERE matches. */
    private static Select<?> keysWhere(SchemaCatalog.TableInfo info, Table<?> table, Condition where) {
        List<Field<?>> key = new ArrayList<>();
        info.primaryKey().forEach(k -> key.add(DSL.field(DSL.name(k))));
        return where == null ? DSL.select(key).from(table) : DSL.select(key).from(table).where(where);
    }

    private CapturePlan plan(Kind kind, String table, Select<?> select, List<String> diffTables) throws SQLException {
        Map<Engine, Translation.Rendered> rendered = new EnumMap<>(Engine.class);
        for (Engine e : engines) {
            rendered.put(e, renderer.render(select, e));
        }
        List<CapturePlan.Table> diff = new ArrayList<>();
        for (String t : diffTables) {
            diff.add(table(t));
        }
        return new CapturePlan(kind, table(table), rendered, diff);
    }

    private CapturePlan diff(List<String> tables) {
        List<CapturePlan.Table> out = new ArrayList<>();
        for (String t : new LinkedHashSet<>(tables)) {
            out.add(table(t));
        }
        return new CapturePlan(Kind.DIFF, null, Map.of(), out);
    }

    /** Every table of the application: for a statement whose effects the analysis cannot bound at all. */
    private CapturePlan diffAll() {
        List<String> all = new ArrayList<>();
        for (String t : catalog.tables().keySet()) {
            if (catalog.baseTable(t) && !t.startsWith("CHORUS.")) {
                all.add(t);
            }
        }
        all.sort(Comparator.naturalOrder());
        return diff(all);
    }

    /** The tables a delete or key change of this one changes through cascading foreign keys, transitively. */
    private List<String> cascadingChildren(String table) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(table));
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            for (SchemaCatalog.ForeignKey fk : catalog.referencing(t)) {
                if (fk.cascades() && catalog.tables().containsKey(fk.child()) && out.add(fk.child())) {
                    todo.add(fk.child());
                }
            }
        }
        out.remove(table);
        return new ArrayList<>(out);
    }

    /** A table with its reads on every engine. */
    private CapturePlan.Table table(String key) {
        SchemaCatalog.TableInfo info = catalog.tables().get(key);
        List<String> names = new ArrayList<>();
        info.columns().forEach(c -> names.add(c.name()));
        Map<Engine, String> readAll = new EnumMap<>(Engine.class);
        Map<Engine, String> readByKey = info.primaryKey().isEmpty() ? null : new EnumMap<>(Engine.class);
        for (Engine e : engines) {
            SQLDialect target = Translator.dialectOf(e, application);
            DSLContext ctx = DSL.using(target, new Settings()
                    .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                    .withRenderNameCase(target.family() == SQLDialect.POSTGRES ? RenderNameCase.LOWER : RenderNameCase.AS_IS)
                    .withRenderFormatted(false));
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < names.size(); i++) {
                select.append(i == 0 ? "" : ", ").append(ctx.render(DSL.name(names.get(i))));
            }
            select.append(" FROM ").append(ctx.render(qualified(info)));
            readAll.put(e, select.toString());
            if (readByKey != null) {
                StringBuilder byKey = new StringBuilder(select).append(" WHERE ");
                for (int k = 0; k < CapturePlan.Table.KEYS_PER_READ; k++) {
                    byKey.append(k == 0 ? "(" : " OR (");
                    for (int c = 0; c < info.primaryKey().size(); c++) {
                        byKey.append(c == 0 ? "" : " AND ").append(ctx.render(DSL.name(info.primaryKey().get(c)))).append(" = ?");
                    }
                    byKey.append(')');
                }
                readByKey.put(e, byKey.toString());
            }
        }
        return new CapturePlan.Table(key, names, info.primaryKey(), readAll, readByKey);
    }

    private static org.jooq.Name qualified(SchemaCatalog.TableInfo info) {
        return info.schema() == null || info.schema().isEmpty() ? DSL.name(info.name()) : DSL.name(info.schema(), info.name());
    }

    private static List<Field<?>> fields(List<SchemaCatalog.ColumnInfo> columns) {
        List<Field<?>> out = new ArrayList<>();
        columns.forEach(c -> out.add(DSL.field(DSL.name(c.name()))));
        return out;
    }

    /** {@code k IN (v1, v2 ...)} for a one-column key, else {@code (k1 = v AND k2 = w) OR ...}. */
    private static Condition keyCondition(List<String> keyColumns, List<List<Field<?>>> keys) {
        if (keyColumns.size() == 1) {
            List<Field<?>> values = new ArrayList<>();
            keys.forEach(k -> values.add(k.get(0)));
            @SuppressWarnings("unchecked")
            Field<Object> column = (Field<Object>) DSL.field(DSL.name(keyColumns.get(0)));
            return values.size() == 1 ? column.eq(values.get(0)) : column.in(values);
        }
        List<Condition> rows = new ArrayList<>();
        for (List<Field<?>> key : keys) {
            List<Condition> parts = new ArrayList<>();
            for (int i = 0; i < keyColumns.size(); i++) {
                @SuppressWarnings("unchecked")
                Field<Object> column = (Field<Object>) DSL.field(DSL.name(keyColumns.get(i)));
                parts.add(column.eq(key.get(i)));
            }
            rows.add(DSL.and(parts));
        }
        return DSL.or(rows);
    }

    private static Table<?> unaliased(Table<?> t) {
        return t instanceof QOM.TableAlias<?> a ? a.$table() : t;
    }

    /** The catalog key of a written base table, or null when it is not one the catalog knows. */
    private String tableKey(Table<?> t) {
        String key = LockPlanner.catalogKey(t, catalog);
        return key != null && catalog.tables().containsKey(key) && catalog.baseTable(key) ? key : null;
    }
}
