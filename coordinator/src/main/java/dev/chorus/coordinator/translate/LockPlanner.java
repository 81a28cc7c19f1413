package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.LockPlan;
import dev.chorus.coordinator.lock.LockPlan.Item;
import dev.chorus.coordinator.lock.LockPlan.KeyPart;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultVisitListener;
import org.jooq.impl.DefaultVisitListenerProvider;
import org.jooq.impl.QOM;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Works out the locks a statement needs from its parsed form and the {@link SchemaCatalog}, so that statements the
 * coordinator lets run together commute on every engine (DESIGN.md, "Order and lock"):
 * <ul>
 *   <li>a read locks a row S when it names a single table's whole primary key by equality, else each table it reads
 *       S (a view: the database S, since it reads tables Chorus does not see);</li>
 *   <li>UPDATE and DELETE lock the row X when WHERE names the whole primary key, else the table X; an UPDATE that
 *       assigns key columns also locks the new key; a table whose rows reference the written one is locked S (its
 *       rows are checked) or X (a cascading key changes them);</li>
 *   <li>INSERT locks each new row's key X (a coordinator-numbered identity serialises through Chorus's counter row
 *       instead), and each unique key's new value; a parent table of a foreign key is locked S (its row is
 *       checked);</li>
 *   <li>DDL, MERGE and whatever this does not recognise lock the database X.</li>
 * </ul>
 * Reads inside a write (subqueries, INSERT ... SELECT) lock their tables S. Intention locks above every lock are
 * added by the {@link dev.chorus.coordinator.lock.LockManager}.
 */
final class LockPlanner {
    /** The lock resource of Chorus's identity counters: one row per table. */
    static final String COUNTERS = "CHORUS.GENERATED_COLUMNS";
    private static final Pattern CLIENT = Pattern.compile(Pattern.quote(Placeholders.CLIENT_PREFIX) + "(\\d+)");

    private final SchemaCatalog catalog;
    private final GeneratedColumns generated;
    private final List<Item> items = new ArrayList<>();
    private boolean exclusive;

    private LockPlanner(SchemaCatalog catalog, GeneratedColumns generated) {
        this.catalog = catalog;
        this.generated = generated;
    }

    /** The plan for a parsed statement (parsed with column types where possible). */
    static LockPlan plan(Query q, SchemaCatalog catalog, GeneratedColumns generated) {
        LockPlanner p = new LockPlanner(catalog, generated);
        try {
            p.statement(q);
        } catch (RuntimeException e) {
            // a statement shape this does not know: the database lock is always correct
            return LockPlan.EXCLUSIVE;
        }
        return p.exclusive ? LockPlan.EXCLUSIVE : new LockPlan(p.items);
    }

    private void statement(Query q) {
        if (q instanceof Select<?> s) {
            select(s);
        } else if (q instanceof QOM.Update<?> u) {
            update(u);
        } else if (q instanceof QOM.Delete<?> d) {
            delete(d);
        } else if (q instanceof QOM.Insert<?> i) {
            insert(i);
        } else {
            exclusive = true;
        }
    }

    // ---- reads --------------------------------------------------------------------------------------------

    private void select(Select<?> s) {
        List<? extends Table<?>> from = s.$from();
        if (from.size() == 1 && !(from.get(0) instanceof QOM.Join<?>) && s.$groupBy().isEmpty()) {
            String table = tableKey(from.get(0));
            List<KeyPart> key = table == null ? null : pinnedKey(table, s.$where());
            if (key != null && catalog.baseTable(table) && !readsOtherTables(s, from.get(0))) {
                items.add(new Item(table, key, LockMode.S));
                return;
            }
        }
        readAll(s);
    }

    /** Locks S every table a query part reads (the FROM of every query in it, subqueries too). */
    private void readAll(QueryPart part) {
        for (String t : tablesIn(part)) {
            read(t);
        }
    }

    private void read(String table) {
        if (catalog.baseTable(table)) {
            items.add(new Item(table, null, LockMode.S));
        } else if (!table.startsWith("CHORUS.")) {
            // a view (it reads tables Chorus does not see) or a table the replicas do not agree on
            items.add(new Item(null, null, LockMode.S));
        }
    }

    private boolean readsOtherTables(Select<?> s, Table<?> only) {
        Set<String> all = tablesIn(s);
        return all.size() > 1 || !all.contains(tableKey(only));
    }

    // ---- writes -------------------------------------------------------------------------------------------

