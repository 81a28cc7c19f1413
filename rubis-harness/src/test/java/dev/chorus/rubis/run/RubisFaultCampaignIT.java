package dev.chorus.rubis.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.rubis.db.DataGenerator;
import dev.chorus.rubis.db.Scale;
import dev.chorus.rubis.db.Schema;
import dev.chorus.rubis.emulator.Emulator;
import dev.chorus.rubis.emulator.EmulatorConfig;
import dev.chorus.rubis.emulator.PhaseStats;
import dev.chorus.rubis.emulator.State;
import dev.chorus.rubis.emulator.Stats;
import dev.chorus.rubis.emulator.TransitionTable;
import dev.chorus.rubis.web.RubisServer;
import dev.chorus.testing.Fault;
import dev.chorus.testing.FaultyDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault campaign on the RUBiS bidding mix: emulated clients browse, bid, buy and comment over HTTP (Jetty)
 * through Chorus (H2 + Derby + HSQLDB, f = 1, recovery=auto) while one replica at a time answers wrongly, leaves
 * out rows, fails inserts, hangs, drops its connection, reads back a wrong write set or has its data changed
 * behind Chorus. Checked: no error page reached a client, every insert Chorus acknowledged to a servlet is in the
 * database once and nothing else is (bids, comments, purchases, items, users), the application's own
 * invariants hold (an item's bid count and maximum bid match its bids, a user's rating the comments about them),
 * each faulty replica was detected and repaired, and at the end every replica is HEALTHY and equal.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RubisFaultCampaignIT {
    private static final Logger LOG = LoggerFactory.getLogger(RubisFaultCampaignIT.class);
    private static final Duration FAULT_HELD = Duration.ofSeconds(3);
    /**
     * Rounds hit the same replica every half minute or so, faster than recovery forgives a replica its earlier
     * attempts (10 minutes): its next attempt may wait the doubled spacing, 64 s or 128 s by the last rounds.
     */
    private static final Duration REPAIR_TIMEOUT = Duration.ofSeconds(180);

    /** One round: the fault injected into one replica, and whether Chorus must notice it. */
    private record Round(String name, boolean mustDetect, java.util.function.Consumer<ReplicaConfig> inject) {
    }

    @Test
    void biddingMixUnderFaultsServesNoErrorLosesNothingAndEndsEqual() throws Exception {
        int f = Integer.getInteger("rubis.campaign.f", 1);
        String db = TestDatabases.uniqueName("rubis_faults_f" + f);
        String[] engines = f == 1 ? new String[] {"h2", "derby", "hsqldb"} : new String[] {"h2", "derby", "hsqldb", "h2", "hsqldb"};
        ChorusConfig config = TestDatabases.config(db, Map.of("f", Integer.toString(f), "recovery", "auto", "reads", "all",
                "statementTimeout", "5s", "maxLag", "2s", "lockWaitTimeout", "2s"), engines);
        // the faults that give a replica a new database (which the injector does not wrap) come last: with f = 2 the
        // last round may find too few replicas left on their first database
        List<Round> rounds = List.of(
                new Round("a wrong value in the item page's query", true, r -> inject(db, r,
                        new Fault(Fault.Kind.WRONG_VALUE, sql("select", "from items where"), Fault.EVERY_TIME))),
                new Round("a row left out of the bid history", true, r -> inject(db, r,
                        new Fault(Fault.Kind.MISSING_ROW, sql("select", "bid_date desc"), Fault.EVERY_TIME))),
                new Round("an error on every second bid insert", true, r -> inject(db, r,
                        new Fault(Fault.Kind.ERROR, sql("insert into", "bids"), Fault.EVERY_TIME).withProbability(0.5, 7))),
                new Round("wrong user rows (the pages' reads and the write sets read back after a rating update)", true,
                        r -> inject(db, r, new Fault(Fault.Kind.WRONG_VALUE, sql("select", "from users where"), Fault.EVERY_TIME))),
                new Round("a wrong update count on every second item update", true, r -> inject(db, r,
                        new Fault(Fault.Kind.WRONG_UPDATE_COUNT, sql("update", "items"), Fault.EVERY_TIME).withProbability(0.5, 11))),
                new Round("a row added to the item page's query", true, r -> inject(db, r,
                        new Fault(Fault.Kind.EXTRA_ROW, sql("select", "from items where"), Fault.EVERY_TIME))),
                new Round("its stored data changed behind Chorus", true, r -> {
                    try (Connection direct = TestDatabases.direct(r); Statement s = direct.createStatement()) {
                        // every item: the search and item pages the clients read most show it
                        s.executeUpdate("UPDATE ITEMS SET NB_OF_BIDS = NB_OF_BIDS + 1");
                        if (!direct.getAutoCommit()) {
                            direct.commit();
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                new Round("ten times slower (5 ms more per statement)", false, r -> inject(db, r,
                        Fault.slow(Duration.ofMillis(5), Fault.anySql()))),
                new Round("a hang on item updates", true, r -> inject(db, r,
                        new Fault(Fault.Kind.HANG, sql("update", "items"), Fault.EVERY_TIME))),
                new Round("its connection drops", true, r -> inject(db, r,
                        new Fault(Fault.Kind.CONNECTION_ERROR, sql("update", "users"), 1))));
        Scale scale = Scale.TINY;
        HikariConfig hc = new HikariConfig();
        try (ChorusDataSource chorus = new ChorusDataSource(config)) {
            hc.setDataSource(chorus);
            hc.setMaximumPoolSize(12);
            hc.setPoolName("rubis-faults");
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                try (Connection c = ds.getConnection()) {
                    Schema.create(c);
                    new DataGenerator(scale, 20030101L, Instant.parse("2026-11-01T00:00:00Z")).generate(c);
                }
                Counts before;
                try (Connection c = ds.getConnection()) {
                    before = Counts.read(c);
                    assertThat(before.brokenInvariants()).as("invariants of the generated data").isEmpty();
                }
                List<Outcome> report = new java.util.concurrent.CopyOnWriteArrayList<>();
                Stats stats;
                Acknowledged acknowledged = new Acknowledged();
                try (RubisServer server = new RubisServer(acknowledged.wrap(ds), 0, RubisServer.DEFAULT_MAX_THREADS, Clock.systemUTC())) {
                    Duration steady = Duration.ofSeconds(rounds.size() * 12L + 20);
                    Emulator emulator = new Emulator(EmulatorConfig.builder(server.baseUri()).table(TransitionTable.biddingMix())
                            .clients(12).phases(Duration.ofSeconds(2), steady, Duration.ofSeconds(1)).thinkTimeScale(0.02)
                            .nbUsers(scale.users()).nbItems(scale.items()).seed(20030101L).build());
                    Thread faults = new Thread(() -> inject(config, db, rounds, report), "rubis-fault-rounds");
                    faults.start();
                    stats = emulator.run();
                    faults.join(REPAIR_TIMEOUT.toMillis() * 2);
                    assertThat(faults.isAlive()).as("fault rounds finished").isFalse();
                }
                report.forEach(o -> LOG.info("f={}: {}", f, o.line()));
                TestDatabases.awaitCaughtUp(config);
                assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT))
                        .as("all HEALTHY at the end: %s", TestDatabases.status(config)).isTrue();
                PhaseStats all = stats.overall();
                LOG.info("{} pages served, {} error pages; stored: {} bids, {} comments, {} purchases, {} items, {} users",
                        all.totalCount(), all.totalErrors(), all.count(State.STORE_BID), all.count(State.STORE_COMMENT),
                        all.count(State.STORE_BUY_NOW), all.count(State.REGISTER_ITEM), all.count(State.REGISTER_USER));
                assertThat(all.totalCount()).as("requests served").isGreaterThan(200);
                assertThat(all.totalErrors()).as("error pages the clients got").isZero();
                assertThat(all.count(State.STORE_BID)).as("bids stored").isPositive();
                assertThat(report).as("rounds").hasSize(rounds.size());
                assertThat(report.stream().filter(Outcome::skipped)).as("rounds skipped (f = 2: too few replicas left on"
                        + " their first database)").hasSizeLessThanOrEqualTo(f - 1);
                for (Outcome o : report) {
                    if (!o.skipped()) {
                        assertThat(o.repaired()).as(o.line()).isTrue();
                        assertThat(o.detected() || !o.round().mustDetect()).as(o.line()).isTrue();
                    }
                }
                try (Connection c = ds.getConnection()) {
                    Counts after = Counts.read(c);
                    assertThat(after.brokenInvariants()).as("the application's invariants").isEmpty();
                    // every insert Chorus acknowledged to a servlet (its commit returned) is there, and nothing else
                    assertThat(after.bids - before.bids).as("bids = acknowledged inserts").isEqualTo(acknowledged.rows("bids"));
                    assertThat(after.comments - before.comments).as("comments = acknowledged inserts").isEqualTo(acknowledged.rows("comments"));
                    assertThat(after.buyNows - before.buyNows).as("purchases = acknowledged inserts").isEqualTo(acknowledged.rows("buy_now"));
                    assertThat(after.items - before.items).as("items = acknowledged inserts").isEqualTo(acknowledged.rows("items"));
                    assertThat(after.users - before.users).as("users = acknowledged inserts").isEqualTo(acknowledged.rows("users"));
                    // each StoreBid page the emulator counted was an acknowledged insert (one finishing after the run is
                    // not counted there)
                    assertThat(acknowledged.rows("bids")).as("acknowledged bids").isGreaterThanOrEqualTo(all.count(State.STORE_BID));
                    assertThat(c.unwrap(ChorusConnection.class).verify().allEqual()).as("verify: all equal").isTrue();
                }
            }
        }
    }

    /** What one round showed. */
    private record Outcome(Round round, List<String> victims, boolean skipped, boolean detected, boolean repaired, String line) {
    }

    /** The rounds, f replicas at a time, each on replicas still on their first (fault-wrapped) database. */
    private static void inject(ChorusConfig config, String db, List<Round> rounds, List<Outcome> report) {
        List<ReplicaConfig> replicas = config.replicas();
        int f = config.f();
        try {
            Thread.sleep(4000); // the ramp-up, and some load
            for (int i = 0; i < rounds.size(); i++) {
                Round round = rounds.get(i);
                List<ReplicaConfig> candidates = new ArrayList<>();
                for (int k = 0; k < replicas.size(); k++) {
                    if (TestDatabases.status(config).get(k).url().startsWith(FaultyDriver.URL_PREFIX)) {
                        candidates.add(replicas.get(k));
                    }
                }
                if (candidates.size() < f) {
                    report.add(new Outcome(round, List.of(), true, false, false, round.name() + ": skipped, "
                            + candidates.size() + " replicas left on their first database, " + f + " needed"));
                    continue;
                }
                List<ReplicaConfig> victims = new ArrayList<>();
                for (int v = 0; v < f; v++) {
                    victims.add(candidates.get((i * f + v) % candidates.size()));
                }
                Instant injected = Instant.now();
                victims.forEach(round.inject());
                boolean detected = TestDatabases.waitFor(() -> victims.stream().allMatch(r -> faultSince(config, r.name(), injected)),
                        round.mustDetect() ? Duration.ofSeconds(20) : FAULT_HELD.plusSeconds(2));
                long detectMs = Duration.between(injected, Instant.now()).toMillis();
                Thread.sleep(FAULT_HELD.toMillis());
                victims.forEach(r -> FaultyDriver.clear(TestDatabases.faultName(db, r.name())));
                long cleared = System.nanoTime();
                boolean healthy = TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT);
                long repairMs = (System.nanoTime() - cleared) / 1_000_000;
                List<String> names = victims.stream().map(ReplicaConfig::name).toList();
                report.add(new Outcome(round, names, false, detected, healthy, String.format(Locale.ROOT, "%s on %s: %s, %s",
                        round.name(), names, detected ? "detected after " + detectMs + " ms" : "not detected",
                        healthy ? "HEALTHY again after " + repairMs + " ms" : "NOT repaired: " + TestDatabases.status(config))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            FaultyDriver.clearAll();
        }
    }

    private static void inject(String db, ReplicaConfig r, Fault fault) {
        FaultyDriver.inject(TestDatabases.faultName(db, r.name()), fault);
    }

    /** SQL (quotes dropped, lower case) that starts with {@code start} and contains {@code part}. */
    private static java.util.function.Predicate<String> sql(String start, String part) {
        return Fault.sqlStatement(start + " ... " + part, start, part);
    }

    private static boolean faultSince(ChorusConfig config, String replica, Instant since) {
        return TestDatabases.status(config).stream()
                .anyMatch(r -> r.name().equals(replica) && r.lastFaultAt() != null && !r.lastFaultAt().isBefore(since));
    }

    /**
     * Counts the rows each INSERT put into a table once Chorus acknowledged it to a servlet: at the commit that
     * returned, or at once in auto-commit mode. The oracle for "no acknowledged commit lost or doubled".
     */
    static final class Acknowledged {
        private final Map<String, java.util.concurrent.atomic.AtomicLong> rows = new java.util.concurrent.ConcurrentHashMap<>();

        long rows(String table) {
            java.util.concurrent.atomic.AtomicLong n = rows.get(table);
            return n == null ? 0 : n.get();
        }

        private void add(Map<String, Long> inserted) {
            inserted.forEach((t, n) -> rows.computeIfAbsent(t, k -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(n));
        }

        javax.sql.DataSource wrap(javax.sql.DataSource ds) {
            return proxy(javax.sql.DataSource.class, (p, m, a) -> {
                Object r = invoke(ds, m, a);
                return r instanceof Connection c ? connection(c) : r;
            });
        }

        private Connection connection(Connection c) {
            Map<String, Long> pending = new java.util.HashMap<>();
            return proxy(Connection.class, (p, m, a) -> {
                Object r = invoke(c, m, a);
                switch (m.getName()) {
                    case "commit" -> {
                        synchronized (pending) {
                            add(pending);
                            pending.clear();
                        }
                    }
                    case "rollback", "close" -> {
                        synchronized (pending) {
                            pending.clear();
                        }
                    }
                    case "prepareStatement" -> {
                        String table = insertedTable((String) a[0]);
                        if (table != null) {
                            java.sql.PreparedStatement ps = (java.sql.PreparedStatement) r;
                            return proxy(java.sql.PreparedStatement.class, (p2, m2, a2) -> {
                                Object r2 = invoke(ps, m2, a2);
                                if (m2.getName().equals("executeUpdate") && (a2 == null || a2.length == 0)) {
                                    Map<String, Long> one = Map.of(table, (long) (Integer) r2);
                                    if (c.getAutoCommit()) {
                                        add(one);
                                    } else {
                                        synchronized (pending) {
                                            pending.merge(table, (long) (Integer) r2, Long::sum);
                                        }
                                    }
                                }
                                return r2;
                            });
                        }
                    }
                    default -> {
                    }
                }
                return r;
            });
        }

        private static String insertedTable(String sql) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)^\\s*INSERT\\s+INTO\\s+(\\w+)").matcher(sql);
            return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        }

        private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
            try {
                return m.invoke(target, a);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler h) {
            return (T) java.lang.reflect.Proxy.newProxyInstance(Acknowledged.class.getClassLoader(), new Class<?>[] {type}, h);
        }
    }

    /** Row counts and the RUBiS invariants, read through Chorus (voted). */
    private record Counts(long bids, long comments, long buyNows, long items, long users, Map<String, Long> broken) {
        static Counts read(Connection c) throws SQLException {
            Map<String, Long> broken = new LinkedHashMap<>();
            broken.put("items whose nb_of_bids is not their number of bids", one(c, "SELECT COUNT(*) FROM items i WHERE i.nb_of_bids"
                    + " <> (SELECT COUNT(*) FROM bids b WHERE b.item_id = i.id)"));
            broken.put("items whose max_bid is below their highest bid", one(c, "SELECT COUNT(*) FROM items i WHERE i.max_bid"
                    + " < (SELECT MAX(b.bid) FROM bids b WHERE b.item_id = i.id)"));
            broken.put("users whose rating is not the sum of the comments about them", one(c, "SELECT COUNT(*) FROM users u WHERE"
                    + " u.rating <> (SELECT COALESCE(SUM(m.rating), 0) FROM comments m WHERE m.to_user_id = u.id)"));
            broken.values().removeIf(n -> n == 0);
            return new Counts(one(c, "SELECT COUNT(*) FROM bids"), one(c, "SELECT COUNT(*) FROM comments"),
                    one(c, "SELECT COUNT(*) FROM buy_now"),
                    one(c, "SELECT COUNT(*) FROM items") + one(c, "SELECT COUNT(*) FROM old_items"),
                    one(c, "SELECT COUNT(*) FROM users"), broken);
        }

        Map<String, Long> brokenInvariants() {
            return broken;
        }

        private static long one(Connection c, String sql) throws SQLException {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
