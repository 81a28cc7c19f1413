package dev.chorus.driver.campaign;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.testing.Fault;
import dev.chorus.testing.FaultyDriver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault campaign: for each kind of fault, with f = 1 (one faulty replica at a time, three replicas) and f = 2
 * (two at once, five replicas), clients run a bank workload through Chorus while the fault is injected into replicas
 * again and again, round after round, each round on other replicas. Every answer a client gets is checked against
 * what it must be (the total of the balances is constant; the list of accounts has every account once and sums to
 * it), every acknowledged transfer must be in the ledger at the end and every balance must be what the ledger says
 * (an oracle computed from the committed transfers, which commute), and after the last round every replica must be
 * HEALTHY and equal (verify). Per round it measures the time from the injection until every faulty replica is no
 * longer HEALTHY (detected) and from the end of the fault until all are HEALTHY again (repaired by
 * {@code recovery=auto}).
 *
 * <p>A scenario beyond the fault model (f + 1 replicas wrong, each differently) checks that Chorus refuses to answer
 * (ZC001) rather than answer wrongly.
 *
 * <p>Used by {@code FaultCampaignIT} (short) and by {@link #main} for RELIABILITY.md: {@code mvn -B -pl driver -am
 * -Pcampaign -DskipTests verify} (arguments via {@code -Dexec.args}: rounds per scenario, default 3).
 */
public final class FaultCampaign {
    static final int ACCOUNTS = 20;
    static final long INITIAL = 1_000;
    static final long TOTAL = ACCOUNTS * INITIAL;
    /** How long a round waits for a faulty replica to be noticed, and then for every replica to be HEALTHY again. */
    static final Duration DETECT_TIMEOUT = Duration.ofSeconds(20);
    /** How far behind the quorum a replica may fall before it is SUSPECT (a slow replica is noticed after it). */
    static final Duration MAX_LAG = Duration.ofSeconds(2);
    static final Duration REPAIR_TIMEOUT = Duration.ofSeconds(60);

    /** The kinds of fault the campaign injects. */
    public enum Kind {
        WRONG_VALUE("a wrong value in a query's answer", true),
        MISSING_ROW("a row left out of a query's answer", true),
        EXTRA_ROW("a row added to a query's answer", true),
        WRONG_UPDATE_COUNT("a wrong update count", true),
        ERROR("an error the others do not raise (on the ledger insert)", true),
        HANG("a hang (every account update blocks)", true),
        SLOW("ten times slower (5 ms more per statement)", false),
        CONNECTION_DROP("its connection drops", true),
        WRONG_WRITE_SET("a wrong write set (the rows read back after an update)", true),
        DATA_CHANGED("its stored data changed behind Chorus", true),
        BEYOND_F("f + 1 replicas wrong, each differently (beyond the fault model)", false),
        LOG_BLOCK_DAMAGED("a write-set log block damaged on disk (found by a state transfer)", true, true),
        CHECKPOINT_DAMAGED("a checkpoint block damaged on disk (found by a state transfer)", true, true),
        COORDINATOR_KILLED("the coordinator's JVM killed (SIGKILL) while committing", true, true),
        POSTGRES_KILLED("a PostgreSQL replica's server killed (SIGKILL)", true, true);

        final String description;
        /** Whether Chorus must notice the faulty replica (a slow replica within maxLag is not a fault). */
        final boolean mustDetect;
        /**
         * Damage on disk or a killed process ({@link DiskAndProcessFaults}): at f = 1 only, but for a killed PostgreSQL
         * server, which at f = 2 holds two replicas' databases.
         */
        final boolean diskOrProcess;

        Kind(String description, boolean mustDetect) {
            this(description, mustDetect, false);
        }

        Kind(String description, boolean mustDetect, boolean diskOrProcess) {
            this.description = description;
            this.mustDetect = mustDetect;
            this.diskOrProcess = diskOrProcess;
        }

