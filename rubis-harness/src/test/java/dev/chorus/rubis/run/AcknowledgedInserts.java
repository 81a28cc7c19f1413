package dev.chorus.rubis.run;

import java.sql.Connection;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the rows each INSERT put into a table once Chorus acknowledged it to a servlet: at the commit that
 * returned, or at once in auto-commit mode. The oracle for "no acknowledged commit lost or doubled".
 */
final class AcknowledgedInserts {
    private final Map<String, java.util.concurrent.atomic.AtomicLong> rows = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.function.BiConsumer<String, Long> listener;

    /** Counts only. */
    AcknowledgedInserts() {
        this((table, n) -> {
        });
    }

    /** @param listener told of each acknowledged insert's table and row count, on the thread that committed */
    AcknowledgedInserts(java.util.function.BiConsumer<String, Long> listener) {
        this.listener = listener;
    }

    long rows(String table) {
        java.util.concurrent.atomic.AtomicLong n = rows.get(table);
        return n == null ? 0 : n.get();
    }

    private void add(Map<String, Long> inserted) {
        inserted.forEach((t, n) -> {
            rows.computeIfAbsent(t, k -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(n);
            listener.accept(t, n);
        });
    }

    javax.sql.DataSource wrap(javax.sql.DataSource ds) {
        return proxy(javax.sql.DataSource.class, (p, m, a) -> {
            Object r = invoke(ds, m, a);
            return r instanceof Connection c ? connection(c) : r;
        });
    }

    private Connection connection(Connection c) {
        Map<String, Long> pending = new java.util.HashMap<>();
        return proxy(Connection.class, (p, m, a) -> {
            Object r = invoke(c, m, a);
            switch (m.getName()) {
                case "commit" -> {
                    synchronized (pending) {
                        add(pending);
                        pending.clear();
                    }
                }
                case "rollback", "close" -> {
                    synchronized (pending) {
                        pending.clear();
                    }
                }
                case "prepareStatement" -> {
                    String table = insertedTable((String) a[0]);
                    if (table != null) {
                        java.sql.PreparedStatement ps = (java.sql.PreparedStatement) r;
                        return proxy(java.sql.PreparedStatement.class, (p2, m2, a2) -> {
                            Object r2 = invoke(ps, m2, a2);
                            if (m2.getName().equals("executeUpdate") && (a2 == null || a2.length == 0)) {
                                Map<String, Long> one = Map.of(table, (long) (Integer) r2);
                                if (c.getAutoCommit()) {
                                    add(one);
                                } else {
                                    synchronized (pending) {
                                        pending.merge(table, (long) (Integer) r2, Long::sum);
                                    }
                                }
                            }
                            return r2;
                        });
                    }
                }
                default -> {
                }
            }
            return r;
        });
    }

    private static String insertedTable(String sql) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)^\\s*INSERT\\s+INTO\\s+(\\w+)").matcher(sql);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler h) {
        return (T) java.lang.reflect.Proxy.newProxyInstance(AcknowledgedInserts.class.getClassLoader(), new Class<?>[] {type}, h);
    }
}

