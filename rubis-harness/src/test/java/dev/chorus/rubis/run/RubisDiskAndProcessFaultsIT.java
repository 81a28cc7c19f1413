package dev.chorus.rubis.run;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.coordinator.StateTransfer;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.driver.pg.PostgresServer;
import dev.chorus.rubis.emulator.Emulator;
import dev.chorus.rubis.emulator.PhaseStats;
import dev.chorus.rubis.emulator.State;
import dev.chorus.rubis.web.RubisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign's disk and process faults on the RUBiS bidding mix (emulated clients over HTTP through Jetty), as
 * {@code FaultCampaign} runs them on the bank: a damaged write-set log block and a damaged checkpoint block found by
 * the state transfers that read them, a PostgreSQL replica's server killed and started again, and the coordinator's
 * JVM killed (SIGKILL) while it serves bids. Checked each time: no error page reached a client (but for the killed
 * coordinator, whose clients lose their server), every insert Chorus acknowledged to a servlet is stored (once, and
 * nothing else but what was in flight at a kill), the application's invariants hold, the fault was detected and
 * repaired, and at the end every replica is HEALTHY and equal.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RubisDiskAndProcessFaultsIT {
    private static final Logger LOG = LoggerFactory.getLogger(RubisDiskAndProcessFaultsIT.class);
    private static final Duration REPAIR_TIMEOUT = Duration.ofSeconds(120);
    /** Rounds of each fault: 1 in CI; more with {@code -Drubis.faults.rounds=N}. */
    private static final int ROUNDS = Integer.getInteger("rubis.faults.rounds", 1);
    private static final String[] VICTIMS = {"derby", "hsqldb", "h2"};

    @Test
    void damagedLogAndCheckpointBlocksAreFoundByTheTransfersThatReadThemWhileClientsBid(@TempDir Path dir) throws Exception {
        ChorusConfig config = ChorusConfig.embedded(TestDatabases.uniqueName("rubis_disk"), dir,
                Map.of("recovery", "manual", "reads", "all", "statementTimeout", "10s", "lockWaitTimeout", "2s"));
        try (ChorusDataSource chorus = new ChorusDataSource(config); BiddingMix mix = mix(chorus)) {
            mix.awaitInserts(20);

            for (int round = 0; round < ROUNDS; round++) {
                // a log block after the newest checkpoint: the transfer cannot roll the checkpoint forward
                TestDatabases.checkpoint(chorus);
                Path segment = TestDatabases.newestLogSegment(dir.resolve("log"));
                long after = Files.size(segment); // what is written from here on holds commits after the checkpoint
                mix.awaitInserts(mix.inserts() + 30);
                damageAWholeLogBlock(mix, segment, after);
                StateTransfer.Report logRound = transfer(chorus, VICTIMS[(2 * round) % VICTIMS.length]);
                assertThat(logRound.source()).as("the transfer after a damaged log block").isEqualTo("snapshot");
                assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT)).as("repaired").isTrue();

                // a checkpoint block: the checkpoint is set aside and the transfer takes a snapshot
                Path checkpoint = TestDatabases.checkpoint(chorus);
                mix.awaitInserts(mix.inserts() + 10);
                TestDatabases.damageFirstBlock(checkpoint);
                StateTransfer.Report checkpointRound = transfer(chorus, VICTIMS[(2 * round + 1) % VICTIMS.length]);
                assertThat(checkpointRound.source()).as("the transfer after a damaged checkpoint block").isEqualTo("snapshot");
                assertThat(TestDatabases.quarantined(checkpoint)).as("the damaged checkpoint set aside").isTrue();
                assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT)).as("repaired").isTrue();
                LOG.info("round {}: damaged log block: {}; damaged checkpoint block: {}", round + 1, logRound, checkpointRound);
            }

            // the snapshot's checkpoint and the log after it serve the next transfer again
            mix.awaitInserts(mix.inserts() + 10);
            assertThat(transfer(chorus, "h2").source()).as("the next transfer").startsWith("checkpoint ");
            finishAndCheck(mix, config);
        }
    }

    @Test
    void aKilledPostgresServerIsDetectedAndItsReplicaRepairedWhileClientsBid() throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            ChorusConfig config = server.embeddedAndThisServer(TestDatabases.uniqueName("rubis_pg_kill"),
                    Map.of("recovery", "auto", "reads", "all", "statementTimeout", "10s", "lockWaitTimeout", "2s"), 1);
            try (ChorusDataSource chorus = new ChorusDataSource(config); BiddingMix mix = mix(chorus)) {
                mix.awaitInserts(20);
                for (int round = 0; round < ROUNDS; round++) {
                    Instant killed = Instant.now();
                    server.kill();
                    assertThat(TestDatabases.waitFor(() -> postgres(config).state() == ReplicaState.DOWN, Duration.ofSeconds(30)))
                            .as("the killed server's replica DOWN: %s", TestDatabases.status(config)).isTrue();
                    long detectMs = Duration.between(killed, postgres(config).lastFaultAt()).toMillis();
                    mix.awaitInserts(mix.inserts() + 20); // the others go on without it
                    long restarted = System.nanoTime();
                    server.restart();
                    assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT))
                            .as("repaired after the restart: %s", TestDatabases.status(config)).isTrue();
                    LOG.info("round {}: PostgreSQL killed: DOWN after {} ms, HEALTHY {} ms after the server's restart", round + 1,
                            detectMs, (System.nanoTime() - restarted) / 1_000_000);
                }
                mix.awaitInserts(mix.inserts() + 10);
                finishAndCheck(mix, config);
            }
        }
    }

    @Test
    void aKilledCoordinatorLosesNoAcknowledgedInsertAndComesBackEqual(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("db");
        RubisCounts before;
        try (ChorusDataSource ds = new ChorusDataSource(ChorusConfig.embedded(TestDatabases.uniqueName("rubis_kill"), db, Map.of()));
             Connection c = ds.getConnection()) {
            BiddingMix.generate(c);
            before = RubisCounts.read(c);
        }
        for (int round = 0; round < ROUNDS; round++) {
            int target = 25 + 20 * round; // killed at another point each round
            Map<String, Long> acked = new HashMap<>();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), RubisServingProcess.class.getName(), db.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Emulator emulator = null;
            Thread clients = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String ready = in.readLine();
                assertThat(ready).as("the serving process started").startsWith("ready ");
                URI base = URI.create("http://127.0.0.1:" + ready.substring("ready ".length()) + RubisServer.CONTEXT_PATH + "/");
                Emulator e = emulator = BiddingMix.emulator(base, Duration.ofMinutes(5));
                clients = new Thread(e::run, "rubis-emulator");
                clients.start();
                for (String line; acked.getOrDefault("bids", 0L) < target && (line = in.readLine()) != null; ) {
                    String[] parts = line.split(" ");
                    acked.merge(parts[1], Long.parseLong(parts[2]), Long::sum);
                }
                child.destroyForcibly(); // SIGKILL, with bids and comments in flight on its threads
            } finally {
                child.destroyForcibly();
                child.waitFor();
                if (emulator != null) {
                    emulator.stop();
                    clients.join(60_000);
                }
            }
            long killed = System.nanoTime();
            assertThat(acked.getOrDefault("bids", 0L)).as("bids acknowledged before the kill").isEqualTo(target);
            ChorusConfig config = ChorusConfig.embedded(TestDatabases.uniqueName("rubis_kill"), db, Map.of("recovery", "auto"));
            try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
                RubisCounts after = RubisCounts.read(c);
                long answerMs = (System.nanoTime() - killed) / 1_000_000;
                Map<String, Long> grown = after.grownSince(before);
                for (String t : BiddingMix.TABLES) {
                    long ack = acked.getOrDefault(t, 0L);
                    assertThat(grown.get(t)).as("%s: every acknowledged insert is there (round %d)", t, round + 1)
                            .isGreaterThanOrEqualTo(ack);
                    assertThat(grown.get(t)).as("%s: nothing but what was acknowledged or in flight (round %d)", t, round + 1)
                            .isLessThanOrEqualTo(ack + BiddingMix.CLIENTS);
                }
                assertThat(after.brokenInvariants()).as("the application's invariants").isEmpty();
                assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT))
                        .as("all HEALTHY after the restart: %s", TestDatabases.status(config)).isTrue();
                assertThat(c.unwrap(ChorusConnection.class).verify().allEqual()).as("verify: all equal").isTrue();
                LOG.info("round {}: killed after {} acknowledged bids ({}); answered {} ms after the kill; stored since: {}",
                        round + 1, target, acked, answerMs, grown);
                before = after;
            }
        }
    }

    // ---- the bidding mix ----------------------------------------------------------------------------------------

    /** The bidding mix for a test whose rounds end it ({@link BiddingMix#stop()}); the steady phase is an upper bound. */
    private static BiddingMix mix(ChorusDataSource chorus) throws Exception {
        return new BiddingMix(chorus, "rubis-disk-process", Duration.ofMinutes(5));
    }

    /** Stops the clients; checks error pages, acknowledged inserts against the tables, invariants, equality. */
    private static void finishAndCheck(BiddingMix mix, ChorusConfig config) throws Exception {
        mix.stop();
        PhaseStats all = mix.await().overall();
        LOG.info("{} pages served, {} error pages; acknowledged inserts: {} bids, {} comments", all.totalCount(),
                all.totalErrors(), mix.acknowledged.rows("bids"), mix.acknowledged.rows("comments"));
        assertThat(all.count(State.STORE_BID)).as("bids stored").isPositive();
        assertThat(all.totalErrors()).as("error pages the clients got").isZero();
        TestDatabases.awaitCaughtUp(config);
        assertThat(TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), REPAIR_TIMEOUT))
                .as("all HEALTHY at the end: %s", TestDatabases.status(config)).isTrue();
        try (Connection c = mix.ds.getConnection()) {
            RubisCounts after = RubisCounts.read(c);
            assertThat(after.brokenInvariants()).as("the application's invariants").isEmpty();
            after.grownSince(mix.before).forEach((table, grown) ->
                    assertThat(grown).as("%s = acknowledged inserts", table).isEqualTo(mix.acknowledged.rows(table)));
            assertThat(c.unwrap(ChorusConnection.class).verify().allEqual()).as("verify: all equal").isTrue();
        }
    }

    // ---- faults -------------------------------------------------------------------------------------------------

    private static StateTransfer.Report transfer(ChorusDataSource chorus, String replica) throws SQLException {
        try (Connection c = chorus.getConnection()) {
            return c.unwrap(ChorusConnection.class).transfer(replica, replica);
        }
    }

    /** Damages a whole log block written after {@code from}, waiting (under load) until there is one. */
    private static void damageAWholeLogBlock(BiddingMix mix, Path segment, long from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                TestDatabases.damageLogRecord(segment, from, Files.size(segment));
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                mix.awaitInserts(mix.inserts() + 5);
            }
        }
    }

    private static ReplicaStatus postgres(ChorusConfig config) {
        return TestDatabases.status(config).stream().filter(r -> r.name().startsWith("postgresql")).findFirst().orElseThrow();
    }
}
