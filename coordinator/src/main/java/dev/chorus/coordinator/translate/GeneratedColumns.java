package dev.chorus.coordinator.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns whose values the coordinator chooses instead of the replicas: identity and auto-increment columns
 * (numbered from per-table counters) and columns whose DEFAULT is the clock, a random number or a UUID. Replicas
 * get these tables without the identity or default; every INSERT that leaves such a column out (or writes
 * DEFAULT) is given the coordinator's value, so every replica stores the same one and {@code getGeneratedKeys()}
 * is exact.
 *
 * <p>The catalog and the counters are part of the replicated state: they live in the table {@value #TABLE} on every
 * replica, written in the same replica transaction as the statement that changes them, and read back (voted)
 * when a coordinator starts. A counter never goes back, also when the transaction that drew a value rolls back:
 * as on H2, a rolled-back insert leaves a gap.
 *
 * <p>Thread-safe.
 */
public final class GeneratedColumns {
    /** The replicated catalog table, quoted, in Chorus's own schema. */
    public static final String TABLE = "\"CHORUS\".\"GENERATED_COLUMNS\"";
    public static final String CREATE_SCHEMA = "CREATE SCHEMA \"CHORUS\"";
    public static final String CREATE_TABLE = "CREATE TABLE " + TABLE + " (\"TABLE_NAME\" VARCHAR(512) NOT NULL,"
            + " \"COLUMN_NAME\" VARCHAR(512) NOT NULL, \"KIND\" VARCHAR(16) NOT NULL, \"ORDINAL\" INT NOT NULL,"
            + " \"JDBC_TYPE\" INT NOT NULL, \"ALWAYS_GENERATED\" INT NOT NULL, \"INCREMENT_BY\" BIGINT NOT NULL,"
            + " \"NEXT_VALUE\" BIGINT NOT NULL, PRIMARY KEY (\"TABLE_NAME\", \"COLUMN_NAME\"))";
    /**
     * The catalog as part of a database's state (its counters must survive recovery): the same SQL on every engine,
     * because Chorus creates the table with quoted upper-case names everywhere.
     */
    /** The catalog table's name in {@link dev.chorus.coordinator.translate.Translator#tables()} and write sets. */
    public static final String STATE_TABLE_NAME = "CHORUS.GENERATED_COLUMNS";
    static final java.util.function.Function<java.util.Set<dev.chorus.coordinator.Engine>, CapturePlan.Table> STATE_TABLE = engines -> {
        List<String> columns = List.of("TABLE_NAME", "COLUMN_NAME", "KIND", "ORDINAL", "JDBC_TYPE", "ALWAYS_GENERATED",
                "INCREMENT_BY", "NEXT_VALUE");
        String read = "SELECT \"" + String.join("\", \"", columns) + "\" FROM " + TABLE;
        java.util.Map<dev.chorus.coordinator.Engine, String> reads = new java.util.EnumMap<>(dev.chorus.coordinator.Engine.class);
        engines.forEach(e -> reads.put(e, read));
        return new CapturePlan.Table(STATE_TABLE_NAME, columns, List.of("TABLE_NAME", "COLUMN_NAME"), reads, null);
    };

    public static final String SELECT = "SELECT \"TABLE_NAME\", \"COLUMN_NAME\", \"KIND\", \"ORDINAL\", \"JDBC_TYPE\","
            + " \"ALWAYS_GENERATED\", \"INCREMENT_BY\", \"NEXT_VALUE\" FROM " + TABLE;
    public static final String INSERT = "INSERT INTO " + TABLE + " (\"TABLE_NAME\", \"COLUMN_NAME\", \"KIND\", \"ORDINAL\","
            + " \"JDBC_TYPE\", \"ALWAYS_GENERATED\", \"INCREMENT_BY\", \"NEXT_VALUE\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    public static final String DELETE = "DELETE FROM " + TABLE + " WHERE \"TABLE_NAME\" = ?";
    public static final String ADVANCE = "UPDATE " + TABLE + " SET \"NEXT_VALUE\" = ? WHERE \"TABLE_NAME\" = ? AND \"COLUMN_NAME\" = ?";

    /** What the coordinator puts into a generated column. */
    public enum Kind {
        /** The next value of the column's counter. */
        IDENTITY,
        /** The statement's timestamp (DEFAULT CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP). */
        TIMESTAMP,
        /** The statement's date (DEFAULT CURRENT_DATE). */
        DATE,
        /** The statement's time of day (DEFAULT CURRENT_TIME). */
        TIME,
        /** The statement's random number (DEFAULT RAND()). */
        RANDOM,
        /** The statement's UUID (DEFAULT RANDOM_UUID()). */
        UUID
    }

    /**
     * One generated column.
     *
     * @param table     the table's key: its name, qualified by its schema when the DDL qualified it
     * @param name      the column's name as the engines store it
     * @param kind      what fills it
     * @param ordinal   the column's position in the table, from 0
     * @param jdbcType  its {@link java.sql.Types} code (for the generated-keys result)
     * @param always    GENERATED ALWAYS: an explicit value is refused, as the application dialect does
     * @param increment the counter's step (IDENTITY)
     */
    public record Column(String table, String name, Kind kind, int ordinal, int jdbcType, boolean always, long increment) {
        public boolean identity() {
            return kind == Kind.IDENTITY;
        }
    }

    private final Map<String, List<Column>> byTable = new ConcurrentHashMap<>();
    private final Map<String, Long> next = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile boolean tableCreated;

    /** The key of a table: the parts of its name (schema, table) joined by a dot. */
    public static String key(String... nameParts) {
        StringBuilder sb = new StringBuilder();
        for (String p : nameParts) {
            if (p != null && !p.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : ".").append(p);
            }
        }
        return sb.toString();
    }

    public List<Column> of(String table) {
        return byTable.getOrDefault(table, List.of());
    }

    public boolean loaded() {
        return loaded;
    }

    /** Whether the catalog table exists on the replicas (it is created with the first generated column). */
    public boolean tableCreated() {
        return tableCreated;
    }

    /**
     * Replaces the catalog with rows read (and voted) from the replicas, in {@link #SELECT}'s column order, or with
     * nothing when the table does not exist yet ({@code rows == null}).
     */
    public synchronized void load(List<Object[]> rows) {
        byTable.clear();
        next.clear();
        tableCreated = rows != null;
        if (rows != null) {
            for (Object[] r : rows) {
                Column c = new Column((String) r[0], (String) r[1], Kind.valueOf(((String) r[2]).trim().toUpperCase(Locale.ROOT)),
                        ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), ((Number) r[5]).intValue() != 0,
                        ((Number) r[6]).longValue());
                byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
                next.put(counterKey(c), ((Number) r[7]).longValue());
            }
            byTable.replaceAll((t, cols) -> List.copyOf(cols));
        }
        loaded = true;
    }

    /** Records the generated columns of a table the replicas just created, with each counter's first value. */
    public synchronized void created(String table, List<Column> columns, Map<String, Long> firstValues) {
        byTable.put(table, List.copyOf(columns));
        for (Column c : columns) {
            next.put(counterKey(c), firstValues.getOrDefault(c.name(), 1L));
        }
        tableCreated = true;
    }

    public synchronized void dropped(String table) {
        List<Column> gone = byTable.remove(table);
        if (gone != null) {
            gone.forEach(c -> next.remove(counterKey(c)));
        }
    }

    /**
     * Draws {@code count} values from an identity column's counter.
     *
     * @return the values, and after them the counter's next value (to persist)
     */
    public synchronized long[] draw(Column c, int count) {
        long value = next.getOrDefault(counterKey(c), 1L);
        long[] out = new long[count + 1];
        for (int i = 0; i < count; i++) {
            out[i] = value;
            value = Math.addExact(value, c.increment());
        }
        out[count] = value;
        next.put(counterKey(c), value);
        return out;
    }

    private static String counterKey(Column c) {
        return c.table() + '\u0000' + c.name();
    }
}
