package dev.chorus.driver.bench;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.pg.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a PostgreSQL replica's per-commit fsync costs Chorus: auto-commit single-row updates
 * ({@code UPDATE account SET balance = balance + 1 WHERE id = ?}, 1,000 rows, keys at random) at 1 and 4 client
 * threads on plain in-memory H2, plain PostgreSQL (a server this benchmark starts, {@code fsync} and
 * {@code synchronous_commit} on, as shipped), Chorus on H2, Derby and HSQLDB in memory, and Chorus on H2, HSQLDB and
 * the PostgreSQL server with {@code acks=quorum} (a commit returns once two replicas agree: the in-memory ones) and
 * with {@code acks=all} (it waits for PostgreSQL's fsync too). Reports updates/s and microseconds per update (the
 * median of three rounds in which every target runs in turn, after a warm-up of each), their ratios, and the
 * PostgreSQL replica's state and lag at the end of each Chorus run (with {@code acks=quorum} it must keep up, or it
 * is marked SUSPECT once it lags by more than {@code maxLag}); last, {@code acks=all} with the PostgreSQL replica's
 * sessions at {@code synchronous_commit=off} (its URL's {@code options}), which shows what the fsync itself costs.
 *
 * <p>Run with {@code mvn -B -pl driver -am -Pbench-pg -DskipTests verify}; arguments (via {@code -Dexec.args}):
 * seconds of warm-up and of measurement per point (default 2 and 5).
 */
public final class PostgresCommitBenchmark {
    private static final int ROWS = 1_000;
    private static final int[] THREADS = {1, 4};
    private static final int ROUNDS = 3;

    private PostgresCommitBenchmark() {
    }

    /** A database to measure: how to connect, and the Chorus data source behind it (null for a plain database). */
    private record Target(String name, String url, ChorusDataSource chorus) {
        Connection connect() throws SQLException {
            return chorus != null ? chorus.getConnection() : DriverManager.getConnection(url);
        }
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        try (PostgresServer server = PostgresServer.start("fsync=on", "synchronous_commit=on")) {
            List<Target> targets = new ArrayList<>();
            targets.add(new Target("plain H2 (memory)", "jdbc:h2:mem:bench_plain;DB_CLOSE_DELAY=-1", null));
            targets.add(new Target("plain PostgreSQL", server.createDatabase("bench_plain"), null));
            targets.add(new Target("Chorus H2+Derby+HSQLDB", null, chorus("bench_mem", null, "quorum")));
            targets.add(new Target("Chorus H2+HSQLDB+PostgreSQL acks=quorum", null,
                    chorus("bench_q", server.createDatabase("bench_q"), "quorum")));
            targets.add(new Target("Chorus H2+HSQLDB+PostgreSQL acks=all", null,
                    chorus("bench_all", server.createDatabase("bench_all"), "all")));
            // the same, PostgreSQL's sessions not waiting for their commit's WAL flush (see docs/operations.md)
            targets.add(new Target("Chorus H2+HSQLDB+PostgreSQL acks=all, synchronous_commit=off", null,
                    chorus("bench_async", server.createDatabase("bench_async") + "&options=-c%20synchronous_commit%3Doff", "all")));
            for (Target t : targets) {
                create(t);
            }
            double[][] rate = new double[targets.size()][THREADS.length];
            for (int i = 0; i < THREADS.length; i++) {
                for (Target t : targets) {
                    run(t, THREADS[i], warmup);
                }
                double[][] rounds = new double[targets.size()][ROUNDS];
                for (int r = 0; r < ROUNDS; r++) {
                    for (int t = 0; t < targets.size(); t++) {
                        rounds[t][r] = run(targets.get(t), THREADS[i], measure);
                    }
                }
                for (int t = 0; t < targets.size(); t++) {
                    double[] sorted = rounds[t].clone();
                    Arrays.sort(sorted);
                    rate[t][i] = sorted[ROUNDS / 2];
                }
            }
            report(targets, rate);
            for (Target t : targets) {
                if (t.chorus() != null) {
                    t.chorus().close();
                }
            }
        }
    }

    private static ChorusDataSource chorus(String name, String postgresUrl, String acks) throws SQLException {
        Properties p = new Properties();
        p.setProperty("replicas", postgresUrl == null ? "h2,derby,hsqldb" : "h2,hsqldb,postgresql");
        p.setProperty("replica.h2.url", "jdbc:h2:mem:" + name + "_h2;DB_CLOSE_DELAY=-1");
        if (postgresUrl == null) {
            p.setProperty("replica.derby.url", "jdbc:derby:memory:" + name + "_derby;create=true");
        } else {
            p.setProperty("replica.postgresql.url", postgresUrl);
        }
        p.setProperty("replica.hsqldb.url", "jdbc:hsqldb:mem:" + name + "_hsqldb");
        p.setProperty("acks", acks);
        p.setProperty("statementTimeout", "60s");
        p.setProperty("lockWaitTimeout", "30s");
        return new ChorusDataSource(ChorusConfig.fromProperties(name, p));
    }

    private static void create(Target t) throws SQLException {
        try (Connection c = t.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO account VALUES (?, 0)")) {
                for (int i = 0; i < ROWS; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Updates per second over {@code seconds} with {@code threads} clients, each on its own connection. */
    private static double run(Target target, int threads, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong updates = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            connections.add(target.connect());
        }
        long start = System.nanoTime();
        for (Connection c : connections) {
            Thread w = new Thread(() -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?")) {
                    while (!stop.get()) {
                        ps.setInt(1, ThreadLocalRandom.current().nextInt(ROWS));
                        ps.executeUpdate();
                        updates.incrementAndGet();
                    }
                } catch (SQLException e) {
                    if (!"40001".equals(e.getSQLState())) {
                        failures.add(e);
                    }
                }
            }, "bench-" + target.name());
            workers.add(w);
            w.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Connection c : connections) {
            c.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(target.name() + " failed", failures.get(0));
        }
        return updates.get() / elapsed;
    }

    private static void report(List<Target> targets, double[][] rate) throws SQLException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n%-62s %10s %10s %12s %12s %12s%n", "target", "updates/s", "us/update",
                "updates/s", "us/update", "vs plain PG"));
        out.append(String.format(Locale.ROOT, "%-62s %10s %10s %12s %12s %12s%n", "", "1 thread", "1 thread", "4 threads",
                "4 threads", "1 / 4 thr."));
        for (int t = 0; t < targets.size(); t++) {
            out.append(String.format(Locale.ROOT, "%-62s %10.0f %10.1f %12.0f %12.1f %6.2f/%5.2f%n", targets.get(t).name(),
                    rate[t][0], 1e6 / rate[t][0], rate[t][1], 1e6 * 4 / rate[t][1], rate[t][0] / rate[1][0],
                    rate[t][1] / rate[1][1]));
        }
        for (Target t : targets) {
            if (t.chorus() != null) {
                try (Connection c = t.connect()) {
                    ChorusConnection cc = c.unwrap(ChorusConnection.class);
                    for (ReplicaStatus r : cc.status().replicas()) {
                        out.append(String.format(Locale.ROOT, "%s: replica %s %s, lag %s, disagreements %d%n", t.name(),
                                r.name(), r.state(), r.lag(), r.disagreements()));
                    }
                    out.append(String.format(Locale.ROOT, "%s: verify %s%n", t.name(),
                            cc.verify().allEqual() ? "all equal" : "DIFFERENT"));
                }
            }
        }
        System.out.println(out);
    }
}
