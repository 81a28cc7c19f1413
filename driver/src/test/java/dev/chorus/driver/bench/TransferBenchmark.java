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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100), description VARCHAR(400),"
                        + " initial_price DOUBLE NOT NULL, quantity INT NOT NULL, nb_of_bids INT, max_bid DOUBLE, seller INT, category INT)");
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
                    for (int i = 0; i < rows; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "RUBiS automatically generated item #" + i);
                        ps.setString(3, "This incredible item is exactly what you need ! ".repeat(6));
                        ps.setDouble(4, 1 + i % 100);
                        ps.setInt(5, 1 + i % 10);
                        ps.setInt(6, i % 1000);
                        ps.setInt(7, i % 20);
                        ps.addBatch();
                        if (i % 1000 == 999) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
            report.append(String.format(Locale.ROOT, "rows: %,d, loaded in %d s; clients: %d (auto-commit updates by key, log fsync at"
                    + " commit)%n", rows, (System.nanoTime() - loadStart) / 1_000_000_000L, CLIENTS));
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder done = new LongAdder();
            AtomicLong longest = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                Thread w = new Thread(() -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("UPDATE items SET nb_of_bids = nb_of_bids + 1, max_bid = ? WHERE id = ?")) {
                        while (!stop.get()) {
                            ps.setDouble(1, ThreadLocalRandom.current().nextInt(1000));
                            ps.setInt(2, ThreadLocalRandom.current().nextInt(rows));
                            long start = System.nanoTime();
                            ps.executeUpdate();
                            longest.accumulateAndGet(System.nanoTime() - start, Math::max);
                            done.increment();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                w.start();
                clients.add(w);
            }
            try (Connection c = ds.getConnection()) {
                ChorusConnection cc = c.unwrap(ChorusConnection.class);
                Thread.sleep(3_000); // warm-up
                Phase before = phase(done, longest, 5_000, null);
                report.append(String.format(Locale.ROOT, "before: %.0f updates/s, longest statement %d ms%n", before.rate(),
                        before.longestMillis()));
                Maintenance.CheckpointReport[] cp = new Maintenance.CheckpointReport[1];
                Phase checkpoint = phase(done, longest, 0, () -> cp[0] = cc.checkpoint());
                report.append(String.format(Locale.ROOT, "checkpoint: %d ms, %,d bytes, writes paused %d ms; throughput %.2f of before,"
                        + " longest statement %d ms%n", checkpoint.millis(), cp[0].bytes(), cp[0].pause().toMillis(),
                        checkpoint.rate() / before.rate(), checkpoint.longestMillis()));
                Thread.sleep(5_000); // the log grows past the checkpoint
                StateTransfer.Report[] t = new StateTransfer.Report[1];
                Phase logBased = phase(done, longest, 0, () -> t[0] = cc.transfer("derby", null));
                report.append(line("log-based transfer", t[0], logBased, before));
                try (Stream<Path> cps = Files.list(dir.resolve("log").resolve("checkpoints"))) {
                    for (Path p : cps.toList()) {
                        delete(p);
                    }
                }
                Phase snapshot = phase(done, longest, 0, () -> t[0] = cc.transfer("derby", null));
                report.append(line("snapshot transfer", t[0], snapshot, before));
                stop.set(true);
                for (Thread w : clients) {
                    w.join();
                }
                if (!cc.verify().allEqual()) {
                    throw new IllegalStateException("the replicas differ after the transfers");
                }
            }
        } finally {
            delete(dir);
        }
        System.out.print(report);
    }

    private static String line(String what, StateTransfer.Report t, Phase p, Phase before) {
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

    private interface Work {
        void run() throws Exception;
    }

    private record Phase(long millis, double rate, long longestMillis) {
    }

    /** Measures the clients for a fixed time, or while {@code work} runs. */
    private static Phase phase(LongAdder done, AtomicLong longest, long millis, Work work) throws Exception {
        long before = done.sum();
        longest.set(0);
        long start = System.nanoTime();
        if (work == null) {
            Thread.sleep(millis);
        } else {
            work.run();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        return new Phase(elapsed, (done.sum() - before) * 1000.0 / Math.max(1, elapsed), longest.get() / 1_000_000);
    }
}
