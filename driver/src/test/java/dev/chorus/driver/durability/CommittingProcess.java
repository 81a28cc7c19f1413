package dev.chorus.driver.durability;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The child of {@link CommitDurabilityIT}: commits rows through a Chorus database on disk from several threads and
 * prints {@code acked ID} once each commit returned, until it is killed.
 *
 * <p>Arguments: the database directory and the first row id of this run.
 */
public final class CommittingProcess {
    static final int THREADS = 4;

    private CommittingProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:chorus:file:" + args[0];
        long first = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS acked (id BIGINT PRIMARY KEY, v VARCHAR(20))");
        }
        out.println("ready");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long start = first + t * 100_000L;
            Thread thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url);
                     PreparedStatement ps = c.prepareStatement("INSERT INTO acked (id, v) VALUES (?, ?)")) {
                    for (long id = start; ; id++) {
                        ps.setLong(1, id);
                        ps.setString(2, "row " + id);
                        ps.executeUpdate(); // auto-commit: acknowledged when this returns
                        synchronized (out) {
                            out.println("acked " + id);
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
