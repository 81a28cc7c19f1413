package dev.chorus.rubis.run;

import com.zaxxer.hikari.HikariDataSource;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDriver;
import dev.chorus.rubis.db.DataGenerator;
import dev.chorus.rubis.db.DatabaseSize;
import dev.chorus.rubis.db.Scale;
import dev.chorus.rubis.db.Schema;
import dev.chorus.rubis.emulator.Emulator;
import dev.chorus.rubis.emulator.EmulatorConfig;
import dev.chorus.rubis.emulator.Phase;
import dev.chorus.rubis.emulator.PhaseStats;
import dev.chorus.rubis.emulator.State;
import dev.chorus.rubis.emulator.Stats;
import dev.chorus.rubis.emulator.TransitionTable;
import dev.chorus.rubis.web.RubisServer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs RUBiS against one or more JDBC URLs, one after the other with the same data (seed, scale, generation time)
 * and the same emulated load, and prints the comparison; writes the HTML report with charts.
 *
 * <p>Targets: {@code h2} (plain H2 in memory: the baseline), {@code chorus} (the embedded default, H2 + Derby + HSQLDB
 * in memory, with a write-set log under the output directory), {@code chorus+recover} (the same, with every replica
 * moved to a new database at {@code --recover-at}), or any JDBC URL. Each target gets a fresh database:
 * schema, data, then the Jetty web application over a HikariCP pool, then the emulator's up-ramp, steady phase and
 * down-ramp.
 */
