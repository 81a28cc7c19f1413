package dev.chorus.driver.bench;

import dev.chorus.driver.ChorusDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The steady write load of the recovery and transfer benchmarks: a RUBiS {@code items}-like table (about 400 bytes of
 * canonical text per row) and clients updating random items by key in auto-commit, counting updates and the longest
 * any of them waited.
 */
final class ItemsLoad implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final LongAdder done = new LongAdder();
    private final AtomicLong longest = new AtomicLong();
    private final List<Thread> clients = new ArrayList<>();

    /** Creates the table with {@code rows} rows, committing every {@code batch}. */
    static void createItems(ChorusDataSource ds, int rows, int batch) throws SQLException {
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
                    if (i % batch == batch - 1) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Starts {@code n} clients updating random items of {@code rows}. */
    ItemsLoad(ChorusDataSource ds, int rows, int n) {
        for (int t = 0; t < n; t++) {
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
    }

    interface Work {
        void run() throws Exception;
    }

    record Phase(long millis, double rate, long longestMillis) {
    }

    /** Measures the clients for a fixed time, or while {@code work} runs. */
    Phase phase(long millis, Work work) throws Exception {
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

    /** Stops the clients and waits for them. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread w : clients) {
            w.join();
        }
    }
}
