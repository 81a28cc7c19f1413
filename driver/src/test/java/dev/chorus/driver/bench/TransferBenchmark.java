package dev.chorus.driver.bench;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Maintenance;
import dev.chorus.coordinator.StateTransfer;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Log-based versus snapshot-based state transfer under a steady write load: a Chorus database on disk
 * ({@code jdbc:chorus:file:}, H2 + Derby + HSQLDB, write-set log with fsync at commit) with a RUBiS {@code
 * items}-like table (about 400 bytes of canonical text per row), 4 clients updating random items by key in
 * auto-commit. A checkpoint is taken, the load goes on 5 s, then the Derby replica is moved to a new Derby database
 * from the checkpoint and the log; then, with the checkpoints removed, once more from a snapshot of the replicas.
 * Reports per operation its time, the bytes transferred, the commits replayed, the pause, the clients' throughput
 * during it as a fraction of before, and the longest any client waited for one statement.
 *
 * <p>Run with {@code mvn -B -pl driver -am -Pbench-transfer -DskipTests verify -Dtransfer.rows=25000}
 * (25,000 rows: about 10 MB; 250,000: about 100 MB).
 */
public final class TransferBenchmark {
    private static final int CLIENTS = 4;

    private TransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        Path dir = Files.createTempDirectory("chorus-transfer-bench");
        ChorusConfig config = ChorusConfig.embedded(TestDatabases.uniqueName("bench_transfer"), dir,
                Map.of("recovery", "manual", "statementTimeout", "300s", "lockWaitTimeout", "300s", "maxLag", "300s"));
        StringBuilder report = new StringBuilder();
        try (ChorusDataSource ds = new ChorusDataSource(config)) {
            long loadStart = System.nanoTime();
            ItemsLoad.createItems(ds, rows, 1000);
            report.append(String.format(Locale.ROOT, "rows: %,d, loaded in %d s; clients: %d (auto-commit updates by key, log fsync at"
                    + " commit)%n", rows, (System.nanoTime() - loadStart) / 1_000_000_000L, CLIENTS));
            ItemsLoad load = new ItemsLoad(ds, rows, CLIENTS);
            try (Connection c = ds.getConnection()) {
                ChorusConnection cc = c.unwrap(ChorusConnection.class);
                Thread.sleep(3_000); // warm-up
                ItemsLoad.Phase before = load.phase(5_000, null);
                report.append(String.format(Locale.ROOT, "before: %.0f updates/s, longest statement %d ms%n", before.rate(),
                        before.longestMillis()));
                Maintenance.CheckpointReport[] cp = new Maintenance.CheckpointReport[1];
                ItemsLoad.Phase checkpoint = load.phase(0, () -> cp[0] = cc.checkpoint());
                report.append(String.format(Locale.ROOT, "checkpoint: %d ms, %,d bytes, writes paused %d ms; throughput %.2f of before,"
                        + " longest statement %d ms%n", checkpoint.millis(), cp[0].bytes(), cp[0].pause().toMillis(),
                        checkpoint.rate() / before.rate(), checkpoint.longestMillis()));
                Thread.sleep(5_000); // the log grows past the checkpoint
                StateTransfer.Report[] t = new StateTransfer.Report[1];
                ItemsLoad.Phase logBased = load.phase(0, () -> t[0] = cc.transfer("derby", null));
                report.append(line("log-based transfer", t[0], logBased, before));
                try (Stream<Path> cps = Files.list(dir.resolve("log").resolve("checkpoints"))) {
                    for (Path p : cps.toList()) {
                        delete(p);
                    }
                }
                ItemsLoad.Phase snapshot = load.phase(0, () -> t[0] = cc.transfer("derby", null));
                report.append(line("snapshot transfer", t[0], snapshot, before));
                load.close();
                if (!cc.verify().allEqual()) {
                    throw new IllegalStateException("the replicas differ after the transfers");
                }
            }
        } finally {
            delete(dir);
        }
        System.out.print(report);
    }

    private static String line(String what, StateTransfer.Report t, ItemsLoad.Phase p, ItemsLoad.Phase before) {
        return String.format(Locale.ROOT, "%s (%s): %d ms, %,d bytes, %,d rows loaded, %,d commits replayed, pause %d ms;"
                        + " throughput %.2f of before, longest statement %d ms%n", what, t.source(), t.total().toMillis(), t.bytesLoaded(),
                t.rowsLoaded(), t.commitsReplayed(), t.pause().toMillis(), p.rate() / before.rate(), p.longestMillis());
    }

    private static void delete(Path p) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
