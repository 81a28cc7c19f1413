package dev.chorus.driver.bench;

import dev.chorus.coordinator.Maintenance;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;

/**
 * What verification and recovery of a SUSPECT replica cost with the database under a steady write load: a RUBiS
 * {@code items}-like table of about 10 MB (canonical row text; 25,000 rows of about 400 bytes) on H2, Derby and
 * HSQLDB in memory, 4 clients updating random items by key in auto-commit. One replica's rows are changed behind
 * Chorus's back (100 rows), then {@code verify()} finds it and {@code recover()} repairs it. Reports the time of
 * each, the pause recovery imposed, the clients' throughput before and during, and the longest any client waited for
 * one statement in each phase.
 *
 * <p>Run with {@code mvn -B -pl driver -am -Pbench-recovery -DskipTests verify}; argument: the number of rows
 * (default 25,000).
 */
public final class RecoveryBenchmark {
    private static final int CLIENTS = 4;

    private RecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        String name = TestDatabases.uniqueName("bench_recovery");
        var config = TestDatabases.config(name, Map.of("reads", "quorum", "statementTimeout", "120s", "lockWaitTimeout", "120s"),
                "h2", "derby", "hsqldb");
        try (ChorusDataSource ds = new ChorusDataSource(config)) {
            ItemsLoad.createItems(ds, rows, 500);
            ItemsLoad load = new ItemsLoad(ds, rows, CLIENTS);
            Thread.sleep(3_000); // warm-up
            ItemsLoad.Phase before = load.phase(5_000, null);
            ReplicaConfig derby = config.replicas().get(1);
            try (Connection direct = TestDatabases.direct(derby); Statement s = direct.createStatement()) {
                s.executeUpdate("UPDATE items SET quantity = quantity + 1000 WHERE id < 100");
            }
            StringBuilder report = new StringBuilder();
            try (Connection c = ds.getConnection()) {
                ChorusConnection cc = c.unwrap(ChorusConnection.class);
                long[] verifyNanos = new long[1];
                Maintenance.RecoveryReport[] recovered = new Maintenance.RecoveryReport[1];
                ItemsLoad.Phase during = load.phase(0, () -> {
                    long start = System.nanoTime();
                    Maintenance.VerifyReport v = cc.verify();
                    verifyNanos[0] = System.nanoTime() - start;
                    if (v.allEqual()) {
                        throw new IllegalStateException("verify missed the changed rows");
                    }
                    recovered[0] = cc.recover("derby");
                });
                load.close();
                if (!cc.verify().allEqual()) {
                    throw new IllegalStateException("the replicas differ after recovery");
                }
                report.append(String.format(Locale.ROOT, "rows: %,d; clients: %d (auto-commit updates by key)%n", rows, CLIENTS));
                report.append(String.format(Locale.ROOT, "verify: %d ms; recover: %d rows in %s repaired, statements paused %d ms%n",
                        verifyNanos[0] / 1_000_000, recovered[0].rowsChanged(), recovered[0].tablesRepaired(),
                        recovered[0].pause().toMillis()));
                report.append(String.format(Locale.ROOT, "before: %.0f updates/s, longest statement %d ms%n", before.rate(),
                        before.longestMillis()));
                report.append(String.format(Locale.ROOT, "during verify + recover (%d ms): %.0f updates/s (%.2f of before),"
                        + " longest statement %d ms%n", during.millis(), during.rate(), during.rate() / before.rate(), during.longestMillis()));
            }
            System.out.print(report);
        }
    }
}
