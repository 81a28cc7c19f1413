package dev.chorus.driver.pg;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, from the machine's own binaries ({@code /usr/lib/postgresql/VERSION/bin}, the
 * newest version; {@code .ci/run} installs Debian's {@code postgresql} package where it is missing), started on a
 * free loopback port with a fresh data directory under the temporary directory, C collation, UTF-8 with the
 * character classes of {@code C.UTF-8} (with plain {@code C}, PostgreSQL's {@code UPPER} and {@code LOWER} change only
 * ASCII letters; H2's change every letter), trust authentication for the user {@code chorus}, no Unix socket, and stopped at the end.
 *
 * <p>PostgreSQL refuses to run as root: as root the server runs as the {@code postgres} user through {@code
 * runuser} (its directory is handed to that user); as any other user it runs as that user.
 *
 * <p>{@link #shared()} is one server for the whole test JVM (tests make a database each with {@link
 * #createDatabase}); a test that kills its server ({@link #kill()}) starts its own with {@link #start()}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final String USER = "chorus";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;
    private static RuntimeException sharedFailure;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Path logFile;
    private final int port;
    /** Server settings ({@code name=value}) given with {@code -c}, after the defaults (which they override). */
    private final List<String> settings;
    private Process process;

    private PostgresServer(Path bin, Path base, int port, List<String> settings) {
        this.settings = List.copyOf(settings);
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.logFile = base.resolve("server.log");
        this.port = port;
    }

    /**
     * The server every test of this JVM shares; started on first use, stopped when the JVM exits. A failed start is
     * remembered and reported again, not retried by every later test.
     */
    public static synchronized PostgresServer shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared PostgreSQL server did not start", sharedFailure);
        }
        if (shared == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "postgres-stop"));
        }
        return shared;
    }

    /**
     * A new server of its own (initdb, then started); the caller closes it.
     *
     * @param settings server settings as {@code name=value} ({@code max_connections=6}), overriding the defaults
     */
    public static PostgresServer start(String... settings) {
        try {
            Path bin = binaries();
            Path base = Files.createTempDirectory("chorus-pg");
            PostgresServer server = new PostgresServer(bin, base, freePort(), List.of(settings));
            try {
                server.initdb();
                server.startProcess();
            } catch (IOException | RuntimeException e) {
                server.close(); // a server that started but never answered is stopped, and the directory deleted
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /** The directory of the newest PostgreSQL installed under {@code /usr/lib/postgresql}. */
    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + root
                            + " (Debian's postgresql package; .ci/run installs it)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, run as the {@code postgres} user when this JVM runs as root. */
    private List<String> asServerUser(String... command) {
        List<String> out = new ArrayList<>();
        if (root()) {
            out.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    private void initdb() throws IOException {
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", base.toString()));
        }
        run(asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "--locale=C", "--lc-ctype=C.UTF-8", "-E", "UTF8", "-A", "trust",
                "-U", USER, "--no-sync"));
    }

    private static void run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    private synchronized void startProcess() throws IOException {
        List<String> command = asServerUser(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=400",
                "-c", "shared_buffers=64MB", "-c", "log_min_messages=warning");
        command = new ArrayList<>(command);
        for (String setting : settings) {
            command.addAll(List.of("-c", setting));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("PostgreSQL exited with " + process.exitValue() + " at start: " + logTail());
            }
            try (Connection c = DriverManager.getConnection(url("postgres"))) {
                LOG.info("PostgreSQL {} started on 127.0.0.1:{} ({})", c.getMetaData().getDatabaseProductVersion(), port, data);
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        throw new IOException("PostgreSQL did not accept connections within " + START_TIMEOUT.toSeconds() + " s: " + last + "; "
                + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The JDBC URL of one of the server's databases, with the user in it. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    /**
     * A new, empty database whose name is made of the hint (lower case, letters, digits and {@code _}, at most 63
     * characters with a number that keeps it unique); returns its JDBC URL.
     */
    public String createDatabase(String hint) {
        String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String suffix = "_" + DATABASES.incrementAndGet();
        String name = (clean.length() + suffix.length() > 63 ? clean.substring(0, 63 - suffix.length()) : clean) + suffix;
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    /**
     * A configuration of H2 and Derby in memory and a new database on this server (replica {@code postgresql}), with
     * the given settings: for tests that kill or restart the server under Chorus.
     */
    public dev.chorus.coordinator.ChorusConfig h2DerbyAndThisServer(String name, java.util.Map<String, String> settings)
            throws SQLException {
        return embeddedAndThisServer(name, settings, 1);
    }

    /**
     * With f = 1 {@link #h2DerbyAndThisServer}; with f = 2 H2, Derby and HSQLDB in memory and two new databases on
     * this server (replicas {@code postgresql} and {@code postgresql2}), so that killing the server takes two replicas
     * out at once.
     */
    public dev.chorus.coordinator.ChorusConfig embeddedAndThisServer(String name, java.util.Map<String, String> settings, int f)
            throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("replicas", f == 1 ? "h2,derby,postgresql" : "h2,derby,hsqldb,postgresql,postgresql2");
        p.setProperty("f", Integer.toString(f));
        p.setProperty("replica.h2.url", "jdbc:h2:mem:" + name + "_h2;DB_CLOSE_DELAY=-1");
        p.setProperty("replica.derby.url", "jdbc:derby:memory:" + name + "_derby;create=true");
        p.setProperty("replica.postgresql.url", createDatabase(name));
        if (f == 2) {
            p.setProperty("replica.hsqldb.url", "jdbc:hsqldb:mem:" + name + "_hsqldb");
            p.setProperty("replica.postgresql2.url", createDatabase(name));
        }
        settings.forEach(p::setProperty);
        return dev.chorus.coordinator.ChorusConfig.fromProperties(name, p);
    }

    /** Drops a database {@link #createDatabase} made, given its URL, ending any connection still open to it. */
    public void dropDatabase(String url) {
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.warn("cannot drop database {}: {}", name, e.getMessage());
        }
    }

    /** The process id of the postmaster (the first line of {@code postmaster.pid}). */
    public long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** Kills the server with SIGKILL (no shutdown, no checkpoint: what a crash leaves), and waits until it is gone. */
    public synchronized void kill() throws IOException {
        long pid = pid();
        run(List.of("kill", "-KILL", Long.toString(pid)));
        awaitGone(pid);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("PostgreSQL on port {} killed (SIGKILL, pid {})", port, pid);
    }

    /** Starts the server again on its data directory and port after {@link #kill()} (crash recovery runs). */
    public synchronized void restart() throws IOException {
        // the killed postmaster's backends leave when they notice it is gone; until then the shared memory is in use
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                startProcess();
                return;
            } catch (IOException e) {
                last = e;
                sleep(500);
            }
        }
        throw last;
    }

    private static void awaitGone(long pid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() - deadline < 0) {
            sleep(20);
        }
    }

    /** Stops the server (fast shutdown: clients disconnected) and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            if (process != null && process.isAlive()) {
                long pid = pid();
                run(List.of("kill", "-INT", Long.toString(pid)));
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    run(List.of("kill", "-KILL", Long.toString(pid)));
                }
                awaitGone(pid);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("stopping PostgreSQL on port {}: {}", port, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process != null && process.isAlive()) {
                // no postmaster.pid (it never came up), or it did not stop: the server under runuser goes too
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            deleteQuietly(base);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.toString());
        }
    }
}
