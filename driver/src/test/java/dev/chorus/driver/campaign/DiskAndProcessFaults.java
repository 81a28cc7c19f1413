package dev.chorus.driver.campaign;

import dev.chorus.coordinator.ChorusConfig;
import dev.chorus.coordinator.replica.ReplicaState;
import dev.chorus.coordinator.ReplicaStatus;
import dev.chorus.coordinator.StateTransfer;
import dev.chorus.driver.ChorusConnection;
import dev.chorus.driver.ChorusDataSource;
import dev.chorus.driver.TestDatabases;
import dev.chorus.driver.durability.CommittingProcess;
import dev.chorus.driver.pg.PostgresServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The campaign's faults that are not a replica's answers: damage on disk (a write-set log block, a checkpoint block)
 * and killed processes (the coordinator's JVM, a PostgreSQL replica's server), each repeated round after round with
 * the time to detect and to repair. They run at f = 1: {@code jdbc:chorus:file:} (three engines on disk with the log
 * beside them) is the configuration whose disk is damaged and whose process is killed.
 *
 * <ul>
 *   <li>A damaged log block or checkpoint block is found by the state transfer that reads it (the round asks for one
 *       of a replica, as recovery would): detected when the transfer turns to the replicas (its phase becomes
 *       {@code snapshot}), repaired when the transfer is done and every replica is HEALTHY.</li>
 *   <li>A killed coordinator: a separate JVM commits and reports each acknowledged commit; after SIGKILL a coordinator
 *       started on the same directory must answer (detected: the time from the kill to its first answer, HSQLDB's
 *       lock file of the dead process included), hold every acknowledged row, and have all replicas HEALTHY and
 *       equal (repaired).</li>
 *   <li>A killed PostgreSQL server (SIGKILL of the postmaster) under the bank workload: detected when it is DOWN,
 *       repaired when it is HEALTHY after the server is started again.</li>
 * </ul>
 */
final class DiskAndProcessFaults {
    private final int rounds;
    private final int clients;
    private final Duration roundLoad;

    DiskAndProcessFaults(int rounds, int clients, Duration roundLoad) {
        this.rounds = rounds;
        this.clients = clients;
        this.roundLoad = roundLoad;
    }

    FaultCampaign.Result run(FaultCampaign.Kind kind, int f) throws Exception {
        return switch (kind) {
            case LOG_BLOCK_DAMAGED, CHECKPOINT_DAMAGED -> damageOnDisk(kind);
            case COORDINATOR_KILLED -> killCoordinator();
            case POSTGRES_KILLED -> killPostgres(f);
            default -> throw new IllegalArgumentException(kind + " is a fault of a replica's answers: FaultCampaign runs it");
        };
    }

    // ---- damage on disk ---------------------------------------------------------------------------------------

