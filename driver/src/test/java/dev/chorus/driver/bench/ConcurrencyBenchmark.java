package dev.chorus.driver.bench;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.ChorusDriver;
import dev.chorus.driver.TestDatabases;
import dev.chorus.testing.Fault;
import dev.chorus.testing.FaultyDriver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
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
 * keys chosen uniformly. Chorus runs with the default {@code acks=quorum} and with {@code acks=all}, each with three
 * equal replicas and with Derby delayed by 1 ms per statement (the test fault driver). Run with {@code mvn -B -pl driver -am -Pbench-concurrency -DskipTests verify}; arguments:
 * seconds of warm-up and of measurement per point (default 3 and 5).
 */
public final class ConcurrencyBenchmark {
    private static final int ROWS = 10_000;
    private static final int[] THREADS = {1, 4, 16, 64};

    private ConcurrencyBenchmark() {
    }

    /** Where a benchmark connects. */
    private interface Target {
        Connection connect() throws SQLException;
    }

    private record Named(String name, Target target, AutoCloseable close) {
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String chorus = "jdbc:chorus:mem:bench_chorus;lockWaitTimeout=30s;statementTimeout=60s";
        String chorusAll = "jdbc:chorus:mem:bench_chorus_all;lockWaitTimeout=30s;statementTimeout=60s;acks=all";
        ChorusDataSource slow = slowDerby("bench_slow", "quorum");
        ChorusDataSource slowAll = slowDerby("bench_slow_all", "all");
        List<Named> targets = List.of(
                new Named("plain H2", () -> DriverManager.getConnection("jdbc:h2:mem:bench_h2;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"), null),
                new Named("plain Derby", () -> DriverManager.getConnection("jdbc:derby:memory:bench_derby;create=true"), null),
                new Named("Chorus", () -> DriverManager.getConnection(chorus), () -> ChorusDriver.shutdown(chorus)),
                new Named("Chorus, acks=all", () -> DriverManager.getConnection(chorusAll), () -> ChorusDriver.shutdown(chorusAll)),
                new Named("Chorus, Derby +1ms", slow::getConnection, slow),
                new Named("Chorus, Derby +1ms, all", slowAll::getConnection, slowAll));
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%-26s %7s %12s %10s %10s %10s%n", "target", "threads", "ops/s", "p50 us",
                "p95 us", "p99 us"));
        double[][] throughput = new double[targets.size()][THREADS.length];
        for (int t = 0; t < targets.size(); t++) {
            Target target = targets.get(t).target();
            setUp(target);
            for (int i = 0; i < THREADS.length; i++) {
                run(target, THREADS[i], warmup);
                Result r = run(target, THREADS[i], measure);
                throughput[t][i] = r.opsPerSecond;
                report.append(String.format(Locale.ROOT, "%-26s %7d %12.0f %10.0f %10.0f %10.0f%n", targets.get(t).name(), THREADS[i],
                        r.opsPerSecond, r.percentile(50), r.percentile(95), r.percentile(99)));
            }
        }
        report.append(System.lineSeparator()).append("Chorus throughput as a ratio of plain H2 / plain Derby:").append(System.lineSeparator());
        for (int i = 0; i < THREADS.length; i++) {
            report.append(String.format(Locale.ROOT, "  %2d threads: %.3f / %.3f%n", THREADS[i], throughput[2][i] / throughput[0][i],
                    throughput[2][i] / throughput[1][i]));
        }
        report.append("acks=quorum (the default) against acks=all, all replicas equal / Derby 1 ms slower per statement:")
                .append(System.lineSeparator());
        for (int i = 0; i < THREADS.length; i++) {
            report.append(String.format(Locale.ROOT, "  %2d threads: %.3f / %.3f%n", THREADS[i], throughput[2][i] / throughput[3][i],
                    throughput[4][i] / throughput[5][i]));
        }
        for (ChorusDataSource ds : List.of(slow, slowAll)) {
            try (Connection c = ds.getConnection()) {
                for (var r : c.unwrap(dev.chorus.driver.ChorusConnection.class).status().replicas()) {
                    report.append(String.format(Locale.ROOT, "  %s: %s %s, %d answers owed%n", ds == slow ? "acks=quorum" : "acks=all", r.name(), r.state(),
                            r.owedAnswers()));
                }
            }
        }
        System.out.print(report);
        for (Named n : targets) {
            if (n.close() != null) {
                n.close().close();
            }
        }
        FaultyDriver.clearAll();
    }

    /** Chorus on H2, Derby and HSQLDB in memory, with every statement on Derby delayed by 1 ms. */
    private static ChorusDataSource slowDerby(String name, String acks) throws SQLException {
        ChorusConfig base = TestDatabases.configReading(name, 1, "60s", "quorum", "h2", "derby", "hsqldb");
        java.util.Properties p = new java.util.Properties();
        p.setProperty("f", "1");
        p.setProperty("acks", acks);
        p.setProperty("lockWaitTimeout", "30s");
        p.setProperty("statementTimeout", "60s");
        StringBuilder names = new StringBuilder();
        for (ReplicaConfig r : base.replicas()) {
            names.append(names.length() == 0 ? "" : ",").append(r.name());
            p.setProperty("replica." + r.name() + ".url", r.url());
            if (r.user() != null) {
                p.setProperty("replica." + r.name() + ".user", r.user());
            }
        }
        p.setProperty("replicas", names.toString());
        FaultyDriver.inject(TestDatabases.faultName(name, "derby"), Fault.slow(Duration.ofMillis(1), Fault.anySql()));
        return new ChorusDataSource(ChorusConfig.fromProperties(name, p));
    }

    private static void setUp(Target target) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
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
            if (c.isWrapperFor(dev.chorus.driver.ChorusConnection.class)) {
                // a slow replica finishes loading before the measurement starts
                try {
                    c.unwrap(dev.chorus.driver.ChorusConnection.class).awaitReplicasCaughtUp(Duration.ofMinutes(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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

    private static Result run(Target target, int threads, int seconds) throws Exception {
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
                try (Connection c = target.connect();
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
