package dev.chorus.driver.bench;

import dev.chorus.driver.ChorusDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The cost of write-set capture and of the log, on RUBiS's write interactions (SPEC.md section 4, each one
 * transaction as the servlets run it): StoreBid 40% (insert a bid, read the item, update its bid count and
 * maximum), StoreComment 15% (insert a comment, read and update the rated user), StoreBuyNow 10% (read the item,
 * update its quantity, insert a purchase), RegisterItem 20% and RegisterUser 15% (one insert each), on 1,000 users
 * and 2,000 items. Targets, in the same run: plain in-memory H2; Chorus (H2, Derby, HSQLDB in memory) with
 * {@code capture=off}; with capture (write sets voted, no log); with capture and the on-disk log (fsync at every
 * commit), and the same log never fsync'd (what the fsync costs). Reports interactions/s at 1 and 4 client threads
 * (the median of three rounds in which every target runs in turn, after a warm-up of each), the ratios, and the log's
 * bytes per committed write statement and per transaction.
 *
 * <p>Run with {@code mvn -B -pl driver -am -Pbench-capture -DskipTests verify}; arguments: seconds of warm-up and of
 * measurement per point (default 3 and 5), and the log directory (default {@code target/bench-capture-log}).
 */
public final class CaptureBenchmark {
    private static final int USERS = 1_000;
    private static final int ITEMS = 2_000;
    private static final int[] THREADS = {1, 4};
    private static final int ROUNDS = 3;

    private CaptureBenchmark() {
    }

