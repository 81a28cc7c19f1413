package dev.chorus.driver;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.Coordinator;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.coordinator.vote.Canonicalizer;
import dev.chorus.testing.FaultyDriver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chorus databases for tests: replicas of the given engines (H2, Derby and HSQLDB in memory; PostgreSQL as a new
 * database on the test JVM's {@link dev.chorus.driver.pg.PostgresServer#shared() server}), each behind {@link FaultyDriver} under the
 * name {@code DB-REPLICA} so a test can make any one of them misbehave, and direct access to every replica to
 * check that they hold equal data.
 */
public final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    /** A database name unique in this JVM. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + COUNTER.incrementAndGet();
    }

    /**
     * A configuration of in-memory replicas. Engines may repeat; repeated ones get a numbered name
     * ({@code h2}, {@code h2_2}).
     */
    public static ChorusConfig config(String db, int f, String statementTimeout, String... engines) throws SQLException {
        return configReading(db, f, statementTimeout, "all", engines);
    }

    /**
     * A configuration of in-memory replicas with the given {@code reads} setting ({@link #config(String, int, String,
     * String...)} asks every replica, so that tests see every replica's answer to every query).
     */
    public static ChorusConfig configReading(String db, int f, String statementTimeout, String reads, String... engines)
            throws SQLException {
        return config(db, Map.of("f", Integer.toString(f), "statementTimeout", statementTimeout, "reads", reads), engines);
    }

    /**
     * A configuration of in-memory replicas with the given settings (f=1, a 10 s statement timeout, reads=all, a 5 s
     * lock wait timeout and recovery=manual, so that a test sees the replicas it made faulty as SUSPECT, unless they
     * say otherwise).
     */
    public static ChorusConfig config(String db, Map<String, String> settings, String... engines) throws SQLException {
        FaultyDriver.register();
        Properties p = new Properties();
        p.setProperty("reads", "all");
        p.setProperty("f", "1");
        p.setProperty("statementTimeout", "10s");
        p.setProperty("lockWaitTimeout", "5s");
        p.setProperty("recovery", "manual");
        settings.forEach(p::setProperty);
        Map<String, Integer> seen = new LinkedHashMap<>();
        StringBuilder names = new StringBuilder();
        for (String engine : engines) {
            int n = seen.merge(engine, 1, Integer::sum);
            String name = n == 1 ? engine : engine + "_" + n;
            String dbName = db + "_" + name;
            String url = switch (engine) {
                case "h2" -> "jdbc:h2:mem:" + dbName + ";DB_CLOSE_DELAY=-1";
                case "derby" -> "jdbc:derby:memory:" + dbName + ";create=true";
                case "hsqldb" -> "jdbc:hsqldb:mem:" + dbName;
                case "postgresql" -> dev.chorus.driver.pg.PostgresServer.shared().createDatabase(dbName);
                default -> throw new IllegalArgumentException(engine);
            };
            names.append(names.length() == 0 ? "" : ",").append(name);
            p.setProperty("replica." + name + ".url", FaultyDriver.URL_PREFIX + faultName(db, name) + ":" + url);
            if (engine.equals("hsqldb")) {
                p.setProperty("replica." + name + ".user", "SA");
            }
        }
        p.setProperty("replicas", names.toString());
        return ChorusConfig.fromProperties(db, p);
    }

    /** Writes a checkpoint through the data source and returns its directory. */
    public static java.nio.file.Path checkpoint(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return java.nio.file.Path.of(c.unwrap(dev.chorus.driver.ChorusConnection.class).checkpoint().directory());
        }
    }

    /** Whether a damaged checkpoint was set aside ({@code .corrupt-...} beside it, the directory gone). */
    public static boolean quarantined(java.nio.file.Path checkpoint) throws java.io.IOException {
        if (java.nio.file.Files.exists(checkpoint)) {
            return false;
        }
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(checkpoint.getParent())) {
            return left.anyMatch(p -> p.getFileName().toString().startsWith(".corrupt-" + checkpoint.getFileName()));
        }
    }

    /** The write-set log's newest segment file, the one being written. */
    public static java.nio.file.Path newestLogSegment(java.nio.file.Path logDir) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(logDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).max(java.util.Comparator.naturalOrder())
                    .orElseThrow();
        }
    }

    /** Flips a bit in the middle of a checkpoint's first block file (its SHA-256 in the manifest no longer matches). */
    public static void damageFirstBlock(java.nio.file.Path checkpoint) throws java.io.IOException {
        java.nio.file.Path block;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(checkpoint)) {
            block = files.filter(p -> p.getFileName().toString().startsWith("block-")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(block);
        bytes[bytes.length / 2] ^= 0x01;
        java.nio.file.Files.write(block, bytes);
    }

    /**
     * Flips a bit in the payload of the first record of the first whole log block between {@code from} and {@code to}
     * (so the block's header stays sound and its SHA-256 no longer matches; the segment's format: a 24-byte header, then blocks of a 12-byte header with the records area's length at
     * byte 8, the records, a 32-byte SHA-256; a record is its length, its seq, its payload, a CRC).
     */
    public static void damageLogRecord(java.nio.file.Path segment, long from, long to) throws java.io.IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(segment, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            long p = 24;
            while (p < to) {
                int length = read(ch, p + 8, 4).getInt();
                long end = p + 12 + length + 32;
                if (p >= from && end < to) {
                    long at = p + 12 + 12 + 3;
                    java.nio.ByteBuffer b = read(ch, at, 1);
                    ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x04)}), at);
                    return;
                }
                p = end;
            }
        }
        throw new IllegalStateException("no whole log block between bytes " + from + " and " + to + " of " + segment);
    }

    private static java.nio.ByteBuffer read(java.nio.channels.FileChannel ch, long at, int n) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new java.io.IOException("end of file at " + at);
            }
        }
        return b.flip();
    }

    /** Drops the PostgreSQL databases of a configuration's replicas (after its coordinator was closed). */
    public static void dropServerDatabases(ChorusConfig config) {
        for (ReplicaConfig r : config.replicas()) {
            if (r.engine() == dev.chorus.coordinator.Engine.POSTGRESQL) {
                dev.chorus.driver.pg.PostgresServer.shared().dropDatabase(rawUrl(r));
            }
        }
    }

    /** The name under which {@link FaultyDriver} knows a replica of a test database. */
    public static String faultName(String db, String replica) {
        return db + "-" + replica;
    }

    /** The replica's own URL, without the fault injector in front. */
    public static String rawUrl(ReplicaConfig r) {
        String url = r.url();
        if (url.startsWith(FaultyDriver.URL_PREFIX)) {
            String rest = url.substring(FaultyDriver.URL_PREFIX.length());
            return rest.substring(rest.indexOf(':') + 1);
        }
        return url;
    }

    /** A direct connection to one replica, bypassing Chorus and the fault injector: for tests only. */
    public static Connection direct(ReplicaConfig r) throws SQLException {
        Properties p = new Properties();
        if (r.user() != null) {
            p.setProperty("user", r.user());
        }
        if (r.password() != null) {
            p.setProperty("password", r.password());
        }
        return DriverManager.getConnection(rawUrl(r), p);
    }

    /**
     * Each replica's canonical digest of the rows {@code query} returns, read directly from the replica once the
     * replicas caught up with the quorum (a slower replica commits after the application was answered).
     */
    public static Map<String, String> digests(ChorusConfig config, String query) throws SQLException {
        awaitCaughtUp(config);
        Map<String, String> out = new LinkedHashMap<>();
        for (ReplicaConfig r : config.replicas()) {
            try (Connection c = direct(r); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
                out.put(r.name(), new Canonicalizer(config.approximateDigits()).rows(rs, 0, null).digest().hex());
            }
        }
        return out;
    }

    /** The running coordinator of a configuration opened with a {@link ChorusDataSource}, or null. */
    public static Coordinator coordinator(ChorusConfig config) {
        return Coordinators.running("config-object:" + config.name());
    }

    /** The replicas' status of the configuration's running coordinator. */
    public static List<dev.chorus.coordinator.ReplicaStatus> status(ChorusConfig config) {
        return coordinator(config).status().replicas();
    }

    /** Whether every replica of the configuration's running coordinator is HEALTHY. */
    public static boolean allHealthy(ChorusConfig config) {
        return status(config).stream().allMatch(r -> r.state() == dev.chorus.coordinator.replica.ReplicaState.HEALTHY);
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passed; whether it held. */
    public static boolean waitFor(java.util.function.BooleanSupplier condition, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** Waits (at most 30 s) until the running coordinator of a configuration's replicas has no replica behind. */
    public static void awaitCaughtUp(ChorusConfig config) {
        Coordinator c = coordinator(config);
        try {
            if (c != null && !c.awaitCaughtUp(java.time.Duration.ofSeconds(30))) {
                throw new AssertionError("the replicas of " + config.name() + " did not catch up within 30 s: " + c.status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Waits until no replica of the configuration's running coordinator is behind, then asserts every one is
     * HEALTHY (the message names a replica that is not and its last fault).
     */
    public static void assertAllHealthy(Connection c, ChorusConfig config) throws SQLException {
        awaitCaughtUp(config);
        for (dev.chorus.coordinator.ReplicaStatus r : c.unwrap(ChorusConnection.class).status().replicas()) {
            if (r.state() != dev.chorus.coordinator.replica.ReplicaState.HEALTHY) {
                throw new AssertionError(r.name() + " is " + r.state() + ": " + r.lastFault());
            }
        }
    }

    /** Asserts-friendly: the distinct digests of {@link #digests}; one element means every replica is equal. */
    public static List<String> distinctDigests(ChorusConfig config, String query) throws SQLException {
        return digests(config, query).values().stream().distinct().toList();
    }
}
