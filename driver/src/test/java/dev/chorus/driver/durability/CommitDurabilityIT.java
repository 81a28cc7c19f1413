package dev.chorus.driver.durability;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.log.LogReader;
import dev.chorus.writeset.log.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A separate JVM commits through a Chorus database on disk ({@code jdbc:chorus:file:}, its write-set log beside the
 * replicas, fsync at every commit) from four threads and reports each acknowledged commit; it is killed with SIGKILL
 * at a moment it does not choose, twice over the same directory (the second run restarts on what the first left).
 * After each kill every acknowledged commit's row is in the log, and after the last one every acknowledged row is in
 * at least f+1 of the replicas' databases; a coordinator restarted on the directory brings all three level (it
 * replays the log after its caught-up mark) and finds them equal.
 */
@Timeout(240)
class CommitDurabilityIT {
    @Test
    void everyAcknowledgedCommitIsInTheLogAfterAKill(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        Set<Long> acked = new HashSet<>();
        for (int kill = 0; kill < 2; kill++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), CommittingProcess.class.getName(), db.toString(),
                    Long.toString(1 + kill * 1_000_000L)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            int target = 150 + 77 * kill; // kill at a different point each time
            int seen = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(in.readLine()).as("the child started").isEqualTo("ready");
                for (String line; (line = in.readLine()) != null; ) {
                    acked.add(Long.parseLong(line.substring("acked ".length())));
                    if (++seen >= target) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, commits in flight on four threads
                        break;
                    }
                }
            }
            assertThat(p.waitFor()).as("killed, not exited").isNotZero();
            assertThat(seen).isEqualTo(target);
            Set<Long> logged = loggedIds(db.resolve("log"));
            assertThat(logged).as("after kill %d", kill + 1).containsAll(acked);
        }
        // every acknowledged row was committed on at least f+1 = 2 replicas (a replica that lagged behind the quorum
        // when the process died lacks the last ones: bringing it level from the log is the restarted coordinator's
        // recovery)
        Map<Long, Integer> copies = copies(ChorusConfig.embedded("durability", db, Map.of()));
        for (long id : acked) {
            assertThat(copies.getOrDefault(id, 0)).as("replicas holding acknowledged row %d", id).isGreaterThanOrEqualTo(2);
        }

        // a coordinator started on what the kill left replays the log after its caught-up mark onto every replica and
        // compares them: all acknowledged rows, on all three, and the replicas equal
        ChorusConfig config = ChorusConfig.embedded("durability", db, Map.of("recovery", "manual"));
        try (dev.chorus.driver.ChorusDataSource ds = new dev.chorus.driver.ChorusDataSource(config);
             Connection c = ds.getConnection()) {
            Set<Long> visible = new HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM acked")) {
                while (rs.next()) {
                    visible.add(rs.getLong(1));
                }
            }
            assertThat(visible).containsAll(acked);
            dev.chorus.driver.ChorusConnection cc = c.unwrap(dev.chorus.driver.ChorusConnection.class);
            var verify = cc.verify();
            assertThat(verify.allEqual()).as("replicas equal after the restart: %s", verify).isTrue();
            assertThat(cc.status().healthyReplicas()).isEqualTo(3);
        }
        copies = copies(config);
        for (long id : acked) {
            assertThat(copies.getOrDefault(id, 0)).as("replicas holding acknowledged row %d after the restart", id).isEqualTo(3);
        }
    }

    @Test
    void aRestartWaitsForTheLockFileAKilledProcessLeftOnHsqldb(@TempDir Path dir) throws Exception {
        ChorusConfig config = ChorusConfig.embedded("lockfile", dir, Map.of("recovery", "manual"));
        try (dev.chorus.driver.ChorusDataSource ds = new dev.chorus.driver.ChorusDataSource(config);
             Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        // what a process killed a moment ago leaves: HSQLDB's lock file with a fresh heartbeat (magic, then millis)
        ReplicaConfig hsqldb = config.replicas().stream().filter(r -> r.engine() == Engine.HSQLDB).findFirst().orElseThrow();
        Path lock = Path.of(hsqldb.url().substring("jdbc:hsqldb:file:".length()).replaceAll(";.*", "") + ".lck");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).put("HSQLLOCK".getBytes(StandardCharsets.US_ASCII))
                .putLong(System.currentTimeMillis());
        java.nio.file.Files.write(lock, b.array());

        long start = System.nanoTime();
        try (dev.chorus.driver.ChorusDataSource ds = new dev.chorus.driver.ChorusDataSource(config);
             Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(c.unwrap(dev.chorus.driver.ChorusConnection.class).status().healthyReplicas()).isEqualTo(3);
        }
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("waited for the heartbeat to age")
                .isGreaterThan(java.time.Duration.ofSeconds(5));
    }

    /** How many of the replicas' databases (read directly) hold each acknowledged row. */
    private static Map<Long, Integer> copies(ChorusConfig config) throws java.sql.SQLException, InterruptedException {
        Map<Long, Integer> copies = new HashMap<>();
        for (ReplicaConfig r : config.replicas()) {
            Properties p = new Properties();
            if (r.user() != null) {
                p.setProperty("user", r.user());
                p.setProperty("password", r.password());
            }
            try (Connection c = open(r, p); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM acked")) {
                while (rs.next()) {
                    copies.merge(rs.getLong(1), 1, Integer::sum);
                }
            }
            if (r.engine() == Engine.DERBY) {
                shutDownDerby(r.url());
            } else if (r.closeSql() != null) {
                // HSQLDB's file database stays open in this JVM until it is shut down
                try (Connection c = open(r, p); Statement s = c.createStatement()) {
                    s.execute(r.closeSql());
                }
            }
        }
        return copies;
    }

    /**
     * Opens a replica's database directly. HSQLDB counts the lock file of the killed process as held until its heartbeat
     * is over 10 s old, and waits for that itself only some of the time (error -451 otherwise), so that is retried.
     */
    private static Connection open(ReplicaConfig r, Properties p) throws java.sql.SQLException, InterruptedException {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                return DriverManager.getConnection(r.url(), p);
            } catch (java.sql.SQLException e) {
                if (e.getErrorCode() != -451 || System.nanoTime() - until > 0) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static void shutDownDerby(String url) {
        try {
            DriverManager.getConnection(url.replace(";create=true", "") + ";shutdown=true").close();
        } catch (java.sql.SQLException expected) {
            // Derby reports a database shut down with an exception (08006)
        }
    }

    /** The ids of every row the log holds an insert of. */
    private static Set<Long> loggedIds(Path log) throws Exception {
        Set<Long> out = new HashSet<>();
        try (Stream<LogRecord> records = LogReader.open(log).records()) {
            records.forEach(r -> {
                for (RowChange c : WriteSet.parse(new String(r.payload(), StandardCharsets.UTF_8)).changes()) {
                    if (c.table().equals("ACKED") && !c.isDelete()) {
                        out.add(((Number) c.key().get(0)).longValue());
                    }
                }
            });
        }
        return out;
    }
}