    private record Target(String name, String url, boolean chorus) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url);
        }
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int measure = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path log = Path.of(args.length > 2 ? args[2] : "target/bench-capture-log").toAbsolutePath();
        deleteTree(log);
        deleteTree(Path.of(log + "-nosync"));
        String common = ";lockWaitTimeout=30s;statementTimeout=60s";
        List<Target> targets = List.of(
                new Target("plain H2", "jdbc:h2:mem:capture_h2;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", false),
                new Target("Chorus, capture=off", "jdbc:chorus:mem:capture_off" + common + ";capture=off", true),
                new Target("Chorus, capture", "jdbc:chorus:mem:capture_on" + common, true),
                new Target("Chorus, capture + log", "jdbc:chorus:mem:capture_log" + common + ";log=" + log, true),
                new Target("Chorus, log not fsync'd", "jdbc:chorus:mem:capture_nosync" + common + ";logFsync=never;log=" + log + "-nosync",
                        true));
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-24s %7s %14s %12s%n", "target", "threads",
                "interactions/s", "writes/s"));
        for (Target target : targets) {
            setUp(target);
        }
        Counts logged = new Counts();
        long bytes = 0;
        // every target is warmed up first, then measured in ROUNDS rounds in turn, so that neither the JIT nor the
        // machine's state favours the targets measured late; the median round is reported
        double[][] rate = new double[targets.size()][THREADS.length];
        double[][] writes = new double[targets.size()][THREADS.length];
        for (int i = 0; i < THREADS.length; i++) {
            for (Target target : targets) {
                run(target, THREADS[i], warmup, new Counts());
            }
            double[][] rounds = new double[targets.size()][ROUNDS];
            double[][] roundWrites = new double[targets.size()][ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                for (int t = 0; t < targets.size(); t++) {
                    long before = size(log);
                    Counts c = run(targets.get(t), THREADS[i], measure, t == 3 ? logged : new Counts());
                    bytes += t == 3 ? size(log) - before : 0;
                    rounds[t][round] = c.transactions.get() / (double) measure;
                    roundWrites[t][round] = c.writes.get() / (double) measure;
                }
            }
            for (int t = 0; t < targets.size(); t++) {
                int median = medianIndex(rounds[t]);
                rate[t][i] = rounds[t][median];
                writes[t][i] = roundWrites[t][median];
                report.append(String.format(Locale.ROOT, "%-24s %7d %14.0f %12.0f%n", targets.get(t).name(), THREADS[i], rate[t][i],
                        writes[t][i]));
            }
        }
        report.append(String.format(Locale.ROOT, "%nlog: %,d bytes for %,d committed transactions with %,d write statements"
                        + " (setup and warm-up excluded): %.0f bytes per write, %.0f per transaction%n", bytes,
                logged.transactions.get(), logged.writes.get(), bytes / (double) logged.writes.get(),
                bytes / (double) logged.transactions.get()));
        for (Target target : targets) {
            if (target.chorus()) {
                ChorusDriver.shutdown(target.url());
            }
        }
        report.append(System.lineSeparator()).append("ratios (same run):").append(System.lineSeparator());
        for (int i = 0; i < THREADS.length; i++) {
            report.append(String.format(Locale.ROOT, "  %d threads: capture/capture=off %.3f, capture+log/capture=off %.3f,"
                            + " capture+log (no fsync)/capture=off %.3f, capture=off/plain H2 %.3f, capture+log/plain H2 %.3f%n", THREADS[i],
                    rate[2][i] / rate[1][i], rate[3][i] / rate[1][i], rate[4][i] / rate[1][i], rate[1][i] / rate[0][i],
                    rate[3][i] / rate[0][i]));
        }
        System.out.print(report);
    }

    private static int medianIndex(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> values[i]));
        return order[order.length / 2];
    }

    private static final class Counts {
        final AtomicLong transactions = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
    }

    private static void setUp(Target target) throws SQLException {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, firstname VARCHAR(20), lastname VARCHAR(20),"
                    + " nickname VARCHAR(20) NOT NULL UNIQUE, password VARCHAR(20) NOT NULL, email VARCHAR(50) NOT NULL,"
                    + " rating INT, balance DOUBLE, creation_date TIMESTAMP, region INT NOT NULL)");
            s.execute("CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), description CLOB,"
                    + " initial_price DOUBLE NOT NULL, quantity INT NOT NULL, reserve_price DOUBLE DEFAULT 0,"
                    + " buy_now DOUBLE DEFAULT 0, nb_of_bids INT DEFAULT 0, max_bid DOUBLE DEFAULT 0, start_date TIMESTAMP,"
                    + " end_date TIMESTAMP, seller INT NOT NULL, category INT NOT NULL)");
            s.execute("CREATE TABLE bids (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, item_id INT NOT NULL,"
                    + " qty INT NOT NULL, bid DOUBLE NOT NULL, max_bid DOUBLE NOT NULL, date TIMESTAMP)");
            s.execute("CREATE TABLE comments (id INT AUTO_INCREMENT PRIMARY KEY, from_user_id INT NOT NULL,"
                    + " to_user_id INT NOT NULL, item_id INT NOT NULL, rating INT, date TIMESTAMP, comment CLOB)");
            s.execute("CREATE TABLE buy_now (id INT AUTO_INCREMENT PRIMARY KEY, buyer_id INT NOT NULL, item_id INT NOT NULL,"
                    + " qty INT NOT NULL, date TIMESTAMP)");
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("INSERT INTO users (firstname, lastname, nickname, password, email,"
                    + " rating, balance, creation_date, region) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)");
                 PreparedStatement i = c.prepareStatement("INSERT INTO items (name, description, initial_price, quantity,"
                         + " start_date, end_date, seller, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int k = 1; k <= USERS; k++) {
                    user(u, "Great" + k, k);
                    u.addBatch();
                    if (k % 500 == 0) {
                        u.executeBatch();
                    }
                }
                for (int k = 1; k <= ITEMS; k++) {
                    item(i, k);
                    i.addBatch();
                    if (k % 500 == 0) {
                        i.executeBatch();
                    }
                }
            }
            c.commit();
        }
    }

    private static void user(PreparedStatement u, String nickname, int k) throws SQLException {
        u.setString(1, "Great" + k);
        u.setString(2, "User" + k);
        u.setString(3, nickname);
        u.setString(4, "password" + k);
        u.setString(5, nickname + "@rubis.com");
        u.setTimestamp(6, new Timestamp(System.currentTimeMillis()));
        u.setInt(7, 1 + k % 62);
    }

    private static void item(PreparedStatement i, int k) throws SQLException {
        long now = System.currentTimeMillis();
        i.setString(1, "RUBiS automatically generated item #" + k);
        i.setString(2, "This incredible item is exactly what you need ! ".repeat(3));
        i.setDouble(3, 1 + k % 100);
        i.setInt(4, 1 + k % 10);
        i.setTimestamp(5, new Timestamp(now));
        i.setTimestamp(6, new Timestamp(now + 7L * 86_400_000));
        i.setInt(7, 1 + k % USERS);
        i.setInt(8, 1 + k % 20);
    }

    /** Runs the mix for a while; adds what committed to {@code total} too. */
    private static Counts run(Target target, int threads, int seconds, Counts total) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        Counts counts = new Counts();
        Throwable[] failure = new Throwable[1];
        AtomicLong names = new AtomicLong(System.nanoTime());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try (Connection c = target.connect();
                     PreparedStatement insertBid = c.prepareStatement("INSERT INTO bids (user_id, item_id, qty, bid, max_bid, date)"
                             + " VALUES (?, ?, ?, ?, ?, ?)");
                     PreparedStatement readItem = c.prepareStatement("SELECT nb_of_bids, max_bid, quantity FROM items WHERE id = ?");
                     PreparedStatement bidItem = c.prepareStatement("UPDATE items SET max_bid = ?, nb_of_bids = ? WHERE id = ?");
                     PreparedStatement insertComment = c.prepareStatement("INSERT INTO comments (from_user_id, to_user_id, item_id,"
                             + " rating, date, comment) VALUES (?, ?, ?, ?, ?, ?)");
                     PreparedStatement readRating = c.prepareStatement("SELECT rating FROM users WHERE id = ?");
                     PreparedStatement rate = c.prepareStatement("UPDATE users SET rating = ? WHERE id = ?");
                     PreparedStatement buy = c.prepareStatement("UPDATE items SET quantity = ? WHERE id = ?");
                     PreparedStatement insertBuy = c.prepareStatement("INSERT INTO buy_now (buyer_id, item_id, qty, date) VALUES (?, ?, ?, ?)");
                     PreparedStatement registerItem = c.prepareStatement("INSERT INTO items (name, description, initial_price,"
                             + " quantity, start_date, end_date, seller, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                     PreparedStatement registerUser = c.prepareStatement("INSERT INTO users (firstname, lastname, nickname,"
                             + " password, email, rating, balance, creation_date, region) VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
                    c.setAutoCommit(false);
                    ready.countDown();
                    ready.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    Timestamp now = new Timestamp(System.currentTimeMillis());
                    while (!stop.get()) {
                        int user = 1 + random.nextInt(USERS);
                        int item = 1 + random.nextInt(ITEMS);
                        int p = random.nextInt(100);
                        int writes;
                        try {
                            if (p < 40) {
                                insertBid.setInt(1, user);
                                insertBid.setInt(2, item);
                                insertBid.setInt(3, 1);
                                insertBid.setDouble(4, 10 + random.nextInt(100));
                                insertBid.setDouble(5, 20 + random.nextInt(100));
                                insertBid.setTimestamp(6, now);
                                insertBid.executeUpdate();
                                readItem.setInt(1, item);
                                int bids;
                                try (ResultSet rs = readItem.executeQuery()) {
                                    rs.next();
                                    bids = rs.getInt(1);
                                }
                                bidItem.setDouble(1, 20 + random.nextInt(100));
                                bidItem.setInt(2, bids + 1);
                                bidItem.setInt(3, item);
                                bidItem.executeUpdate();
                                writes = 2;
                            } else if (p < 55) {
                                insertComment.setInt(1, user);
                                insertComment.setInt(2, 1 + random.nextInt(USERS));
                                insertComment.setInt(3, item);
                                insertComment.setInt(4, new int[] {-5, -3, 0, 3, 5}[random.nextInt(5)]);
                                insertComment.setTimestamp(5, now);
                                insertComment.setString(6, "This is a very bad comment. Stay away from this seller !!");
                                insertComment.executeUpdate();
                                readRating.setInt(1, user);
                                int rating;
                                try (ResultSet rs = readRating.executeQuery()) {
                                    rs.next();
                                    rating = rs.getInt(1);
                                }
                                rate.setInt(1, rating + 3);
                                rate.setInt(2, user);
                                rate.executeUpdate();
                                writes = 2;
                            } else if (p < 65) {
                                readItem.setInt(1, item);
                                int quantity;
                                try (ResultSet rs = readItem.executeQuery()) {
                                    rs.next();
                                    quantity = rs.getInt(3);
                                }
                                buy.setInt(1, quantity - 1);
                                buy.setInt(2, item);
                                buy.executeUpdate();
                                insertBuy.setInt(1, user);
                                insertBuy.setInt(2, item);
                                insertBuy.setInt(3, 1);
                                insertBuy.setTimestamp(4, now);
                                insertBuy.executeUpdate();
                                writes = 2;
                            } else if (p < 85) {
                                item(registerItem, random.nextInt(1_000_000));
                                registerItem.executeUpdate();
                                writes = 1;
                            } else {
                                user(registerUser, "n" + names.incrementAndGet(), random.nextInt(1_000_000));
                                registerUser.executeUpdate();
                                writes = 1;
                            }
                            c.commit();
                        } catch (SQLException e) {
                            if (e.getSQLState() == null || !e.getSQLState().startsWith("40")) {
                                throw e;
                            }
                            c.rollback();
                            continue;
                        }
                        counts.transactions.incrementAndGet();
                        counts.writes.addAndGet(writes);
                        total.transactions.incrementAndGet();
                        total.writes.addAndGet(writes);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            w.start();
            workers.add(w);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(target.name() + " failed", failure[0]);
        }
        return counts;
    }

    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
