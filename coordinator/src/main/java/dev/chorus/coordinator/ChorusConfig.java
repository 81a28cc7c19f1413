package dev.chorus.coordinator;

import dev.chorus.writeset.log.FsyncPolicy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole configuration of one coordinator: validated once when it is built, immutable afterwards.
 *
 * <p>Each setting has one key, one default and one typed getter; the keys are the constants {@code KEY_*}. A
 * setting that breaks its rule fails with an {@link SQLException} (SQLState {@value SqlStates#CONNECTION_REJECTED})
 * whose message names the key, the value and the rule.
 */
public final class ChorusConfig {
    public static final String KEY_F = "f";
    public static final String KEY_REPLICAS = "replicas";
    public static final String KEY_REPLICA_PREFIX = "replica.";
    public static final String KEY_STATEMENT_TIMEOUT = "statementTimeout";
    public static final String KEY_LOCK_WAIT_TIMEOUT = "lockWaitTimeout";
    public static final String KEY_APPROXIMATE_DIGITS = "approximateDigits";
    public static final String KEY_DIALECT = "dialect";
    public static final String KEY_READS = "reads";
    public static final String KEY_ACKS = "acks";
    public static final String KEY_MAX_LAG = "maxLag";
    public static final String KEY_CAPTURE = "capture";
    public static final String KEY_LOG = "log";
    public static final String KEY_LOG_FSYNC = "logFsync";
    public static final String KEY_RECOVERY = "recovery";
    public static final String KEY_DATA_DIR = "dataDir";
    public static final String KEY_PROACTIVE_RECOVERY = "proactiveRecovery";
    public static final String KEY_ROTATE = "rotate";
    public static final String KEY_MAX_CONNECTIONS = "maxConnections";
    public static final String KEY_MAX_RESULT_BYTES = "maxResultBytes";

    public static final int DEFAULT_F = 1;
    /** More would mean 65 replicas or more: far beyond what one coordinator can drive, and a typo more likely. */
    public static final int MAX_F = 32;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_APPROXIMATE_DIGITS = 12;
    /** The application's SQL dialect, in which Chorus parses every statement. */
    public static final String DEFAULT_DIALECT = "H2";
    public static final String DEFAULT_READS = "quorum";
    public static final String DEFAULT_ACKS = "quorum";
    /** A double has at most 17 significant decimal digits; more would compare representation noise. */
    public static final int MAX_APPROXIMATE_DIGITS = 17;
    /** Connections to each replica at most: each open Chorus session holds one to every replica. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    /** PostgreSQL's own ceiling for max_connections. */
    public static final int MAX_MAX_CONNECTIONS = 262_143;
    /**
     * Canonical bytes of one replica's answer to one query at most (64 MiB): every replica's answer is held whole
     * until it is voted, so this bounds what one query can make the coordinator hold.
     */
    public static final long DEFAULT_MAX_RESULT_BYTES = 64L << 20;
    /**
     * The URL options of an HSQLDB database Chorus makes on disk ({@code jdbc:chorus:file:}, and state transfer's new
     * databases beside it): commits written before they return, and CACHED tables, whose rows live in the file with a
     * bounded cache; HSQLDB's default MEMORY tables would hold every row on the heap even in a file database.
     */
    public static final String HSQLDB_FILE_OPTIONS = ";hsqldb.write_delay=false;hsqldb.default_table_type=cached";

    /** The settings that tune a coordinator, as opposed to the ones that define its replicas. */
    private static final Set<String> TUNING_KEYS = Set.of(KEY_STATEMENT_TIMEOUT, KEY_LOCK_WAIT_TIMEOUT, KEY_APPROXIMATE_DIGITS, KEY_DIALECT,
            KEY_READS, KEY_ACKS, KEY_MAX_LAG, KEY_CAPTURE, KEY_LOG, KEY_LOG_FSYNC,
            KEY_RECOVERY, KEY_DATA_DIR, KEY_PROACTIVE_RECOVERY, KEY_ROTATE, KEY_MAX_CONNECTIONS, KEY_MAX_RESULT_BYTES);
    private static final String KNOWN_KEYS = String.join(", ", KEY_F, KEY_REPLICAS, KEY_REPLICA_PREFIX + "NAME.url",
            KEY_REPLICA_PREFIX + "NAME.user", KEY_REPLICA_PREFIX + "NAME.password", KEY_STATEMENT_TIMEOUT, KEY_LOCK_WAIT_TIMEOUT,
            KEY_APPROXIMATE_DIGITS, KEY_DIALECT, KEY_READS, KEY_ACKS, KEY_MAX_LAG, KEY_CAPTURE, KEY_LOG, KEY_LOG_FSYNC,
            KEY_RECOVERY, KEY_DATA_DIR, KEY_PROACTIVE_RECOVERY, KEY_ROTATE, KEY_MAX_CONNECTIONS, KEY_MAX_RESULT_BYTES);
    /** Deadlines are computed in nanoseconds from System.nanoTime(); far below where that overflows. */
    private static final Duration MAX_DURATION = Duration.ofDays(7);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    private final String name;
    private final int f;
    private final List<ReplicaConfig> replicas;
    private final Duration statementTimeout;
    private final Duration lockWaitTimeout;
    private final int approximateDigits;
    private final String dialect;
    private final boolean readsFromAll;
    private final boolean acksFromAll;
    private final Duration maxLag;
    private final boolean capture;
    private final Path logDir;
    private final FsyncPolicy logFsync;
    private final boolean autoRecovery;
    private final Path dataDir;
    private final Duration proactiveRecovery;
    private final List<Engine> rotate;
    private final int maxConnections;
    private final long maxResultBytes;

    private ChorusConfig(String name, int f, List<ReplicaConfig> replicas, Map<String, String> tuning) throws SQLException {
        this.name = name;
        this.f = f;
        this.replicas = List.copyOf(replicas);
        for (String key : tuning.keySet()) {
            if (!TUNING_KEYS.contains(key)) {
                throw invalid(key, tuning.get(key), "unknown setting; the settings are " + KNOWN_KEYS);
            }
        }
        this.statementTimeout = duration(tuning, KEY_STATEMENT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT);
        this.lockWaitTimeout = duration(tuning, KEY_LOCK_WAIT_TIMEOUT, DEFAULT_LOCK_WAIT_TIMEOUT);
        this.approximateDigits = integer(tuning, KEY_APPROXIMATE_DIGITS, DEFAULT_APPROXIMATE_DIGITS, 1, MAX_APPROXIMATE_DIGITS);
        String d = tuning.getOrDefault(KEY_DIALECT, DEFAULT_DIALECT).trim().toUpperCase(java.util.Locale.ROOT);
        if (!Set.of("H2", "DERBY", "HSQLDB", "POSTGRES").contains(d)) {
            throw invalid(KEY_DIALECT, tuning.get(KEY_DIALECT), "the application dialects are H2, DERBY, HSQLDB and POSTGRES");
        }
        this.dialect = d;
        String reads = tuning.getOrDefault(KEY_READS, DEFAULT_READS).trim().toLowerCase(java.util.Locale.ROOT);
        if (!reads.equals("quorum") && !reads.equals("all")) {
            throw invalid(KEY_READS, tuning.get(KEY_READS), "quorum (f+1 replicas first, the others only when those disagree)"
                    + " or all (every replica, so that a wrong answer is noticed at once)");
        }
        this.readsFromAll = reads.equals("all");
        String acks = tuning.getOrDefault(KEY_ACKS, DEFAULT_ACKS).trim().toLowerCase(java.util.Locale.ROOT);
        if (!acks.equals("quorum") && !acks.equals("all")) {
            throw invalid(KEY_ACKS, tuning.get(KEY_ACKS), "quorum (a statement or commit returns once f+1 replicas agree; the"
                    + " others catch up in the same conflict order) or all (it waits for every healthy replica)");
        }
        this.acksFromAll = acks.equals("all");
        this.maxLag = duration(tuning, KEY_MAX_LAG, statementTimeout);
        String capture = tuning.getOrDefault(KEY_CAPTURE, "on").trim().toLowerCase(java.util.Locale.ROOT);
        if (!capture.equals("on") && !capture.equals("off")) {
            throw invalid(KEY_CAPTURE, tuning.get(KEY_CAPTURE), "on (every commit's write set is read back, voted and logged)"
                    + " or off (no write sets: nothing to log, and a replica that wrote differently is only found by a later read)");
        }
        this.capture = capture.equals("on");
        String log = tuning.get(KEY_LOG);
        if (log != null && log.isBlank()) {
            throw invalid(KEY_LOG, log, "must be a directory path");
        }
        try {
            this.logDir = log == null ? null : Path.of(log.trim()).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(KEY_LOG, log, "must be a directory path (" + e.getMessage() + ")");
        }
        if (logDir != null && !this.capture) {
            throw invalid(KEY_LOG, log, "needs capture=on: the log holds the captured write sets");
        }
        try {
            this.logFsync = FsyncPolicy.parse(tuning.getOrDefault(KEY_LOG_FSYNC, "commit"));
        } catch (IllegalArgumentException e) {
            throw invalid(KEY_LOG_FSYNC, tuning.get(KEY_LOG_FSYNC), e.getMessage());
        }
        String recovery = tuning.getOrDefault(KEY_RECOVERY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        if (!recovery.equals("auto") && !recovery.equals("manual")) {
            throw invalid(KEY_RECOVERY, tuning.get(KEY_RECOVERY), "auto (a SUSPECT replica is repaired by itself, with growing"
                    + " pauses between attempts) or manual (only ChorusConnection.recover repairs it)");
        }
        this.autoRecovery = recovery.equals("auto");
        String data = tuning.get(KEY_DATA_DIR);
        try {
            this.dataDir = data == null ? null : Path.of(data.trim()).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(KEY_DATA_DIR, data, "must be a directory path (" + e.getMessage() + ")");
        }
        String proactive = tuning.getOrDefault(KEY_PROACTIVE_RECOVERY, "off").trim();
        this.proactiveRecovery = proactive.equalsIgnoreCase("off") ? null : duration(tuning, KEY_PROACTIVE_RECOVERY, null);
        List<Engine> rotation = new ArrayList<>();
        String rotateList = tuning.getOrDefault(KEY_ROTATE, "off").trim();
        if (!rotateList.equalsIgnoreCase("off")) {
            for (String e : rotateList.split(",")) {
                Engine engine = Engine.named(e.trim());
                if (engine == null || !engine.embeddable() || rotation.contains(engine)) {
                    throw invalid(KEY_ROTATE, rotateList, "must be off or a list of distinct embedded engines from h2, derby, hsqldb"
                            + " (a replica recovered proactively comes back on the next one in the list)");
                }
                rotation.add(engine);
            }
            if (rotation.size() < 2) {
                throw invalid(KEY_ROTATE, rotateList, "needs at least two engines to rotate between");
            }
        }
        this.rotate = List.copyOf(rotation);
        this.maxConnections = integer(tuning, KEY_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS, 1, MAX_MAX_CONNECTIONS);
        this.maxResultBytes = size(tuning, KEY_MAX_RESULT_BYTES, DEFAULT_MAX_RESULT_BYTES);
        if (f < 1 || f > MAX_F) {
            throw invalid(KEY_F, Integer.toString(f), "must be at least 1 and at most " + MAX_F);
        }
        if (replicas.size() < 2 * f + 1) {
            throw invalid(KEY_REPLICAS, Integer.toString(replicas.size()) + " replicas",
                    "f=" + f + " needs at least 2f+1=" + (2 * f + 1) + " replicas");
        }
        Set<String> names = new HashSet<>();
        for (ReplicaConfig r : replicas) {
            if (!NAME.matcher(r.name()).matches()) {
                throw invalid(KEY_REPLICAS, r.name(), "a replica name consists of letters, digits, '_' and '-'");
            }
            if (!names.add(r.name())) {
                throw invalid(KEY_REPLICAS, r.name(), "replica names must be unique");
            }
            if (!r.url().startsWith("jdbc:")) {
                throw invalid(KEY_REPLICA_PREFIX + r.name() + ".url", r.displayUrl(), "must be a JDBC URL starting with 'jdbc:'");
            }
            if (r.url().startsWith("jdbc:chorus:")) {
                throw invalid(KEY_REPLICA_PREFIX + r.name() + ".url", r.displayUrl(), "a replica cannot itself be a Chorus database");
            }
        }
    }

    /**
     * The embedded default: H2, Derby and HSQLDB in this JVM, f = 1, either in memory or on disk under {@code dir}.
     *
     * @param dir null for in-memory replicas
     */
    public static ChorusConfig embedded(String name, Path dir, Map<String, String> tuning) throws SQLException {
        if (name == null || name.isEmpty()) {
            throw invalid("name", String.valueOf(name), "the database name after jdbc:chorus:mem: must not be empty");
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        if (dir == null) {
            // Each engine's in-memory database outlives its connections until the coordinator closes and
            // releases it with the close SQL, like H2's DB_CLOSE_DELAY=-1.
            String db = "chorus_" + name;
            replicas.add(new ReplicaConfig("h2", "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1", "sa", "", "SHUTDOWN"));
            replicas.add(new ReplicaConfig("derby", "jdbc:derby:memory:" + db + ";create=true", null, null, null));
            replicas.add(new ReplicaConfig("hsqldb", "jdbc:hsqldb:mem:" + db, "SA", "", "SHUTDOWN"));
        } else {
            Path abs = dir.toAbsolutePath().normalize();
            // WRITE_DELAY=0: H2 writes a commit before it returns (by default it may wait 500 ms, and a crashed process
            // loses what it acknowledged)
            replicas.add(new ReplicaConfig("h2", "jdbc:h2:file:" + abs.resolve("h2").resolve("chorus") + ";WRITE_DELAY=0", "sa", "",
                    null));
            replicas.add(new ReplicaConfig("derby", "jdbc:derby:" + abs.resolve("derby") + ";create=true", null, null, null));
            replicas.add(new ReplicaConfig("hsqldb", "jdbc:hsqldb:file:" + abs.resolve("hsqldb").resolve("chorus")
                    + HSQLDB_FILE_OPTIONS, "SA", "", "SHUTDOWN"));
            if (!tuning.containsKey(KEY_LOG) && !"off".equalsIgnoreCase(tuning.getOrDefault(KEY_CAPTURE, "on").trim())) {
                // the write-set log lives beside the replicas
                tuning = new TreeMap<>(tuning);
                tuning.put(KEY_LOG, abs.resolve("log").toString());
            }
            if (!tuning.containsKey(KEY_DATA_DIR)) {
                // new replica databases (state transfer) are made beside the first ones
                tuning = new TreeMap<>(tuning);
                tuning.put(KEY_DATA_DIR, abs.toString());
            }
        }
        return new ChorusConfig(name, DEFAULT_F, replicas, tuning);
    }

    /** A configuration from properties, as in a {@code jdbc:chorus:config:FILE} file (see the README). */
    public static ChorusConfig fromProperties(String name, Properties props) throws SQLException {
        Map<String, String> tuning = new TreeMap<>();
        Map<String, String> replicaKeys = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            if (key.startsWith(KEY_REPLICA_PREFIX)) {
                replicaKeys.put(key, value);
            } else if (!key.equals(KEY_F) && !key.equals(KEY_REPLICAS) && !key.equals("user") && !key.equals("password")) {
                tuning.put(key, value);
            }
        }
        String f = props.getProperty(KEY_F, Integer.toString(DEFAULT_F)).trim();
        int fValue;
        try {
            fValue = Integer.parseInt(f);
        } catch (NumberFormatException e) {
            throw invalid(KEY_F, f, "must be an integer from 1 to " + MAX_F);
        }
        String list = props.getProperty(KEY_REPLICAS);
        if (list == null || list.isBlank()) {
            throw invalid(KEY_REPLICAS, String.valueOf(list), "must list the replica names, comma-separated");
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String raw : list.split(",")) {
            String r = raw.trim();
            listed.add(r);
            String url = replicaKeys.get(KEY_REPLICA_PREFIX + r + ".url");
            if (url == null || url.isEmpty()) {
                throw invalid(KEY_REPLICA_PREFIX + r + ".url", String.valueOf(url), "every listed replica needs a JDBC URL");
            }
            replicas.add(new ReplicaConfig(r, url, replicaKeys.get(KEY_REPLICA_PREFIX + r + ".user"),
                    replicaKeys.get(KEY_REPLICA_PREFIX + r + ".password")));
        }
        for (String key : replicaKeys.keySet()) {
            String rest = key.substring(KEY_REPLICA_PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String replica = dot < 0 ? rest : rest.substring(0, dot);
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            if (!listed.contains(replica)) {
                throw invalid(key, replicaKeys.get(key), "replica '" + replica + "' is not listed in '" + KEY_REPLICAS + "'");
            }
            if (!Set.of("url", "user", "password").contains(field)) {
                throw invalid(key, "password".equals(field) ? "***" : replicaKeys.get(key), "a replica has the settings url, user and password");
            }
        }
        return new ChorusConfig(name, fValue, replicas, tuning);
    }

    public String name() {
        return name;
    }

    public int f() {
        return f;
    }

    /** How many matching answers decide: f + 1. */
    public int quorum() {
        return f + 1;
    }

    public List<ReplicaConfig> replicas() {
        return replicas;
    }

    public Duration statementTimeout() {
        return statementTimeout;
    }

    public Duration lockWaitTimeout() {
        return lockWaitTimeout;
    }

    public int approximateDigits() {
        return approximateDigits;
    }

    /**
     * Whether queries go to every replica ({@code reads=all}) instead of f+1 first ({@code reads=quorum}, the
     * default: the replica of the application dialect's engine and the fastest others; the rest only when those
     * disagree, fail or time out).
     */
    public boolean readsFromAll() {
        return readsFromAll;
    }

    /**
     * Whether a statement and a commit wait for every healthy replica ({@code acks=all}) instead of returning once
     * f+1 replicas gave the same answer ({@code acks=quorum}, the default: the others finish later in the same
     * conflict order and their answers are checked then).
     */
    public boolean acksFromAll() {
        return acksFromAll;
    }

    /**
     * How far a replica may fall behind the quorum: the age of the oldest answer it still owes. A replica further
     * behind is marked SUSPECT. Defaults to the statement timeout.
     */
    public Duration maxLag() {
        return maxLag;
    }

    /**
     * Whether each transaction's effective write set is read back on every replica, voted at commit (f+1 equal
     * digests) and appended to the log when there is one ({@code capture=on}, the default).
     */
    public boolean capture() {
        return capture;
    }

    /**
     * The directory of the write-set log, or null for none: {@code log=DIR}; for {@code jdbc:chorus:file:PATH} it
     * defaults to {@code PATH/log}.
     */
    public Path logDir() {
        return logDir;
    }

    /** When the log is fsync'd: {@code commit} (the default: an acknowledged commit is on disk), interval, never. */
    public FsyncPolicy logFsync() {
        return logFsync;
    }

    /**
     * Whether a SUSPECT replica is repaired by itself ({@code recovery=auto}, the default) or only on request
     * ({@code manual}).
     */
    public boolean autoRecovery() {
        return autoRecovery;
    }

    /**
     * Where new replica databases on disk are made (state transfer builds a replica's next database there); null
     * when new databases can only be made in memory.
     */
    public Path dataDir() {
        return dataDir;
    }

    /** How often every replica is rebuilt from a verified state (proactive recovery); null when never. */
    /**
     * Connections Chorus opens to each replica at most. Every open Chorus session holds one to every replica, and
     * verify, recovery and state transfer take one each while they run: a session that would need more waits up to
     * the statement timeout for one and then fails with SQLState 53300, leaving the replicas as they are.
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * Canonical bytes of one replica's answer to one query at most; a query whose answer is larger fails with
     * SQLState 54000 on every replica alike (the answers are held whole until they are voted).
     */
    public long maxResultBytes() {
        return maxResultBytes;
    }

    public Duration proactiveRecovery() {
        return proactiveRecovery;
    }

    /** The engines a proactively recovered replica rotates through; empty when it keeps its engine. */
    public List<Engine> rotate() {
        return rotate;
    }

    /** The application's SQL dialect: H2 (the default), DERBY, HSQLDB or POSTGRES. */
    public String dialect() {
        return dialect;
    }

    /** Parses settings written as {@code key=value} pairs separated by ';' (the tail of a Chorus URL). */
    public static Map<String, String> parseSettings(String tail) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        if (tail == null || tail.isEmpty()) {
            return out;
        }
        for (String part : tail.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw invalid(part, "", "URL settings are written key=value, separated by ';'");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    static SQLException invalid(String key, String value, String rule) {
        return new SQLNonTransientConnectionException(
                "invalid Chorus configuration: " + key + "='" + value + "': " + rule, SqlStates.CONNECTION_REJECTED);
    }

    private static Duration duration(Map<String, String> s, String key, Duration def) throws SQLException {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        Matcher m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(key, v, "must be a duration such as 500ms, 30s, 2m or 1h (a plain number means milliseconds)");
        }
        Duration d;
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            d = switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMillis(n);
            };
            d.toNanos(); // the coordinator computes deadlines in nanoseconds
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, v, "is too long; at most " + MAX_DURATION.toDays() + " days");
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw invalid(key, v, "is too long; at most " + MAX_DURATION.toDays() + " days");
        }
        if (d.isZero()) {
            throw invalid(key, v, "must be greater than zero");
        }
        return d;
    }

    /** A size in bytes: a number with an optional unit b, kB, MB or GB (powers of 1024), at least 1 kB. */
    private static long size(Map<String, String> s, String key, long def) throws SQLException {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        Matcher m = SIZE.matcher(v.trim().toLowerCase(Locale.ROOT));
        String rule = "must be a size such as 65536, 512kB, 64MB or 1GB, from 1kB to 1024GB";
        if (!m.matches() || m.group(1).length() > 7) {
            throw invalid(key, v, rule);
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2) == null ? "b" : m.group(2)) {
            case "kb" -> n << 10;
            case "mb" -> n << 20;
            case "gb" -> n << 30;
            default -> n;
        };
        if (bytes < 1024 || bytes > 1024L << 30) {
            throw invalid(key, v, rule);
        }
        return bytes;
    }

    private static int integer(Map<String, String> s, String key, int def, int min, int max) throws SQLException {
        String v = s.get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the rule
        }
        throw invalid(key, v, "must be an integer from " + min + " to " + max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChorusConfig c && f == c.f && approximateDigits == c.approximateDigits && dialect.equals(c.dialect) && name.equals(c.name)
                && replicas.equals(c.replicas) && statementTimeout.equals(c.statementTimeout)
                && lockWaitTimeout.equals(c.lockWaitTimeout) && readsFromAll == c.readsFromAll && acksFromAll == c.acksFromAll
                && maxLag.equals(c.maxLag) && capture == c.capture && Objects.equals(logDir, c.logDir)
                && logFsync.toString().equals(c.logFsync.toString()) && autoRecovery == c.autoRecovery
                && Objects.equals(dataDir, c.dataDir) && Objects.equals(proactiveRecovery, c.proactiveRecovery) && rotate.equals(c.rotate)
                && maxConnections == c.maxConnections && maxResultBytes == c.maxResultBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, f, replicas, statementTimeout, lockWaitTimeout, approximateDigits, dialect, readsFromAll,
                acksFromAll, maxLag, capture, logDir, logFsync.toString(), autoRecovery, dataDir, proactiveRecovery, rotate,
                maxConnections, maxResultBytes);
    }

    @Override
    public String toString() {
        return "ChorusConfig[name=" + name + ", f=" + f + ", replicas=" + replicas + ", statementTimeout=" + statementTimeout
                + ", lockWaitTimeout=" + lockWaitTimeout + ", approximateDigits=" + approximateDigits + ", dialect=" + dialect
                + ", reads=" + (readsFromAll ? "all" : "quorum") + ", acks=" + (acksFromAll ? "all" : "quorum") + ", maxLag=" + maxLag
                + ", capture=" + (capture ? "on" : "off") + ", log=" + logDir + ", logFsync=" + logFsync
                + ", recovery=" + (autoRecovery ? "auto" : "manual") + ", dataDir=" + dataDir + ", proactiveRecovery="
                + (proactiveRecovery == null ? "off" : proactiveRecovery) + ", rotate=" + (rotate.isEmpty() ? "off" : rotate)
                + ", maxConnections=" + maxConnections + ", maxResultBytes=" + maxResultBytes + "]";
    }
}
