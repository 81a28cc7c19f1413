package dev.chorus.driver.bench;

import dev.chorus.driver.ChorusDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Whole statements, each through Chorus's embedded default (H2, Derby and HSQLDB in memory, f = 1) and directly on
 * each of the three engines in memory, in the same run: a primary-key select, a range select with LIMIT, an
 * auto-committed update by key (on Chorus: locks, every replica, write-set capture and vote, commit) and a short
 * read-write transaction (select a row by key, update it, commit). 10,000 rows; keys at random.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -pl driver -Pbench -DskipTests verify -Dbench.args="-f 1 -wi 5 -i 5 -w 2s -r 2s StatementBenchmark"
 * </pre>
 *
 * With {@code -bm sample} JMH reports percentiles; {@code -t 2} or {@code -t 4} runs that many client threads on
 * one connection each.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementBenchmark {
    static final int ROWS = 10_000;

    /** The database, shared by the benchmark's threads: set up once per trial. */
    @State(Scope.Benchmark)
    public static class Db {
        @Param({"chorus", "h2", "derby", "hsqldb"})
        public String target;

        String url;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            url = switch (target) {
                case "chorus" -> "jdbc:chorus:mem:stmtbench";
                case "h2" -> "jdbc:h2:mem:stmtbench;DB_CLOSE_DELAY=-1";
                case "derby" -> "jdbc:derby:memory:stmtbench;create=true";
                case "hsqldb" -> "jdbc:hsqldb:mem:stmtbench";
                default -> throw new IllegalArgumentException(target);
            };
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance INT NOT NULL)");
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO account (id, owner, balance) VALUES (?, ?, ?)")) {
                    for (int i = 0; i < ROWS; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, "owner " + i);
                        ps.setInt(3, 1000);
                        ps.addBatch();
                        if (i % 500 == 499) {
                            ps.executeBatch();
                        }
                    }
                }
                c.commit();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            switch (target) {
                case "chorus" -> ChorusDriver.shutdown(url);
                case "h2", "hsqldb" -> {
                    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                        s.execute("SHUTDOWN");
                    }
                }
                case "derby" -> {
                    try {
                        DriverManager.getConnection("jdbc:derby:memory:stmtbench;drop=true");
                    } catch (SQLException expected) {
                        // Derby says "dropped" with an exception
                    }
                }
                default -> throw new IllegalStateException(target);
            }
        }
    }

    /** One connection and its prepared statements per benchmark thread. */
    @State(Scope.Thread)
    public static class Session {
        Connection c;
        PreparedStatement byKey;
        PreparedStatement range;
        PreparedStatement update;
        final SplittableRandom random = new SplittableRandom(42);

        @Setup(Level.Trial)
        public void open(Db db) throws SQLException {
            c = DriverManager.getConnection(db.url);
            byKey = c.prepareStatement("SELECT owner, balance FROM account WHERE id = ?");
            range = c.prepareStatement("SELECT id, balance FROM account WHERE id >= ? ORDER BY id FETCH FIRST 10 ROWS ONLY");
            update = c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = ?");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            c.close();
        }

        int key() {
            return random.nextInt(ROWS);
        }
    }

    @Benchmark
    public void primaryKeySelect(Session s, Blackhole bh) throws SQLException {
        s.byKey.setInt(1, s.key());
        try (ResultSet rs = s.byKey.executeQuery()) {
            rs.next();
            bh.consume(rs.getString(1));
            bh.consume(rs.getInt(2));
        }
    }

    @Benchmark
    public void rangeSelectWithLimit(Session s, Blackhole bh) throws SQLException {
        s.range.setInt(1, s.random.nextInt(ROWS - 10));
        try (ResultSet rs = s.range.executeQuery()) {
            while (rs.next()) {
                bh.consume(rs.getInt(2));
            }
        }
    }

    @Benchmark
    public int updateByKey(Session s) throws SQLException {
        s.update.setInt(1, s.key());
        return s.update.executeUpdate();
    }

    @Benchmark
    public int shortReadWriteTransaction(Session s, Blackhole bh) throws SQLException {
        int key = s.key();
        s.c.setAutoCommit(false);
        try {
            s.byKey.setInt(1, key);
            try (ResultSet rs = s.byKey.executeQuery()) {
                rs.next();
                bh.consume(rs.getInt(2));
            }
            s.update.setInt(1, key);
            int n = s.update.executeUpdate();
            s.c.commit();
            return n;
        } finally {
            s.c.setAutoCommit(true);
        }
    }
}