    private void update(QOM.Update<?> u) {
        String table = tableKey(u.$table());
        if (table == null || !catalog.baseTable(table) || !u.$from().isEmpty()) {
            exclusive = true;
            return;
        }
        Map<String, Field<?>> set = new LinkedHashMap<>();
        u.$set().forEach((k, v) -> {
            if (k instanceof Field<?> f && v instanceof Field<?> value) {
                set.put(f.getName(), value);
            } else {
                exclusive = true;
            }
        });
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        List<KeyPart> key = pinnedKey(table, u.$where());
        boolean keyChanges = info.primaryKey().stream().anyMatch(set::containsKey);
        if (key == null) {
            items.add(new Item(table, null, LockMode.X));
        } else {
            items.add(new Item(table, key, LockMode.X));
            if (keyChanges) {
                List<KeyPart> newKey = keyOf(info.primaryKey(), set, key, info.primaryKey());
                items.add(newKey == null ? new Item(table, null, LockMode.X) : new Item(table, newKey, LockMode.X));
            }
            for (SchemaCatalog.UniqueKey uk : catalog.uniqueKeysOf(table)) {
                if (uk.columns().stream().anyMatch(set::containsKey)) {
                    List<KeyPart> value = keyOf(uk.columns(), set, null, null);
                    items.add(new Item(uniqueResource(uk), value, LockMode.X));
                }
            }
        }
        for (SchemaCatalog.ForeignKey fk : catalog.foreignKeysOf(table)) {
            if (fk.columns().stream().anyMatch(set::containsKey)) {
                items.add(new Item(fk.parent(), null, LockMode.S));
            }
        }
        if (keyChanges || catalog.uniqueKeysOf(table).stream().anyMatch(uk -> uk.columns().stream().anyMatch(set::containsKey))) {
            children(table);
        }
        set.values().forEach(v -> readAll(v));
        if (u.$where() != null) {
            readAll(u.$where());
        }
    }

    private void delete(QOM.Delete<?> d) {
        String table = tableKey(d.$from());
        if (table == null || !catalog.baseTable(table) || !d.$using().isEmpty()) {
            exclusive = true;
            return;
        }
        List<KeyPart> key = pinnedKey(table, d.$where());
        items.add(new Item(table, key, LockMode.X));
        children(table);
        if (d.$where() != null) {
            readAll(d.$where());
        }
    }

    /** The tables whose rows reference this one: checked (S) or changed by a cascade (X). */
    private void children(String table) {
        for (SchemaCatalog.ForeignKey fk : catalog.referencing(table)) {
            items.add(new Item(fk.child(), null, fk.cascades() ? LockMode.X : LockMode.S));
        }
    }

    private void insert(QOM.Insert<?> ins) {
        String table = tableKey(ins.$into());
        if (table == null || !catalog.baseTable(table) || ins.$onDuplicateKeyUpdate() || ins.$onDuplicateKeyIgnore()) {
            exclusive = true;
            return;
        }
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        if (ins.$select() != null || ins.$values().isEmpty()) {
            items.add(new Item(table, null, LockMode.X));
            if (ins.$select() != null) {
                readAll(ins.$select());
            }
        } else {
            List<String> columns = new ArrayList<>();
            boolean positional = ins.$columns().isEmpty()
                    || ins.$columns().stream().allMatch(f -> f.getName().startsWith("unknown field"));
            if (positional) {
                info.columns().forEach(c -> columns.add(c.name()));
            } else {
                ins.$columns().forEach(f -> columns.add(f.getName()));
            }
            boolean identity = generated.of(table).stream().anyMatch(GeneratedColumns.Column::identity);
            if (identity) {
                // the coordinator numbers the rows: inserts into this table take turns on its counter row
                items.add(new Item(COUNTERS, List.of(KeyPart.literal(table)), LockMode.X));
            }
            for (Row row : ins.$values()) {
                Map<String, Field<?>> values = new HashMap<>();
                Field<?>[] fields = row.fields();
                for (int i = 0; i < fields.length && i < columns.size(); i++) {
                    values.put(columns.get(i), fields[i]);
                }
                if (info.primaryKey().isEmpty()) {
                    items.add(new Item(table, null, LockMode.X));
                } else if (!identity || info.primaryKey().stream().allMatch(values::containsKey)) {
                    List<KeyPart> key = keyOf(info.primaryKey(), values, null, null);
                    items.add(new Item(table, key, LockMode.X));
                } else {
                    // a row whose key the coordinator draws: no other statement can name it yet, but readers of the
                    // whole table (S) must still be ordered with the insert
                    items.add(new Item(table, null, LockMode.IX));
                }
                for (SchemaCatalog.UniqueKey uk : catalog.uniqueKeysOf(table)) {
                    items.add(new Item(uniqueResource(uk), keyOf(uk.columns(), values, null, null), LockMode.X));
                }
                values.values().forEach(v -> readAll(v));
            }
        }
        for (SchemaCatalog.ForeignKey fk : catalog.foreignKeysOf(table)) {
            items.add(new Item(fk.parent(), null, LockMode.S));
        }
    }

    // ---- keys ---------------------------------------------------------------------------------------------

