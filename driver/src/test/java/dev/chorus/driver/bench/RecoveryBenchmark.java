package dev.chorus.driver.bench;

import dev.chorus.coordinator.Maintenance;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

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
                        if (i % 500 == 499) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
            }
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
            Thread.sleep(3_000); // warm-up
            Phase before = phase(done, longest, 5_000, null);
            ReplicaConfig derby = config.replicas().get(1);
            try (Connection direct = TestDatabases.direct(derby); Statement s = direct.createStatement()) {
                s.executeUpdate("UPDATE items SET quantity = quantity + 1000 WHERE id < 100");
            }
            StringBuilder report = new StringBuilder();
            try (Connection c = ds.getConnection()) {
                ChorusConnection cc = c.unwrap(ChorusConnection.class);
                long[] verifyNanos = new long[1];
                Maintenance.RecoveryReport[] recovered = new Maintenance.RecoveryReport[1];
                Phase during = phase(done, longest, 0, () -> {
                    long start = System.nanoTime();
                    Maintenance.VerifyReport v = cc.verify();
                    verifyNanos[0] = System.nanoTime() - start;
                    if (v.allEqual()) {
                        throw new IllegalStateException("verify missed the changed rows");
                    }
                    recovered[0] = cc.recover("derby");
                });
                stop.set(true);
                for (Thread w : clients) {
                    w.join();
                }
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
