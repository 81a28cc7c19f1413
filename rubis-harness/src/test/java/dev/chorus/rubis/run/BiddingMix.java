package dev.chorus.rubis.run;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.rubis.db.DataGenerator;
import dev.chorus.rubis.db.Scale;
import dev.chorus.rubis.db.Schema;
import dev.chorus.rubis.emulator.Emulator;
import dev.chorus.rubis.emulator.EmulatorConfig;
import dev.chorus.rubis.emulator.Stats;
import dev.chorus.rubis.emulator.TransitionTable;
import dev.chorus.rubis.web.RubisServer;

import java.net.URI;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault tests' workload: RUBiS data (tiny scale) written through Chorus, the web application served by Jetty in
 * this JVM on a Hikari pool over Chorus whose acknowledged inserts are counted ({@link AcknowledgedInserts}), and 12
 * emulated clients on the bidding mix (think time 0.02 of TPC-W's) running on a thread of their own from the start.
 */
final class BiddingMix implements AutoCloseable {
    static final Scale SCALE = Scale.TINY;
    static final int CLIENTS = 12;
    /** The tables whose inserts are counted (items: old_items too, see {@link RubisCounts#grownSince}). */
    static final String[] TABLES = {"bids", "comments", "buy_now", "items", "users"};

    final AcknowledgedInserts acknowledged = new AcknowledgedInserts();
    final HikariDataSource ds;
    /** The counts after the data was generated. */
    final RubisCounts before;
    private final RubisServer server;
    private final Emulator emulator;
    private final Thread thread;
    private volatile Stats stats;

    /** @param steady the emulation's steady phase: an upper bound, {@link #stop()} ends it earlier */
    BiddingMix(ChorusDataSource chorus, String poolName, Duration steady) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(chorus);
        hc.setMaximumPoolSize(CLIENTS);
        hc.setPoolName(poolName);
        ds = new HikariDataSource(hc);
        try (Connection c = ds.getConnection()) {
            generate(c);
            before = RubisCounts.read(c);
        }
        server = new RubisServer(acknowledged.wrap(ds), 0, RubisServer.DEFAULT_MAX_THREADS, Clock.systemUTC());
        emulator = emulator(server.baseUri(), steady);
        thread = new Thread(() -> stats = emulator.run(), "rubis-emulator");
        thread.start();
    }

    /** The RUBiS schema and the tiny scale's data, the same for every test. */
    static void generate(Connection c) throws Exception {
        Schema.create(c);
        new DataGenerator(SCALE, 20030101L, Instant.parse("2026-11-01T00:00:00Z")).generate(c);
    }

    /** Clients on the bidding mix against a RUBiS web application at {@code base}. */
    static Emulator emulator(URI base, Duration steady) {
        return new Emulator(EmulatorConfig.builder(base).table(TransitionTable.biddingMix()).clients(CLIENTS)
                .phases(Duration.ofSeconds(2), steady, Duration.ofSeconds(1)).thinkTimeScale(0.02)
                .nbUsers(SCALE.users()).nbItems(SCALE.items()).seed(20030101L).build());
    }

    /** Inserts acknowledged since the start, over all counted tables. */
    long inserts() {
        long n = 0;
        for (String t : TABLES) {
            n += acknowledged.rows(t);
        }
        return n;
    }

    /** Waits until this many inserts were acknowledged since the start. */
    void awaitInserts(long n) {
        assertThat(TestDatabases.waitFor(() -> inserts() >= n, Duration.ofSeconds(60)))
                .as("%d inserts acknowledged (have %d)", n, inserts()).isTrue();
    }

    /** Ends the emulation early (from any thread); {@link #await()} then returns soon. */
    void stop() {
        emulator.stop();
    }

    /** Waits for the emulation to end (its phases, or {@link #stop()}) and returns its statistics. */
    Stats await() throws InterruptedException {
        thread.join(Duration.ofMinutes(10).toMillis());
        assertThat(thread.isAlive()).as("the emulator stopped").isFalse();
        return stats;
    }

    @Override
    public void close() throws Exception {
        emulator.stop();
        thread.join(60_000);
        server.close();
        ds.close();
    }
}