    /** The row key WHERE pins by equality (every primary key column = a literal or parameter), or null. */
    private List<KeyPart> pinnedKey(String table, Condition where) {
        SchemaCatalog.TableInfo info = catalog.tables().get(table);
        if (info == null || info.primaryKey().isEmpty() || where == null) {
            return null;
        }
        Map<String, Field<?>> equal = new HashMap<>();
        equalities(where, equal);
        return keyOf(info.primaryKey(), equal, null, null);
    }

    /**
     * The key parts of these columns from their values (literals or parameters); a column without a value takes
     * the old key's part when {@code oldKey} is given; null when a value is an expression.
     */
    private static List<KeyPart> keyOf(List<String> columns, Map<String, Field<?>> values, List<KeyPart> oldKey,
                                       List<String> oldColumns) {
        List<KeyPart> key = new ArrayList<>(columns.size());
        for (String c : columns) {
            Field<?> v = values.get(c);
            if (v == null && oldKey != null) {
                key.add(oldKey.get(oldColumns.indexOf(c)));
                continue;
            }
            KeyPart part = part(v);
            if (part == null) {
                return null;
            }
            key.add(part);
        }
        return key;
    }

    private static KeyPart part(Field<?> v) {
        if (v instanceof Param<?> p) {
            if (p.isInline()) {
                return p.getValue() == null ? null : KeyPart.literal(p.getValue());
            }
            java.util.regex.Matcher m = p.getParamName() == null ? null : CLIENT.matcher(p.getParamName());
            return m != null && m.matches() ? KeyPart.parameter(Integer.parseInt(m.group(1))) : null;
        }
        return null;
    }

    /** Column = value pairs of a conjunction (AND only; anything else adds nothing). */
    static void equalities(Condition c, Map<String, Field<?>> out) {
        if (c instanceof QOM.And and) {
            equalities(and.$arg1(), out);
            equalities(and.$arg2(), out);
        } else if (c instanceof QOM.Eq<?> eq) {
            if (eq.$arg1() instanceof TableField<?, ?> && eq.$arg2() instanceof Param<?>) {
                out.putIfAbsent(eq.$arg1().getName(), eq.$arg2());
            } else if (eq.$arg2() instanceof TableField<?, ?> && eq.$arg1() instanceof Param<?>) {
                out.putIfAbsent(eq.$arg2().getName(), eq.$arg1());
            }
        }
    }

    private static String uniqueResource(SchemaCatalog.UniqueKey uk) {
        return uk.table() + "#" + String.join(",", uk.columns());
    }

    // ---- tables -------------------------------------------------------------------------------------------

    private String tableKey(Table<?> t) {
        return catalogKey(t, catalog);
    }

    /**
     * The catalog key of a table a statement names (through an alias too), or null when it is a join, a derived
     * table or a name the catalog does not know.
     */
    static String catalogKey(Table<?> t, SchemaCatalog catalog) {
        Table<?> base = t instanceof QOM.TableAlias<?> a ? a.$table() : t;
        if (base instanceof QOM.TableAlias<?> || base instanceof QOM.Join<?> || base instanceof QOM.DerivedTable<?>) {
            return null;
        }
        String key = GeneratedColumns.key(base.getQualifiedName().getName());
        return catalog.tables().containsKey(key) || catalog.baseTable(key) ? key : null;
    }

    /**
     * The catalog keys of the tables in the FROM clause of every query inside a part (subqueries, derived tables),
     * found by rendering it with a listener; a table the catalog does not know (a common table expression, another
     * schema) makes the statement lock the database.
     */
    private Set<String> tablesIn(QueryPart part) {
        Set<String> out = new LinkedHashSet<>();
        DefaultVisitListener collect = new DefaultVisitListener() {
            @Override
            public void visitStart(VisitContext ctx) {
                if (ctx.queryPart() instanceof Select<?> s) {
                    for (Table<?> t : s.$from()) {
                        fromTables(t, out);
                    }
                }
            }
        };
        DSL.using(new DefaultConfiguration().set(SQLDialect.H2).set(new DefaultVisitListenerProvider(collect))).render(part);
        if (part instanceof Select<?> s) {
            for (Table<?> t : s.$from()) {
                fromTables(t, out);
            }
        }
        return out;
    }

    private void fromTables(Table<?> t, Set<String> out) {
        if (t instanceof QOM.Join<?> j) {
            fromTables(j.$table1(), out);
            fromTables(j.$table2(), out);
            return;
        }
        Table<?> base = t instanceof QOM.TableAlias<?> a ? a.$table() : t;
        if (base instanceof QOM.DerivedTable<?> || base instanceof QOM.TableAlias<?> || base.getName().isEmpty()) {
            return; // a derived table: its query is visited on its own
        }
        String key = tableKey(t);
        if (key != null) {
            out.add(key);
        } else if (!(base instanceof org.jooq.TableLike<?> && base.getClass().getSimpleName().contains("Dual"))) {
            exclusive = true;
        }
    }

}
