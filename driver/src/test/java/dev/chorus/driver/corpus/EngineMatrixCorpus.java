package dev.chorus.driver.corpus;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The translation corpus through Chorus on another replica set than the embedded default: the same scripts, the
 * same comparison with plain H2, the same rule (H2's answer or a clear SQLException, never a different answer).
 */
abstract class EngineMatrixCorpus extends TranslationCorpusIT {
    private static final Map<String, Open> OPEN = new ConcurrentHashMap<>();

    private record Open(ChorusConfig config, ChorusDataSource dataSource) {
    }

    /** The engines of the replica set. */
    abstract String[] engines();

    /** Faults tolerated: 1, or 2 for five replicas. */
    int f() {
        return 1;
    }

    @Override
    protected String replicaSet() {
        return String.join(", ", engines()) + " (f=" + f() + ")";
    }

    @Override
    protected Connection openChorus(String db) throws SQLException {
        ChorusConfig config = TestDatabases.config(db, Map.of("f", Integer.toString(f()), "recovery", "manual",
                "acks", "all", "statementTimeout", "30s"), engines());
        ChorusDataSource ds = new ChorusDataSource(config);
        OPEN.put(db, new Open(config, ds));
        return ds.getConnection();
    }

    @Override
    protected void closeChorus(String db) throws SQLException {
        Open open = OPEN.remove(db);
        if (open != null) {
            try {
                open.dataSource().close();
            } finally {
                TestDatabases.dropServerDatabases(open.config());
            }
        }
    }
}
