package dev.chorus.coordinator.translate;

import org.jooq.AggregateFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.UniqueKey;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

import java.util.ArrayList;
import java.util.List;

/**
 * ORDER BY rewrites of a top-level SELECT with LIMIT or OFFSET, made before rendering so that every engine runs the
 * same order:
 * <ul>
 *   <li>a total order, so that engines cannot pick different rows: the primary keys of the tables in FROM are
 *       appended (the GROUP BY expressions for a grouped query, the select list's positions for a DISTINCT one or
 *       where a table has no key);</li>
 *   <li>for speed, columns the WHERE clause fixes by equality are put first, in the direction of the first ORDER BY
 *       item ({@code WHERE category = ? ORDER BY id DESC} becomes {@code ORDER BY category DESC, id DESC}), so that
 *       an index on (category, id) gives the order without a sort. The order is the same: those columns are
 *       constant.</li>
 * </ul>
 * Needs the column types and keys of the {@link SchemaCatalog}; without them the query is left as it is.
 */
final class Ordering {
    private Ordering() {
    }

    /**
     * The select with its ORDER BY rewritten, or the select itself when there is nothing to do.
     *
     * @param outerJoin whether the query may have outer joins (where a key column can be NULL)
     * @param notNull   receives the ORDER BY items added that are never NULL in the result (columns WHERE fixes,
     *                  keys without outer joins), which need no NULL ordering
     */
    static Select<?> rewrite(Select<?> s, boolean outerJoin, java.util.Set<Field<?>> notNull) {
        if (s.$limit() == null && s.$offset() == null || s.$from().isEmpty() || s.$limitWithTies() || s.$limitPercent()) {
            return s;
        }
        List<SortField<?>> order = new ArrayList<>(s.$orderBy());
        if (s.$groupBy().isEmpty() && !s.$distinct() && !order.isEmpty()) {
            prependFixedColumns(s, order, notNull);
        }
        List<Field<?>> tieBreakers = tieBreakers(s);
        if (tieBreakers == null) {
            return order.equals(s.$orderBy()) ? s : s.$orderBy(order);
        }
        SortOrder direction = order.isEmpty() ? SortOrder.ASC : order.get(order.size() - 1).$sortOrder();
        for (Field<?> f : tieBreakers) {
            if (!ordersBy(order, f)) {
                order.add(direction == SortOrder.DESC ? f.desc() : f.asc());
                if (!outerJoin && !f.getDataType().nullable()) {
                    notNull.add(f);
                }
            }
        }
        return s.$orderBy(order);
    }

    /**
     * What makes the order total: the tables' primary keys, the GROUP BY expressions, or the select list's
     * positions; null when none is known (a table without a known key and a select list with {@code *}).
     */
    private static List<Field<?>> tieBreakers(Select<?> s) {
        if (!s.$groupBy().isEmpty()) {
            List<Field<?>> out = new ArrayList<>();
            for (Object g : s.$groupBy()) {
                if (!(g instanceof Field<?> f)) {
                    return null;
                }
                out.add(f);
            }
            return out;
        }
        if (s.$select().stream().anyMatch(f -> f instanceof AggregateFunction<?>)) {
            return null;
        }
        if (!s.$distinct()) {
            List<Field<?>> keys = new ArrayList<>();
            if (primaryKeys(s.$from(), keys)) {
                return keys;
            }
        }
        List<Field<?>> positions = new ArrayList<>();
        int i = 1;
        for (SelectFieldOrAsterisk f : s.$select()) {
            if (!(f instanceof Field<?> field)) {
                return null;
            }
            String type = field.getDataType().getTypeName();
            if (!type.contains("lob") && !type.contains("binary")) {
                positions.add(DSL.inline(i));
            }
            i++;
        }
        return positions;
    }

    /** Adds every table's primary key columns, qualified as the query names the table; false if one has none. */
    private static boolean primaryKeys(List<? extends Table<?>> from, List<Field<?>> out) {
        for (Table<?> t : from) {
            if (t instanceof QOM.Join<?> j) {
                if (!primaryKeys(List.of(j.$table1(), j.$table2()), out)) {
                    return false;
                }
                continue;
            }
            UniqueKey<?> pk = t.getPrimaryKey();
            if (pk == null || pk.getFields().isEmpty()) {
                return false;
            }
            for (TableField<?, ?> f : pk.getFields()) {
                out.add(DSL.field(t.getQualifiedName().append(f.getUnqualifiedName()), f.getDataType()));
            }
        }
        return true;
    }

    /** Puts the single table's columns that WHERE fixes by equality in front, in the first item's direction. */
    private static void prependFixedColumns(Select<?> s, List<SortField<?>> order, java.util.Set<Field<?>> added) {
        if (s.$from().size() != 1 || s.$from().get(0) instanceof QOM.Join<?> || s.$where() == null) {
            return;
        }
        List<Field<?>> fixed = new ArrayList<>();
        equalities(s.$where(), fixed);
        SortOrder direction = order.get(0).$sortOrder();
        List<SortField<?>> front = new ArrayList<>();
        for (Field<?> f : fixed) {
            if (!ordersBy(order, f) && front.stream().noneMatch(x -> same(x.$field(), f))) {
                front.add(direction == SortOrder.DESC ? f.desc() : f.asc());
                added.add(f);
            }
        }
        order.addAll(0, front);
    }

    private static void equalities(Condition c, List<Field<?>> out) {
        if (c instanceof QOM.And and) {
            equalities(and.$arg1(), out);
            equalities(and.$arg2(), out);
        } else if (c instanceof QOM.Eq<?> eq) {
            if (column(eq.$arg1()) && eq.$arg2() instanceof Param<?>) {
                out.add(eq.$arg1());
            } else if (column(eq.$arg2()) && eq.$arg1() instanceof Param<?>) {
                out.add(eq.$arg2());
            }
        }
    }

    private static boolean column(Field<?> f) {
        return f instanceof TableField<?, ?> tf && tf.getTable() != null;
    }

    private static boolean ordersBy(List<SortField<?>> order, Field<?> f) {
        return order.stream().anyMatch(sf -> same(sf.$field(), f));
    }

    private static boolean same(Field<?> a, Field<?> b) {
        // an unqualified name matches the column of that name; qualified ones must match as a whole
        boolean bothQualified = a.getQualifiedName().qualified() && b.getQualifiedName().qualified();
        return bothQualified ? a.getQualifiedName().equals(b.getQualifiedName()) : a.getUnqualifiedName().equals(b.getUnqualifiedName());
    }
}
