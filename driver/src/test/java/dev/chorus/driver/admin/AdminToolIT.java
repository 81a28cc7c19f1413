package dev.chorus.driver.admin;

import dev.chorus.driver.ChorusDriver;
import dev.chorus.driver.durability.CommittingProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chorus-admin} against a database opened by the tool itself ({@code --url}) and inside another, running JVM
 * ({@code --pid}, through the attach API and JMX).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AdminToolIT {
    /** One run of the tool: its exit code and what it printed. */
    private record Run(int exit, String out, String err) {
    }

    private static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminTool.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void statusVerifyRecoverAndCheckpointOfADatabaseOnDisk(@TempDir Path dir) throws Exception {
        String url = "jdbc:chorus:file:" + dir;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(8, 2))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "item " + i);
                    ps.setBigDecimal(3, java.math.BigDecimal.valueOf(i, 1));
                    ps.executeUpdate();
                }
            }
        }
        ChorusDriver.shutdown(url);

        Run status = admin("status", "--url", url);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("3 of 3 replicas healthy", "commits 100").containsPattern("h2\\s+h2\\s+HEALTHY")
                .containsPattern("derby\\s+derby\\s+HEALTHY").containsPattern("hsqldb\\s+hsqldb\\s+HEALTHY");

        Run checkpoint = admin("checkpoint", "--url", url);
        assertThat(checkpoint.exit()).as(checkpoint.err()).isZero();
        assertThat(checkpoint.out()).contains("checkpoint at commit 100 from replicas", "1 tables", "100 rows");
        assertThat(admin("status", "--url", url).out()).contains("last checkpoint at commit 100");

        // a row changed inside the HSQLDB files, with Chorus closed
        String hsqldb = "jdbc:hsqldb:file:" + dir.resolve("hsqldb").resolve("chorus");
        try (Connection direct = DriverManager.getConnection(hsqldb, "SA", ""); Statement s = direct.createStatement()) {
            s.executeUpdate("UPDATE item SET price = 0 WHERE id = 42");
            s.execute("SHUTDOWN");
        }
        Run differs = admin("verify", "--url", url);
        assertThat(differs.exit()).as("a difference is exit code 1").isEqualTo(AdminTool.FAILED);
        assertThat(differs.out()).contains("replicas differ").containsPattern("hsqldb\\s+SUSPECT\\s+differs in \\S*ITEM");

        Run recover = admin("recover", "hsqldb", "--url", url);
        assertThat(recover.exit()).as(recover.out() + recover.err()).isZero();
        assertThat(recover.out()).contains("replica hsqldb repaired: 1 rows changed in");
        Run equal = admin("verify", "--url", url);
        assertThat(equal.exit()).isZero();
        assertThat(equal.out()).contains("every replica holds the agreed state");
        Run nothing = admin("recover", "h2", "--url", url);
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.out()).contains("replica h2 holds the agreed state: nothing to repair");

        Run unknown = admin("recover", "oracle", "--url", url);
        assertThat(unknown.exit()).isEqualTo(AdminTool.FAILED);
        assertThat(unknown.out()).contains("no replica named oracle");
        Run usage = admin("verify");
        assertThat(usage.exit()).isEqualTo(AdminTool.UNREACHABLE);
        assertThat(usage.err()).contains("--pid", "--jmx", "--url");
        Run memory = admin("status", "--url", "jdbc:chorus:mem:elsewhere");
        assertThat(memory.exit()).isEqualTo(AdminTool.UNREACHABLE);
        assertThat(memory.err()).contains("use --pid");
    }

    @Test
    void commandsReachADatabaseInsideARunningJvm(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommittingProcess.class.getName(), db.toString(), "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicInteger acked = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                while (in.readLine() != null) {
                    acked.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.get() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(acked.get()).as("the application commits").isGreaterThanOrEqualTo(200);
            String pid = Long.toString(p.pid());

            Run list = admin("list", "--pid", pid);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("db: 3 of 3 replicas healthy");
            Run status = admin("status", "--pid", pid);
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("database db: ", "3 of 3 replicas healthy", "state transfer: none running");

            Run checkpoint = admin("checkpoint", "--pid", pid);
            assertThat(checkpoint.exit()).as(checkpoint.out() + checkpoint.err()).isZero();
            int before = acked.get();
            Run transfer = admin("transfer", "derby", "--engine", "hsqldb", "--pid", pid);
            assertThat(transfer.exit()).as(transfer.out() + transfer.err()).isZero();
            assertThat(transfer.out()).contains("replica derby moved from derby to a new hsqldb database").contains("from checkpoint");
            assertThat(acked.get()).as("the application went on").isGreaterThan(before);
            assertThat(admin("status", "--pid", pid).out()).containsPattern("derby\\s+hsqldb\\s+HEALTHY");

            Run verify = admin("verify", "--pid", pid);
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("every replica holds the agreed state");

            Run badEngine = admin("transfer", "h2", "--engine", "oracle", "--pid", pid);
            assertThat(badEngine.exit()).isEqualTo(AdminTool.FAILED);
            assertThat(badEngine.out()).contains("unknown engine 'oracle'", "22023");
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        Run gone = admin("status", "--pid", Long.toString(p.pid()));
        assertThat(gone.exit()).isEqualTo(AdminTool.UNREACHABLE);
        assertThat(gone.err()).contains("cannot attach to JVM " + p.pid());
    }
}