        /**
         * Whether the kind runs at this f. The log, a checkpoint and the coordinator are not replicas, so they have
         * no f; they run once, at f = 1.
         */
        boolean runsAt(int f) {
            return !diskOrProcess || f == 1 || this == POSTGRES_KILLED;
        }
    }

    /** What one scenario (a kind of fault at one f) showed. */
    public record Result(Kind kind, int f, int rounds, int detected, List<Long> detectMillis, int repaired,
                         List<Long> repairMillis, long acknowledged, long wrongAnswers, List<String> clientErrors,
                         long refused, long lost, boolean finalEqual, boolean allHealthy, String note) {

        static String median(List<Long> values) {
            if (values.isEmpty()) {
                return "-";
            }
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return Long.toString(sorted.get(sorted.size() / 2));
        }

        static String max(List<Long> values) {
            return values.isEmpty() ? "-" : Long.toString(Collections.max(values));
        }

        /** One row of the RELIABILITY.md table. */
        public String markdownRow() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %d/%d | %s / %s | %d/%d | %s / %s | %d | %d | %d | %d | %d | %s |",
                    kind.description, f, rounds, detected, rounds, median(detectMillis), max(detectMillis), repaired, rounds,
                    median(repairMillis), max(repairMillis), acknowledged, wrongAnswers, clientErrors.size(), refused, lost,
                    (finalEqual ? "equal" : "DIFFERENT") + (allHealthy ? ", all HEALTHY" : ", NOT all healthy")
                            + (note.isEmpty() ? "" : "; " + note));
        }
    }

    /** The header of {@link Result#markdownRow()}'s table. */
    public static final String MARKDOWN_HEADER = "| fault | f | rounds | detected | ms to detect (median / max) | repaired"
            + " | ms to repair (median / max) | commits acknowledged | wrong answers | client errors | refused (ZC001 ...) | lost commits | end |\n"
            + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    private final int rounds;
    private final int clients;
    private final Duration roundLoad;

    /**
     * @param rounds    injections per scenario (each on other replicas)
     * @param clients   bank clients running all the time
     * @param roundLoad how long the fault stays injected at least, with the clients running
     */
    public FaultCampaign(int rounds, int clients, Duration roundLoad) {
        this.rounds = rounds;
        this.clients = clients;
        this.roundLoad = roundLoad;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        FaultCampaign campaign = new FaultCampaign(rounds, 4, Duration.ofSeconds(2));
        StringBuilder out = new StringBuilder(MARKDOWN_HEADER).append('\n');
        for (int f : selectedFs()) {
            for (Kind kind : selectedKinds().stream().filter(k -> k.runsAt(f)).toList()) {
                Result r = campaign.run(kind, f);
                out.append(r.markdownRow()).append('\n');
                System.out.println(r.markdownRow());
                if (!r.clientErrors().isEmpty()) {
                    System.out.println("  first client errors: " + r.clientErrors().subList(0, Math.min(3, r.clientErrors().size())));
                }
            }
        }
        System.out.println();
        System.out.println(out);
    }

    /** The kinds {@code -Dcampaign.kinds=HANG,ERROR} names, or all. */
    static List<Kind> selectedKinds() {
        String only = System.getProperty("campaign.kinds", "");
        return java.util.Arrays.stream(Kind.values())
                .filter(k -> only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(k.name())).toList();
    }

    /** The f values {@code -Dcampaign.f=2} names, or 1 and 2. */
    static List<Integer> selectedFs() {
        String only = System.getProperty("campaign.f", "");
        return java.util.stream.Stream.of(1, 2)
                .filter(f -> only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(f.toString())).toList();
    }

    /** Runs one scenario on a fresh replica set. */
    public Result run(Kind kind, int f) throws Exception {
        if (kind.diskOrProcess) {
            if (!kind.runsAt(f)) {
                throw new IllegalArgumentException(kind + " does not run at f = " + f);
            }
            return new DiskAndProcessFaults(rounds, clients, roundLoad).run(kind, f);
        }
        String db = TestDatabases.uniqueName("campaign_" + kind.name().toLowerCase(Locale.ROOT) + "_f" + f);
        String[] engines = f == 1 ? new String[] {"h2", "derby", "hsqldb"} : new String[] {"h2", "derby", "hsqldb", "h2", "hsqldb"};
        ChorusConfig config = TestDatabases.config(db, Map.of("f", Integer.toString(f), "recovery", "auto", "reads", "all",
                "statementTimeout", "5s", "maxLag", MAX_LAG.toSeconds() + "s", "lockWaitTimeout", "2s"), engines);
        List<ReplicaConfig> replicas = config.replicas();
        try (ChorusDataSource ds = new ChorusDataSource(config)) {
            Bank bank = startBank(ds, clients, kind == Kind.BEYOND_F);
            List<Long> detect = new ArrayList<>();
            List<Long> repair = new ArrayList<>();
            int detected = 0;
            int repaired = 0;
            int ran = 0;
            String note = "";
            try {
                bank.awaitCommits(20, Duration.ofSeconds(30));
                for (int round = 0; round < rounds; round++) {
                    int victims = kind == Kind.BEYOND_F ? f + 1 : f;
                    // replicas still on their configured database (state transfer gives a DOWN one a new database,
                    // which the fault injector does not wrap), taken in turn from round to round
                    List<ReplicaConfig> candidates = new ArrayList<>();
                    for (ReplicaConfig r : replicas) {
                        if (TestDatabases.status(config).get(replicas.indexOf(r)).url().startsWith(FaultyDriver.URL_PREFIX)) {
                            candidates.add(r);
                        }
                    }
                    if (candidates.size() < victims) {
                        note = "round " + (round + 1) + " and later skipped: too few replicas left on their first database";
                        break;
                    }
                    List<ReplicaConfig> faulty = new ArrayList<>();
                    for (int v = 0; v < victims; v++) {
                        faulty.add(candidates.get((round * victims + v + 1) % candidates.size()));
                    }
                    ran++;
                    java.time.Instant injectedAt = java.time.Instant.now();
                    for (int v = 0; v < faulty.size(); v++) {
                        inject(kind, db, faulty.get(v), v, round);
                    }
                    long commitsBefore = bank.committed.get();
                    // detected: each faulty replica has a fault recorded since the injection (recovery=auto may
                    // have repaired it already by the time we look)
                    boolean noticed = TestDatabases.waitFor(() -> faulty.stream().allMatch(r -> faultSince(config, r.name(), injectedAt) != null),
                            kind.mustDetect ? DETECT_TIMEOUT : roundLoad.plus(MAX_LAG));
                    if (noticed) {
                        detected++;
                        detect.add(faulty.stream().mapToLong(r -> java.time.Duration.between(injectedAt,
                                faultSince(config, r.name(), injectedAt)).toMillis()).max().orElse(0));
                    }
                    // the clients go on under the fault for a while (at least some commits)
                    sleep(roundLoad.toMillis());
                    bank.awaitCommits(commitsBefore + 5, Duration.ofSeconds(20));
                    for (ReplicaConfig r : faulty) {
                        FaultyDriver.clear(TestDatabases.faultName(db, r.name()));
                    }
                    long clearedAt = System.nanoTime();
                    if (TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT)) {
                        repaired++;
                        repair.add((System.nanoTime() - clearedAt) / 1_000_000);
                    }
                }
                if (kind == Kind.BEYOND_F) {
                    note = bank.refused.get() > 0 ? "refused rather than answered wrongly" : "no refusal observed";
                }
            } finally {
                bank.stop();
                FaultyDriver.clearAll();
            }
            return judge(kind, f, ran, detected, detect, repaired, repair, bank, ds, config, note);
        }
    }

    /**
     * Creates the bank's tables ({@link #ACCOUNTS} accounts of {@link #INITIAL} each, an empty ledger) and starts its
     * clients.
     */
    static Bank startBank(ChorusDataSource ds, int clients, boolean refusalsExpected) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE account (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            s.executeUpdate("CREATE TABLE ledger (id BIGINT PRIMARY KEY, src INT NOT NULL, dst INT NOT NULL, amount BIGINT NOT NULL)");
            for (int i = 0; i < ACCOUNTS; i++) {
                s.executeUpdate("INSERT INTO account VALUES (" + i + ", " + INITIAL + ")");
            }
        }
        return new Bank(ds, clients, refusalsExpected);
    }

    /**
     * Judges the end of a scenario whose clients have stopped: the slowest replicas finish what the quorum committed,
     * and whatever they were found doing wrong on the way is repaired; then the oracle, verify and health.
     */
    static Result judge(Kind kind, int f, int ran, int detected, List<Long> detect, int repaired, List<Long> repair, Bank bank,
                        ChorusDataSource ds, ChorusConfig config, String note) throws SQLException {
        TestDatabases.awaitCaughtUp(config);
        TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT);
        long lost;
        boolean equal;
        try (Connection c = ds.getConnection()) {
            lost = bank.checkAgainstOracle(c);
            equal = c.unwrap(ChorusConnection.class).verify().allEqual();
        }
        boolean healthy = TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT);
        return new Result(kind, f, ran, detected, detect, repaired, repair, bank.committed.get(), bank.wrong.get(),
                List.copyOf(bank.errors), bank.refused.get(), lost, equal, healthy, note);
    }

    /** The clients' total query as each engine gets it (translated: names quoted and qualified). */
    private static final java.util.function.Predicate<String> TOTAL_QUERY = Fault.sqlStatement("the clients' SELECT SUM(balance)",
            "select sum(", "from account");
    /** Chorus's read-back of the rows an UPDATE changed (by key; the clients' own queries have no WHERE). */
    private static final java.util.function.Predicate<String> READ_BACK = Fault.sqlStatement("Chorus's read-back of updated accounts",
            "select", "from account where");

    /** Injects one fault of the kind into one replica ({@code which}: its place among this round's faulty ones). */
    private static void inject(Kind kind, String db, ReplicaConfig r, int which, int round) throws SQLException {
        String name = TestDatabases.faultName(db, r.name());
        long seed = 31L * round + which;
        switch (kind) {
            case WRONG_VALUE -> FaultyDriver.inject(name, new Fault(Fault.Kind.WRONG_VALUE, TOTAL_QUERY, Fault.EVERY_TIME));
            case MISSING_ROW -> FaultyDriver.inject(name, Fault.onSql(Fault.Kind.MISSING_ROW, "from account order by"));
            case EXTRA_ROW -> FaultyDriver.inject(name, Fault.onSql(Fault.Kind.EXTRA_ROW, "from account order by"));
            case WRONG_UPDATE_COUNT -> FaultyDriver.inject(name,
                    Fault.onSql(Fault.Kind.WRONG_UPDATE_COUNT, "update account").withProbability(0.5, seed));
            case ERROR -> FaultyDriver.inject(name, Fault.onSql(Fault.Kind.ERROR, "insert into ledger").withProbability(0.5, seed));
            case HANG -> FaultyDriver.inject(name, Fault.onSql(Fault.Kind.HANG, "update account"));
            case SLOW -> FaultyDriver.inject(name, Fault.slow(Duration.ofMillis(5), Fault.anySql()));
            case CONNECTION_DROP -> FaultyDriver.inject(name, Fault.once(Fault.Kind.CONNECTION_ERROR, "update account"));
            // Chorus reads back the rows an UPDATE changed by key: that read, not the clients' (they have no WHERE id)
            case WRONG_WRITE_SET -> FaultyDriver.inject(name, new Fault(Fault.Kind.WRONG_VALUE, READ_BACK, Fault.EVERY_TIME));
            case DATA_CHANGED -> {
                try (Connection direct = TestDatabases.direct(r); Statement s = direct.createStatement()) {
                    s.executeUpdate("UPDATE ACCOUNT SET BALANCE = BALANCE + 7 WHERE ID = " + (round % ACCOUNTS));
                    if (!direct.getAutoCommit()) {
                        direct.commit();
                    }
                }
            }
            // two (f=1) or three (f=2) replicas answer the total wrongly, each in its own way: no f+1 agree
            case BEYOND_F -> FaultyDriver.inject(name, which == 0 ? new Fault(Fault.Kind.WRONG_VALUE, TOTAL_QUERY, Fault.EVERY_TIME)
                    : which == 1 ? new Fault(Fault.Kind.EXTRA_ROW, TOTAL_QUERY, Fault.EVERY_TIME) : new Fault(Fault.Kind.ERROR, TOTAL_QUERY, Fault.EVERY_TIME));
        }
    }

    /** When the replica's first fault since {@code since} was recorded, or null (its last fault is earlier). */
    private static java.time.Instant faultSince(ChorusConfig config, String replica, java.time.Instant since) {
        for (ReplicaStatus r : TestDatabases.status(config)) {
            if (r.name().equals(replica)) {
                java.time.Instant at = r.lastFaultAt();
                return at != null && !at.isBefore(since) ? firstFaults.computeIfAbsent(replica + "@" + since, k -> at) : null;
            }
        }
        throw new IllegalArgumentException(replica);
    }

    /** The first fault time seen per replica and round (a later fault, a recovery, overwrites the status's). */
    private static final Map<String, java.time.Instant> firstFaults = new ConcurrentHashMap<>();

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Clients moving money between accounts (two updates and a ledger row per transaction) and checking what they
     * read: the total, and the list of accounts. Every answer that breaks the invariants is a wrong answer that
     * reached a client.
     */
    static final class Bank {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();
        /** Acknowledged transfers by ledger id, and those whose commit outcome Chorus could not tell (40003). */
        final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<Long> unknown = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool;
        private final List<Future<?>> running = new ArrayList<>();
        private final boolean refusalsExpected;
        private final AtomicInteger clientIds = new AtomicInteger();

        Bank(ChorusDataSource ds, int clients, boolean refusalsExpected) {
            this.refusalsExpected = refusalsExpected;
            pool = Executors.newFixedThreadPool(clients);
            for (int i = 0; i < clients; i++) {
                running.add(pool.submit(() -> client(ds)));
            }
        }

        private Void client(ChorusDataSource ds) {
            long base = (clientIds.incrementAndGet()) * 1_000_000_000L;
            long n = base;
            while (!stop.get()) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    while (!stop.get()) {
                        // a millisecond of think time: the clients leave the two cores some room, as real ones do
                        // (saturated, every replica lags and maxLag marks healthy ones SUSPECT)
                        sleep(1);
                        int what = ThreadLocalRandom.current().nextInt(10);
                        if (what == 0) {
                            checkTotal(c);
                        } else if (what == 1) {
                            checkList(c);
                        } else {
                            transfer(c, ++n);
                        }
                    }
                } catch (SQLException e) {
                    failure(e);
                    sleep(50);
                } catch (RuntimeException e) {
                    errors.add(e.toString());
                    return null;
                }
            }
            return null;
        }

        private void failure(SQLException e) {
            String state = String.valueOf(e.getSQLState());
            if (state.equals("ZC001") && refusalsExpected) {
                refused.incrementAndGet();
            } else {
                errors.add(state + ": " + e.getMessage());
            }
        }

        /** A read the oracle judges: false when the answer breaks the invariants (a wrong answer). */
        private interface Check {
            boolean holds(Statement s) throws SQLException;
        }

        /** Runs one read-only transaction and counts a wrong answer when the check fails. */
        private void check(Connection c, Check check) {
            try {
                try (Statement s = c.createStatement()) {
                    if (!check.holds(s)) {
                        wrong.incrementAndGet();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!retryable(e)) {
                    failure(e);
                }
            }
        }

        private void checkTotal(Connection c) {
            check(c, s -> {
                try (ResultSet rs = s.executeQuery("SELECT SUM(balance) FROM account")) {
                    rs.next();
                    return rs.getLong(1) == TOTAL && !rs.next();
                }
            });
        }

        private void checkList(Connection c) {
            check(c, s -> {
                long sum = 0;
                Set<Integer> ids = new java.util.HashSet<>();
                int rows = 0;
                try (ResultSet rs = s.executeQuery("SELECT id, balance FROM account ORDER BY id")) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                        sum += rs.getLong(2);
                        rows++;
                    }
                }
                return rows == ACCOUNTS && ids.size() == ACCOUNTS && sum == TOTAL;
            });
        }

        private void transfer(Connection c, long ledgerId) throws SQLException {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            int from = r.nextInt(ACCOUNTS);
            int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + r.nextInt(9);
            try {
                try (PreparedStatement ps = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                    ps.setLong(1, -amount);
                    ps.setInt(2, from);
                    if (ps.executeUpdate() != 1) {
                        wrong.incrementAndGet();
                    }
                    ps.setLong(1, amount);
                    ps.setInt(2, to);
                    if (ps.executeUpdate() != 1) {
                        wrong.incrementAndGet();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, ledgerId);
                    ps.setInt(2, from);
                    ps.setInt(3, to);
                    ps.setLong(4, amount);
                    if (ps.executeUpdate() != 1) {
                        wrong.incrementAndGet();
                    }
                }
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!retryable(e)) {
                    failure(e);
                }
                return;
            }
            try {
                c.commit();
                acknowledged.add(ledgerId);
                committed.incrementAndGet();
            } catch (SQLException e) {
                if ("40003".equals(e.getSQLState())) {
                    unknown.add(ledgerId);
                } else if (!retryable(e)) {
                    failure(e);
                }
                rollbackQuietly(c);
            }
        }

        /** A concurrency failure (40001: rolled back, to be retried) is the application's normal lot. */
        private static boolean retryable(SQLException e) {
            return "40001".equals(e.getSQLState());
        }

        private static void rollbackQuietly(Connection c) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the next call reports what is wrong with the connection
            }
        }

        void awaitCommits(long n, Duration timeout) {
            TestDatabases.waitFor(() -> committed.get() >= n || !errors.isEmpty() && errors.size() > 100, timeout);
        }

        void stop() throws Exception {
            stop.set(true);
            try {
                for (Future<?> f : running) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }

        /**
         * Checks the database against the clients' record: every acknowledged transfer in the ledger, nothing in the
         * ledger that was not acknowledged (or of unknown outcome), every balance what the ledger makes it. Returns
         * the acknowledged transfers missing from the ledger (lost commits); a balance that differs from the oracle
         * counts as a wrong answer.
         */
        long checkAgainstOracle(Connection c) throws SQLException {
            c.setAutoCommit(true);
            Map<Integer, Long> expected = new HashMap<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                expected.put(i, INITIAL);
            }
            Set<Long> inLedger = new java.util.HashSet<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, src, dst, amount FROM ledger")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    inLedger.add(id);
                    expected.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
                    expected.merge(rs.getInt(3), rs.getLong(4), Long::sum);
                    if (!acknowledged.contains(id) && !unknown.contains(id)) {
                        errors.add("ledger row " + id + " was never acknowledged");
                    }
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, balance FROM account")) {
                while (rs.next()) {
                    if (rs.getLong(2) != expected.get(rs.getInt(1))) {
                        wrong.incrementAndGet();
                        errors.add("account " + rs.getInt(1) + " holds " + rs.getLong(2) + ", the ledger says "
                                + expected.get(rs.getInt(1)));
                    }
                }
            }
            return acknowledged.stream().filter(id -> !inLedger.contains(id)).count();
        }
    }
}
