package dev.chorus.coordinator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** In-memory databases of the embedded engines, for tests that run SQL on the engines themselves. */
public final class TestEngines {
    private TestEngines() {
    }

    /** A new (or the existing) in-memory database {@code name} of the engine. */
    public static Connection open(Engine engine, String name) throws SQLException {
        return switch (engine) {
            case H2 -> DriverManager.getConnection("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            case DERBY -> DriverManager.getConnection("jdbc:derby:memory:" + name + ";create=true");
            case HSQLDB -> DriverManager.getConnection("jdbc:hsqldb:mem:" + name, "SA", "");
            default -> throw new IllegalArgumentException("no in-memory " + engine + " database for tests");
        };
    }
}