    private FaultCampaign.Result damageOnDisk(FaultCampaign.Kind kind) throws Exception {
        Path dir = Files.createTempDirectory("chorus-campaign-disk");
        try {
            ChorusConfig config = ChorusConfig.embedded(TestDatabases.uniqueName("campaign_" + kind.name().toLowerCase(Locale.ROOT)), dir,
                    Map.of("recovery", "manual", "reads", "all", "statementTimeout", "10s", "lockWaitTimeout", "2s"));
            String[] victims = {"h2", "derby", "hsqldb"};
            List<Long> detect = new ArrayList<>();
            List<Long> repair = new ArrayList<>();
            int detected = 0;
            int repaired = 0;
            String note;
            try (ChorusDataSource ds = new ChorusDataSource(config)) {
                FaultCampaign.Bank bank = FaultCampaign.startBank(ds, clients, false);
                try {
                    bank.awaitCommits(20, Duration.ofSeconds(30));
                    for (int round = 0; round < rounds; round++) {
                        Path checkpoint = TestDatabases.checkpoint(ds);
                        if (kind == FaultCampaign.Kind.LOG_BLOCK_DAMAGED) {
                            Path segment = TestDatabases.newestLogSegment(dir.resolve("log"));
                            long after = Files.size(segment); // blocks from here on hold commits after the checkpoint
                            bank.awaitCommits(bank.committed.get() + 50, Duration.ofSeconds(30));
                            TestDatabases.damageLogRecord(segment, after, Files.size(segment));
                        } else {
                            bank.awaitCommits(bank.committed.get() + 20, Duration.ofSeconds(30));
                            TestDatabases.damageFirstBlock(checkpoint);
                        }
                        String victim = victims[round % victims.length];
                        long started = System.nanoTime();
                        PhaseWatch watch = new PhaseWatch(ds, "snapshot");
                        StateTransfer.Report report;
                        try (Connection c = ds.getConnection()) {
                            report = c.unwrap(ChorusConnection.class).transfer(victim, victim);
                        } finally {
                            watch.stop();
                        }
                        boolean setAside = kind == FaultCampaign.Kind.LOG_BLOCK_DAMAGED || TestDatabases.quarantined(checkpoint);
                        if (report.source().equals("snapshot") && setAside && watch.seenAt > 0) {
                            detected++;
                            detect.add((watch.seenAt - started) / 1_000_000);
                        }
                        if (TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), FaultCampaign.REPAIR_TIMEOUT)) {
                            repaired++;
                            repair.add((System.nanoTime() - started) / 1_000_000);
                        }
                        bank.awaitCommits(bank.committed.get() + 5, Duration.ofSeconds(20));
                    }
                    // the snapshot wrote a checkpoint after the damage: the next transfer reads the log again
                    try (Connection c = ds.getConnection()) {
                        note = "the transfer after the last round: " + c.unwrap(ChorusConnection.class).transfer("h2", "h2").source();
                    }
                } finally {
                    bank.stop();
                }
                return FaultCampaign.judge(kind, 1, rounds, detected, detect, repaired, repair, bank, ds, config, note);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Polls the running state transfer's phase and records when it first starts with the given text. */
    private static final class PhaseWatch {
        private final Thread thread;
        private volatile boolean stop;
        volatile long seenAt;

        PhaseWatch(ChorusDataSource ds, String phase) {
            thread = new Thread(() -> {
                try (Connection c = ds.getConnection()) {
                    ChorusConnection cc = c.unwrap(ChorusConnection.class);
                    while (!stop && seenAt == 0) {
                        StateTransfer.Progress p = cc.status().transfer();
                        if (p != null && p.phase().startsWith(phase)) {
                            seenAt = System.nanoTime();
                        }
                        Thread.sleep(2);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "phase-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }
    }

    // ---- a killed coordinator ---------------------------------------------------------------------------------

    private FaultCampaign.Result killCoordinator() throws Exception {
        Path dir = Files.createTempDirectory("chorus-campaign-kill");
        try {
            Path db = dir.resolve("db");
            Set<Long> acked = new HashSet<>();
            List<Long> detect = new ArrayList<>();
            List<Long> repair = new ArrayList<>();
            int detected = 0;
            int repaired = 0;
            long lost = 0;
            boolean equal = false;
            boolean healthy = false;
            int suspectAfterRestart = 0;
            List<String> errors = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                        childClasspath(), CommittingProcess.class.getName(), db.toString(), Long.toString(1 + round * 1_000_000L))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                int target = 100 + 53 * round; // killed at another point each round
                int seen = 0;
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    if (!"ready".equals(in.readLine())) {
                        errors.add("round " + (round + 1) + ": the committing process did not start");
                        child.destroyForcibly();
                        break;
                    }
                    for (String line; seen < target && (line = in.readLine()) != null; seen++) {
                        acked.add(Long.parseLong(line.substring("acked ".length())));
                    }
                    child.destroyForcibly(); // SIGKILL, with commits in flight on its threads
                }
                child.waitFor();
                long killed = System.nanoTime();
                if (seen < target) {
                    errors.add("round " + (round + 1) + ": the committing process stopped after " + seen + " commits");
                }
                ChorusConfig config = ChorusConfig.embedded(TestDatabases.uniqueName("campaign_kill"), db, Map.of("recovery", "auto"));
                try (ChorusDataSource ds = new ChorusDataSource(config); Connection c = ds.getConnection()) {
                    Set<Long> visible = new HashSet<>();
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM acked")) {
                        while (rs.next()) {
                            visible.add(rs.getLong(1));
                        }
                    }
                    detected++;
                    detect.add((System.nanoTime() - killed) / 1_000_000);
                    lost = acked.stream().filter(id -> !visible.contains(id)).count();
                    // the restart compares the replicas after its replay; one found different is SUSPECT and repaired
                    healthy = TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), FaultCampaign.REPAIR_TIMEOUT);
                    equal = c.unwrap(ChorusConnection.class).verify().allEqual();
                    suspectAfterRestart += TestDatabases.status(config).stream().anyMatch(r -> r.lastFault() != null
                            && !r.lastFault().isEmpty()) ? 1 : 0; // a fresh coordinator's replicas have none
                    if (equal && healthy) {
                        repaired++;
                        repair.add((System.nanoTime() - killed) / 1_000_000);
                    }
                }
                if (lost > 0) {
                    break;
                }
            }
            return new FaultCampaign.Result(FaultCampaign.Kind.COORDINATOR_KILLED, 1, rounds, detected, detect, repaired, repair,
                    acked.size(), 0, errors, 0, lost, equal, healthy,
                    suspectAfterRestart == 0 ? "" : "a replica was found faulty after the restart in " + suspectAfterRestart
                            + " round(s) and repaired");
        } finally {
            deleteTree(dir);
        }
    }