@Command(name = "rubis-benchmark", mixinStandardHelpOptions = true, description = "RUBiS on a plain database and on Chorus, compared.")
public final class RubisBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RubisBenchmark.class);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--targets", split = ",", defaultValue = "h2,chorus", description = "h2, chorus, chorus+recover (Chorus with"
            + " the proactive recovery of --recover-at) or JDBC URLs (default: ${DEFAULT-VALUE})")
    List<String> targets;

    @Option(names = "--scale", defaultValue = "small", description = "tiny, small, 100mb, 1gb (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--mix", defaultValue = "bidding", description = "bidding or browsing (default: ${DEFAULT-VALUE})")
    String mix;

    @Option(names = "--clients", defaultValue = "40", description = "emulated clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--think-scale", defaultValue = "0.1", description = "think time (TPC-W, mean 7 s) times this (default: ${DEFAULT-VALUE})")
    double thinkScale;

    @Option(names = "--up-ramp", defaultValue = "PT15S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration upRamp;

    @Option(names = "--steady", defaultValue = "PT60S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration steady;

    @Option(names = "--down-ramp", defaultValue = "PT5S", description = "ISO-8601 duration (default: ${DEFAULT-VALUE})")
    Duration downRamp;

    @Option(names = "--seed", defaultValue = "20030101")
    long seed;

    @Option(names = "--pool", defaultValue = "20", description = "HikariCP pool size (default: ${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--recover-at", description = "for Chorus targets (only chorus+recover ones when there are such): this"
            + " far into the steady phase, move every replica to a new database in turn (proactive recovery)")
    Duration recoverAt;

    @Option(names = "--heap-every", description = "collect garbage and record the heap in use this often (a soak run's"
            + " heap after GC; the collection pauses the clients for its duration)")
    Duration heapEvery;

    @Option(names = "--out", defaultValue = "target/rubis-report", description = "report directory (default: ${DEFAULT-VALUE})")
    Path out;

    private PrintWriter console = new PrintWriter(System.out, true, StandardCharsets.UTF_8);

    /** Where the report is printed (standard output by default). */
    void console(PrintWriter console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RubisBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (recoverAt == null && targets.stream().anyMatch(s -> s.trim().equals("chorus+recover"))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "the target chorus+recover needs --recover-at");
        }
        RunConfig config = new RunConfig(mix, scale, clients, thinkScale, upRamp, steady, downRamp, seed, pool);
        Files.createDirectories(out);
        Instant generationTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<RunResult> runs = new ArrayList<>();
        int n = 0;
        for (String target : targets) {
            runs.add(run(config, target.trim(), ++n, generationTime));
        }
        String summary = Report.text(config, runs);
        Path page = Report.html(config, runs, out);
        console.println();
        console.print(summary);
        console.println();
        console.println("HTML report: " + page.toAbsolutePath());
        return 0;
    }

    /** The JDBC URL and label of a target. */
    record Target(String label, String url, boolean chorus, boolean recovers) {
    }

    Target target(String name, int n) {
        String db = "rubis_" + ProcessHandle.current().pid() + "_" + n;
        boolean recoveryTargets = targets.stream().anyMatch(s -> s.trim().equals("chorus+recover"));
        return switch (name) {
            case "h2" -> new Target("plain H2", "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1", false, false);
            case "chorus" -> new Target("Chorus (H2 + Derby + HSQLDB)", "jdbc:chorus:mem:" + db + ";log="
                    + out.toAbsolutePath().resolve("log-" + db), true, recoverAt != null && !recoveryTargets);
            case "chorus+recover" -> new Target("Chorus, every replica moved at " + recoverAt, "jdbc:chorus:mem:" + db + ";log="
                    + out.toAbsolutePath().resolve("log-" + db), true, true);
            default -> new Target(name, name, name.startsWith("jdbc:chorus:"), name.startsWith("jdbc:chorus:") && recoverAt != null
                    && !recoveryTargets);
        };
    }

    RunResult run(RunConfig config, String name, int n, Instant generationTime) throws Exception {
        Target t = target(name, n);
        LOG.info("RUBiS on {}: {}", t.label(), t.url());
        Scale sc = Scale.of(config.scale());
        long loadStart = System.nanoTime();
        try (HikariDataSource ds = RubisServer.dataSource(t.url(), config.poolSize())) {
            try (Connection c = ds.getConnection()) {
                Schema.create(c);
                DataGenerator.Summary summary = new DataGenerator(sc, config.seed(), generationTime).generate(c);
                LOG.info("{} rows loaded into {} in {} s", summary.totalRows(), t.label(), String.format("%.1f", summary.seconds()));
            }
            Duration loadTime = Duration.ofNanos(System.nanoTime() - loadStart);
            List<RunResult.Event> events = new CopyOnWriteArrayList<>();
            Stats stats;
            try (RubisServer server = new RubisServer(ds, 0, RubisServer.DEFAULT_MAX_THREADS, Clock.systemUTC())) {
                TransitionTable table = config.mix().equals("browsing") ? TransitionTable.browsingMix() : TransitionTable.biddingMix();
                Emulator emulator = new Emulator(EmulatorConfig.builder(server.baseUri()).table(table).clients(config.clients())
                        .phases(config.upRamp(), config.steady(), config.downRamp()).thinkTimeScale(config.thinkScale())
                        .nbUsers(sc.users()).nbItems(sc.items()).seed(config.seed()).build());
                Thread recovery = t.recovers() ? recoveryThread(t.url(), config.upRamp().plus(recoverAt), events) : null;
                if (recovery != null) {
                    recovery.start();
                }
                HeapSampler heap = heapEvery == null ? null : new HeapSampler(heapEvery, events);
                try {
                    stats = emulator.run();
                } finally {
                    if (heap != null) {
                        heap.close();
                    }
                }
                if (recovery != null) {
                    recovery.join(Duration.ofMinutes(5).toMillis());
                }
            }
            Map<String, DatabaseSize.Table> tables;
            long logBytes = 0;
            try (Connection c = ds.getConnection()) {
                tables = DatabaseSize.measure(c);
                if (t.chorus()) {
                    ChorusConnection cc = c.unwrap(ChorusConnection.class);
                    logBytes = cc.status().logBytes();
                    events.add(verifyEvent(cc));
                }
            }
            return result(t, stats, tables, logBytes, loadTime, events);
        } finally {
            if (t.chorus()) {
                ChorusDriver.shutdown(t.url());
            } else if (t.url().startsWith("jdbc:h2:mem:")) {
                shutdownH2(t.url());
            }
        }
    }

    /** Compares every replica at the end of a run: the report says whether they hold equal data. */
    private static RunResult.Event verifyEvent(ChorusConnection c) {
        try {
            var v = c.verify();
            StringBuilder states = new StringBuilder();
            for (var r : v.replicas()) {
                states.append(states.isEmpty() ? "" : ", ").append(r.replica()).append(' ').append(r.state());
            }
            return new RunResult.Event(-1, "verify at the end: " + (v.allEqual() ? "all replicas equal" : "replicas DIFFER: " + v)
                    + " (" + states + ")");
        } catch (SQLException e) {
            return new RunResult.Event(-1, "verify at the end failed: " + e.getMessage());
        }
    }

    /**
     * Records the heap in use right after a full collection, every {@code period} from the start of the run, as
     * events: a soak run's memory is flat when these do not grow.
     */
    static final class HeapSampler implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer;

        HeapSampler(Duration period, List<RunResult.Event> events) {
            long start = System.nanoTime();
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "rubis-heap");
                th.setDaemon(true);
                return th;
            });
            timer.scheduleAtFixedRate(() -> {
                System.gc();
                long used = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                events.add(new RunResult.Event((System.nanoTime() - start) / 1e9,
                        String.format(java.util.Locale.ROOT, "heap after GC: %.1f MB", used / 1048576.0)));
            }, 0, period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static void shutdownH2(String url) {
        try (Connection c = DriverManager.getConnection(url); java.sql.Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            LOG.debug("H2 shutdown: {}", e.toString());
        }
    }

    /** Moves every replica to a new database in turn, {@code at} after the run starts. */
    private Thread recoveryThread(String url, Duration at, List<RunResult.Event> events) {
        long start = System.nanoTime();
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(at.toMillis());
                try (Connection c = DriverManager.getConnection(url)) {
                    ChorusConnection cc = c.unwrap(ChorusConnection.class);
                    for (var r : cc.status().replicas()) {
                        double second = (System.nanoTime() - start) / 1e9;
                        var report = cc.transfer(r.name(), null);
                        events.add(new RunResult.Event(second, "replica " + r.name() + " moved to a new " + report.to().displayName()
                                + " database (" + report.source() + ", " + report.total().toMillis() + " ms, pause " + report.pause().toMillis()
                                + " ms)"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                LOG.warn("proactive recovery during the run failed: {}", e.getMessage());
                events.add(new RunResult.Event((System.nanoTime() - start) / 1e9, "proactive recovery failed: " + e.getMessage()));
            }
        }, "rubis-recovery");
        thread.setDaemon(true);
        return thread;
    }

    static RunResult result(Target t, Stats stats, Map<String, DatabaseSize.Table> tables, long logBytes, Duration loadTime, List<RunResult.Event> events) {
        PhaseStats steadyStats = stats.phase(Phase.STEADY);
        List<RunResult.Interaction> interactions = new ArrayList<>();
        for (State s : State.values()) {
            if (s != State.END) {
                interactions.add(interaction(s.displayName(), steadyStats.count(s), steadyStats.errors(s), steadyStats.latencyMicros(s)));
            }
        }
        RunResult.Interaction overall = interaction("all", steadyStats.totalCount(), steadyStats.totalErrors(), steadyStats.latencyMicros());
        long[] perSecond = stats.requestsPerSecond();
        double[] ps = new double[perSecond.length];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = perSecond[i];
        }
        int steadyFrom = (int) stats.actualDuration(Phase.UP_RAMP).toSeconds();
        double steadySeconds = stats.actualDuration(Phase.STEADY).toNanos() / 1e9;
        return new RunResult(t.label(), t.url(), interactions, overall, steadyStats.totalCount(), steadyStats.totalErrors(),
                steadyStats.completedSessions(), steadySeconds, ps, steadyFrom, tables, logBytes, loadTime, events);
    }

    private static RunResult.Interaction interaction(String name, long count, long errors, Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return new RunResult.Interaction(name, count, errors, 0, 0, 0, 0, 0, 0);
        }
        return new RunResult.Interaction(name, count, errors, h.getMean() / 1000, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0);
    }
}
