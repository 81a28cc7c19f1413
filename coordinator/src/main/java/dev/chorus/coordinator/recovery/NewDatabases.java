package dev.chorus.coordinator.recovery;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ReplicaConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Where state transfer makes a replica's next database: in memory when the replica's database is in memory, else
 * in a directory of its own under {@code dataDir/replicas/}. Chorus makes databases of the embedded engines only
 * (H2, Derby, HSQLDB); a replica on a server gets none (it is repaired in place).
 */
public final class NewDatabases {
    private static final Logger LOG = LoggerFactory.getLogger(NewDatabases.class);

    private NewDatabases() {
    }

    /**
     * A new, empty database for a replica.
     *
     * @return null when Chorus cannot make one for it (a server replica, or one on disk without a {@code dataDir})
     */
    public static ReplicaConfig next(ChorusConfig config, ReplicaConfig current, Engine engine) {
        if (!engine.embeddable()) {
            return null;
        }
        String unique = config.name() + "_" + current.name() + "_" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        unique = unique.replaceAll("[^A-Za-z0-9_]", "_");
        if (inMemory(current.url())) {
            return switch (engine) {
                case H2 -> new ReplicaConfig(current.name(), "jdbc:h2:mem:chorus_" + unique + ";DB_CLOSE_DELAY=-1", "sa", "", "SHUTDOWN");
                case DERBY -> new ReplicaConfig(current.name(), "jdbc:derby:memory:chorus_" + unique + ";create=true", null, null, null);
                case HSQLDB -> new ReplicaConfig(current.name(), "jdbc:hsqldb:mem:chorus_" + unique, "SA", "", "SHUTDOWN");
                default -> null;
            };
        }
        if (config.dataDir() == null || !current.engine().embeddable()) {
            return null;
        }
        Path dir = config.dataDir().resolve("replicas").resolve(unique);
        return switch (engine) {
            case H2 -> new ReplicaConfig(current.name(), "jdbc:h2:file:" + dir.resolve("chorus") + ";WRITE_DELAY=0", "sa", "", null);
            case DERBY -> new ReplicaConfig(current.name(), "jdbc:derby:" + dir.resolve("derby") + ";create=true", null, null, null);
            case HSQLDB -> new ReplicaConfig(current.name(), "jdbc:hsqldb:file:" + dir.resolve("chorus") + ChorusConfig.HSQLDB_FILE_OPTIONS,
                    "SA", "", "SHUTDOWN");
            default -> null;
        };
    }

    static boolean inMemory(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.contains("jdbc:h2:mem:") || u.contains("jdbc:derby:memory:") || u.contains("jdbc:hsqldb:mem:");
    }

    /**
     * Deletes the files of a database Chorus made under {@code dataDir/replicas/} (after its pool was closed); a
     * database elsewhere (the configured one) is left for the operator.
     */
    public static void delete(ChorusConfig config, ReplicaConfig db) {
        if (config.dataDir() == null || inMemory(db.url())) {
            return;
        }
        Path root = config.dataDir().resolve("replicas");
        String url = db.url();
        int at = url.indexOf(root.toString());
        if (at < 0) {
            return;
        }
        String rest = url.substring(at + root.toString().length() + 1);
        int slash = rest.indexOf('/');
        Path dir = root.resolve(slash < 0 ? rest : rest.substring(0, slash));
        if (Engine.of(url) == Engine.DERBY) {
            try {
                java.sql.DriverManager.getConnection("jdbc:derby:" + dir.resolve("derby") + ";shutdown=true").close();
            } catch (java.sql.SQLException e) {
                // Derby reports a successful shutdown as an exception (08006)
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("deleting {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete the retired database {}: {}", dir, e.toString());
        }
    }
}
