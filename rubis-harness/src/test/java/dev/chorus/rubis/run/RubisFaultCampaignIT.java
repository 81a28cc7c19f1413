package dev.chorus.rubis.run;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaConfig;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.rubis.emulator.PhaseStats;
import dev.chorus.rubis.emulator.State;
import dev.chorus.rubis.emulator.Stats;
import dev.chorus.testing.Fault;
import dev.chorus.testing.FaultyDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    /** How long the clients go on after the last round. */
    private static final Duration AFTER_ROUNDS = Duration.ofSeconds(5);
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
        Duration steady = Duration.ofSeconds(rounds.size() * 12L + 20);
        try (ChorusDataSource chorus = new ChorusDataSource(config); BiddingMix mix = new BiddingMix(chorus, "rubis-faults", steady)) {
            assertThat(mix.before.brokenInvariants()).as("invariants of the generated data").isEmpty();
            List<Outcome> report = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread faults = new Thread(() -> {
                inject(config, db, rounds, report);
                // the steady phase is an upper bound: the clients stop once every round is done, after some
                // more load on the repaired replicas
                sleepQuietly(AFTER_ROUNDS);
                mix.stop();
            }, "rubis-fault-rounds");
            faults.start();
            Stats stats = mix.await();
            faults.join(REPAIR_TIMEOUT.toMillis() * 2);
            assertThat(faults.isAlive()).as("fault rounds finished").isFalse();
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
            try (Connection c = mix.ds.getConnection()) {
                RubisCounts after = RubisCounts.read(c);
                assertThat(after.brokenInvariants()).as("the application's invariants").isEmpty();
                // every insert Chorus acknowledged to a servlet (its commit returned) is there, and nothing else
                after.grownSince(mix.before).forEach((table, grown) ->
                        assertThat(grown).as("%s = acknowledged inserts", table).isEqualTo(mix.acknowledged.rows(table)));
                // each StoreBid page the emulator counted was an acknowledged insert (one finishing after the run is
                // not counted there)
                assertThat(mix.acknowledged.rows("bids")).as("acknowledged bids").isGreaterThanOrEqualTo(all.count(State.STORE_BID));
                assertThat(c.unwrap(ChorusConnection.class).verify().allEqual()).as("verify: all equal").isTrue();
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

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
}
