package dev.chorus.coordinator;

import java.util.Locale;

/** The database engines Chorus knows by name; anything else is {@link #OTHER} and used through plain JDBC. */
public enum Engine {
    H2("jdbc:h2:"), DERBY("jdbc:derby:"), HSQLDB("jdbc:hsqldb:"), POSTGRESQL("jdbc:postgresql:"), OTHER("");

    private final String urlPrefix;

    Engine(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /**
     * The engine a JDBC URL names. The engine's URL may be wrapped by another driver (a test's fault injector, a
     * statement logger), so the engine prefix is searched anywhere in the URL, first occurrence wins.
     */
    public static Engine of(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        Engine found = OTHER;
        int at = Integer.MAX_VALUE;
        for (Engine e : values()) {
            if (e == OTHER) {
                continue;
            }
            int i = lower.indexOf(e.urlPrefix);
            if (i >= 0 && i < at) {
                at = i;
                found = e;
            }
        }
        return found;
    }

    /** The engine of a name such as {@code h2} or {@code DERBY}; null for an unknown one. */
    public static Engine named(String name) {
        for (Engine e : values()) {
            if (e != OTHER && e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }

    /** Whether Chorus can make a new database of this engine itself, in this JVM (H2, Derby, HSQLDB). */
    public boolean embeddable() {
        return this == H2 || this == DERBY || this == HSQLDB;
    }

    /**
     * The engine a new replica database is made on, from its name ({@code h2}, {@code derby}, {@code hsqldb}); null
     * for null (the replica's own).
     *
     * @throws java.sql.SQLException (22023) for a name that is not an engine Chorus can make a database of
     */
    public static Engine forNewDatabase(String name) throws java.sql.SQLException {
        if (name == null) {
            return null;
        }
        Engine e = named(name);
        if (e == null || !e.embeddable()) {
            throw new java.sql.SQLException("unknown engine '" + name + "' for a new replica database: h2, derby or hsqldb", "22023");
        }
        return e;
    }

    /**
     * Whether a plain read takes shared locks that make it wait for open writers (Derby, at READ COMMITTED): a
     * replica to read a whole table from while the service writes is better another engine.
     */
    public boolean readsWaitForWriters() {
        return this == DERBY;
    }

    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
