package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Coordinator;
import dev.chorus.coordinator.SqlStates;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinators running in this JVM, by database identity: every connection to the same database shares one
 * coordinator, so that a pool's connections are ordered together. A coordinator runs until it is shut down
 * ({@link ChorusDriver#shutdown(String)}, {@link ChorusDataSource#close()}) or the JVM exits; in-memory replicas
 * keep their data until then, like H2's {@code DB_CLOSE_DELAY=-1}.
 */
final class Coordinators {
    private static final Map<String, Coordinator> RUNNING = new ConcurrentHashMap<>();

    static {
        Thread hook = new Thread(Coordinators::shutdownAll, "chorus-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private Coordinators() {
    }

    /**
     * The running coordinator of {@code identity}, started with {@code config} if there is none. A later caller
     * with different settings is refused rather than silently given the first caller's.
     */
    static Coordinator get(String identity, ChorusConfig config) throws SQLException {
        Coordinator c = RUNNING.get(identity);
        if (c == null || c.isClosed()) {
            synchronized (Coordinators.class) {
                c = RUNNING.get(identity);
                if (c == null || c.isClosed()) {
                    c = Coordinator.start(config);
                    RUNNING.put(identity, c);
                }
            }
        }
        if (!c.config().equals(config)) {
            throw new SQLNonTransientConnectionException("Chorus database " + identity + " is already running with other settings: "
                    + c.config() + "; this connection asked for " + config, SqlStates.CONNECTION_REJECTED);
        }
        return c;
    }

    static Coordinator running(String identity) {
        return RUNNING.get(identity);
    }

    static boolean shutdown(String identity) {
        Coordinator c = RUNNING.remove(identity);
        if (c == null) {
            return false;
        }
        c.close();
        return true;
    }

    private static void shutdownAll() {
        for (String id : List.copyOf(RUNNING.keySet())) {
            shutdown(id);
        }
    }
}
