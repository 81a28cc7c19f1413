package dev.chorus.coordinator.lock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The locks one statement needs, worked out once per SQL text by the translator: each a resource and a mode, where a
 * row's key may name the application's parameters (resolved per execution with {@link #resolve}).
 *
 * @param items the locks, each on the database, a table, or a row (or unique-key value) whose key parts are literals
 *              or parameter positions
 */
public record LockPlan(List<Item> items) {
    /** The whole database exclusively: DDL and what Chorus cannot bound. */
    public static final LockPlan EXCLUSIVE = new LockPlan(List.of(new Item(null, null, LockMode.X)));

    public LockPlan {
        items = List.copyOf(items);
    }

    /**
     * One lock.
     *
     * @param table the table's catalog key (a unique key's resource is {@code TABLE#COL1,COL2}), null for the database
     * @param key   the row's key parts, or null for the whole table: each a {@link KeyPart}
     */
    public record Item(String table, List<KeyPart> key, LockMode mode) {
        public Item {
            key = key == null ? null : List.copyOf(key);
        }
    }

    /** A part of a row key: a literal value, or the application's parameter at {@code parameter} (from 0). */
    public record KeyPart(Object literal, int parameter) {
        public static KeyPart literal(Object value) {
            return new KeyPart(normalise(value), -1);
        }

        public static KeyPart parameter(int index) {
            return new KeyPart(null, index);
        }
    }

    /**
     * The lock requests of one execution.
     *
     * @param parameter the application's parameter values by position (unused when the plan names none)
     */
    public List<LockManager.Request> resolve(IntFunction<Object> parameter) {
        List<LockManager.Request> out = new ArrayList<>(items.size());
        for (Item i : items) {
            Resource r;
            if (i.table() == null) {
                r = Resource.DATABASE;
            } else if (i.key() == null) {
                r = Resource.table(i.table());
            } else {
                List<Object> key = new ArrayList<>(i.key().size());
                boolean known = true;
                for (KeyPart p : i.key()) {
                    Object v = p.parameter() >= 0 ? normalise(parameter.apply(p.parameter())) : p.literal();
                    known &= v != null;
                    key.add(v);
                }
                // a NULL key value matches no row by equality; the table lock in the same mode is the safe bound
                r = known ? Resource.row(i.table(), key) : Resource.table(i.table());
            }
            out.add(new LockManager.Request(r, i.mode()));
        }
        return out;
    }

    /** A key value in a form equal for equal SQL values: numbers of any Java type by their decimal value. */
    static Object normalise(Object v) {
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
            return normalise(new BigDecimal(n.toString()));
        }
        if (v instanceof Double || v instanceof Float) {
            return normalise(BigDecimal.valueOf(((Number) v).doubleValue()));
        }
        return v == null ? null : v instanceof String s ? "'" + s : v.getClass().getSimpleName() + ":" + v;
    }
}