    /** The test classpath for a child JVM, also under exec:java (whose own java.class.path is Maven's launcher). */
    private static String childClasspath() {
        if (Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader urls) {
            return Stream.of(urls.getURLs()).map(u -> {
                try {
                    return Path.of(u.toURI()).toString();
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }

    // ---- a killed PostgreSQL server ---------------------------------------------------------------------------

    /** At f = 2 the server holds two replicas' databases: both go DOWN at once and come back at once. */
    private FaultCampaign.Result killPostgres(int f) throws Exception {
        try (PostgresServer server = PostgresServer.start()) {
            String name = TestDatabases.uniqueName("campaign_pg_kill_f" + f);
            ChorusConfig config = server.embeddedAndThisServer(name, Map.of("recovery", "auto", "reads", "all"), f);
            List<Long> detect = new ArrayList<>();
            List<Long> repair = new ArrayList<>();
            int detected = 0;
            int repaired = 0;
            try (ChorusDataSource ds = new ChorusDataSource(config)) {
                FaultCampaign.Bank bank = FaultCampaign.startBank(ds, clients, false);
                try {
                    bank.awaitCommits(20, Duration.ofSeconds(30));
                    for (int round = 0; round < rounds; round++) {
                        Instant killedAt = Instant.now();
                        server.kill();
                        if (TestDatabases.waitFor(() -> postgres(config).stream().allMatch(r -> r.state() == ReplicaState.DOWN),
                                FaultCampaign.DETECT_TIMEOUT)) {
                            detected++;
                            Instant last = postgres(config).stream().map(ReplicaStatus::lastFaultAt).max(Comparator.naturalOrder()).orElseThrow();
                            detect.add(Duration.between(killedAt, last).toMillis());
                        }
                        long before = bank.committed.get();
                        Thread.sleep(roundLoad.toMillis());
                        bank.awaitCommits(before + 5, Duration.ofSeconds(20)); // the others go on without it
                        long restarted = System.nanoTime();
                        server.restart();
                        if (TestDatabases.waitFor(() -> TestDatabases.allHealthy(config), FaultCampaign.REPAIR_TIMEOUT)) {
                            repaired++;
                            repair.add((System.nanoTime() - restarted) / 1_000_000);
                        }
                        bank.awaitCommits(bank.committed.get() + 5, Duration.ofSeconds(20));
                    }
                } finally {
                    bank.stop();
                }
                return FaultCampaign.judge(FaultCampaign.Kind.POSTGRES_KILLED, f, rounds, detected, detect, repaired, repair, bank, ds,
                        config, "repair timed from the server's restart");
            }
        }
    }

    /** The replicas on the PostgreSQL server. */
    private static List<ReplicaStatus> postgres(ChorusConfig config) {
        return TestDatabases.status(config).stream().filter(r -> r.name().startsWith("postgresql")).toList();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
