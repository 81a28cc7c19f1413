package dev.chorus.driver.bench;

import dev.chorus.driver.ChorusDriver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Throughput and latency of a mixed workload with 1, 4, 16 and 64 client threads, through Chorus (the embedded
 * default: H2, Derby and HSQLDB in memory) and on plain in-memory H2 and Derby, in the same run. Each operation is
 * one auto-committed statement on 10,000 rows: 80% a primary-key select, 20% an update of one row by key, with
 * keys chosen uniformly. Run with {@code mvn -B -pl driver -am -Pbench-concurrency -DskipTests verify}; arguments:
 * seconds of warm-up and of measurement per point (default 3 and 5).
 */
public final class ConcurrencyBenchmark {
    private static final int ROWS = 10_000;
    private static final int[] THREADS = {1, 4, 16, 64};

    private ConcurrencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[][] targets = {
                {"plain H2", "jdbc:h2:mem:bench_h2;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"},
                {"plain Derby", "jdbc:derby:memory:bench_derby;create=true"},
                {"Chorus (H2+Derby+HSQLDB)", "jdbc:chorus:mem:bench_chorus;lockWaitTimeout=30s;statementTimeout=60s"},
                {"Chorus, acks=all", "jdbc:chorus:mem:bench_chorus_all;lockWaitTimeout=30s;statementTimeout=60s;acks=all"}};
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%-26s %7s %12s %10s %10s %10s%n", "target", "threads", "ops/s", "p50 us",
                "p95 us", "p99 us"));
        double[][] throughput = new double[targets.length][THREADS.length];
        for (int t = 0; t < targets.length; t++) {
            setUp(targets[t][1]);
            for (int i = 0; i < THREADS.length; i++) {
                run(targets[t][1], THREADS[i], warmup);
                Result r = run(targets[t][1], THREADS[i], measure);
                throughput[t][i] = r.opsPerSecond;
                report.append(String.format(Locale.ROOT, "%-26s %7d %12.0f %10.0f %10.0f %10.0f%n", targets[t][0], THREADS[i],
                        r.opsPerSecond, r.percentile(50), r.percentile(95), r.percentile(99)));
            }
        }
        report.append(System.lineSeparator()).append("Chorus throughput as a ratio of plain H2 / plain Derby:").append(System.lineSeparator());
        for (int i = 0; i < THREADS.length; i++) {
            report.append(String.format(Locale.ROOT, "  %2d threads: %.3f / %.3f%n", THREADS[i], throughput[2][i] / throughput[0][i],
                    throughput[2][i] / throughput[1][i]));
        }
        report.append("Chorus with acks=quorum (the default) against acks=all:").append(System.lineSeparator());
        for (int i = 0; i < THREADS.length; i++) {
            report.append(String.format(Locale.ROOT, "  %2d threads: %.3f%n", THREADS[i], throughput[2][i] / throughput[3][i]));
        }
        System.out.print(report);
        ChorusDriver.shutdown(targets[2][1]);
        ChorusDriver.shutdown(targets[3][1]);
    }

    private static void setUp(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE item (id INT PRIMARY KEY, qty INT NOT NULL, name VARCHAR(40))");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, 0);
                    ps.setString(3, "item " + i);
                    ps.addBatch();
                    if (i % 500 == 499) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
        }
    }

    private record Result(double opsPerSecond, long[] latencies) {
        double percentile(int p) {
            if (latencies.length == 0) {
                return 0;
            }
            return latencies[Math.min(latencies.length - 1, (int) Math.ceil(p / 100.0 * latencies.length) - 1)] / 1000.0;
        }
    }

    private static Result run(String url, int threads, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        List<long[]> samples = new ArrayList<>();
        int[] counts = new int[threads];
        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (int t = 0; t < threads; t++) {
            int me = t;
            long[] mine = new long[2_000_000];
            samples.add(mine);
            Thread w = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url);
                     PreparedStatement read = c.prepareStatement("SELECT qty, name FROM item WHERE id = ?");
                     PreparedStatement write = c.prepareStatement("UPDATE item SET qty = qty + 1 WHERE id = ?")) {
                    ready.countDown();
                    ready.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (!stop.get()) {
                        int id = random.nextInt(ROWS);
                        long start = System.nanoTime();
                        try {
                            if (random.nextInt(5) == 0) {
                                write.setInt(1, id);
                                write.executeUpdate();
                            } else {
                                read.setInt(1, id);
                                try (ResultSet rs = read.executeQuery()) {
                                    rs.next();
                                }
                            }
                        } catch (SQLException e) {
                            if (!"40001".equals(e.getSQLState()) && !e.getSQLState().startsWith("40")) {
                                throw e;
                            }
                            continue;
                        }
                        if (counts[me] < mine.length) {
                            mine[counts[me]] = System.nanoTime() - start;
                        }
                        counts[me]++;
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                    ready.countDown();
                }
            });
            w.start();
            workers.add(w);
        }
        ready.await();
        long begin = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - begin) / 1e9;
        if (failure[0] != null) {
            throw new IllegalStateException("a worker failed", failure[0]);
        }
        long total = 0;
        int kept = 0;
        for (int t = 0; t < threads; t++) {
            total += counts[t];
            kept += Math.min(counts[t], samples.get(t).length);
        }
        long[] all = new long[kept];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            int n = Math.min(counts[t], samples.get(t).length);
            System.arraycopy(samples.get(t), 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        return new Result(total / elapsed, all);
    }
}
