package dev.chorus.coordinator;

import dev.chorus.coordinator.capture.RollingImage;
import dev.chorus.coordinator.capture.TableImage;
import dev.chorus.coordinator.lock.LockManager;
import dev.chorus.coordinator.lock.LockMode;
import dev.chorus.coordinator.lock.Resource;
import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.translate.CapturePlan;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import dev.chorus.writeset.checkpoint.Checkpoint;
import dev.chorus.writeset.checkpoint.CheckpointCorruptException;
import dev.chorus.writeset.checkpoint.CheckpointWriter;
import dev.chorus.writeset.checkpoint.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checkpoints while the service runs: the previous checkpoint rolled forward by the log, verified table by table
 * against the images f+1 healthy replicas agree on.
 *
 * <ol>
 *   <li>Each application table in turn is read on every healthy replica under a shared lock on that table only (its
 *       writers wait, everyone else goes on), once each replica finished the commits before the lock. The commit
 *       sequence number then, S<sub>t</sub>, is the point the table was read at; the image f+1 replicas agree on is
 *       the table's <em>verified</em> image at S<sub>t</sub> (a replica that differs is marked SUSPECT).</li>
 *   <li>With a previous checkpoint made since the last schema change, its rows rolled forward by the log's commits
 *       up to S<sub>t</sub> must give the same digest. If they do not, the log and the replicas disagree: that is
 *       reported ({@link Maintenance.CheckpointReport#logMismatches()}) and the replicas' image is taken.</li>
 *   <li>Under the shared database lock, briefly: every replica caught up, the commit sequence S and Chorus's
 *       identity counters ({@code CHORUS.GENERATED_COLUMNS}, changed by statements of any table) as f+1 agree.</li>
 *   <li>Every table is rolled forward from S<sub>t</sub> to S by the log; the checkpoint at S is written (blocks,
 *       SHA-256, manifest, atomically). The newest {@value StateTransfer#CHECKPOINTS_KEPT} are kept.</li>
 * </ol>
 * Writes to a table wait while that table is read; nothing waits for the whole database except for step 3.
 */
final class Checkpointing {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointing.class);

    private final Coordinator coordinator;
    private final CoordinatorSession session;
    private final Path root;

    private Checkpointing(Coordinator coordinator, CoordinatorSession session, Path root) {
        this.coordinator = coordinator;
        this.session = session;
        this.root = root;
    }

    static Maintenance.CheckpointReport write(Coordinator coordinator) throws SQLException {
        if (coordinator.config().logDir() == null) {
            throw new SQLException("database " + coordinator.config().name() + " has no log directory to keep checkpoints in"
                    + " (set log=DIR)", SqlStates.INVALID_TRANSACTION_STATE);
        }
        Path root = coordinator.config().logDir().resolve("checkpoints");
        try (CoordinatorSession session = coordinator.openMaintenanceSession()) {
            return new Checkpointing(coordinator, session, root).run();
        } catch (IOException e) {
            throw new SQLException("cannot write a checkpoint in " + root + ": " + e, SqlStates.LOG_FAILED, e);
        }
    }

    private Maintenance.CheckpointReport run() throws SQLException, IOException {
        long start = System.nanoTime();
        long epoch = coordinator.schemaEpoch();
        List<String> ddl = coordinator.schemaHistory().statements();
        List<CapturePlan.Table> tables = session.underLocks(List.of(), () -> coordinator.translator().tables());
        Checkpoint previous = newestUsable(root, ddl, Long.MAX_VALUE);
        Map<String, RollingImage> rolled = previous == null ? Map.of() : load(previous, tables);

        // 1 and 2: each table verified at the commit it was read at
        Map<String, RollingImage> images = new LinkedHashMap<>();
        Map<String, Long> readAt = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        long longestTableLock = 0;
        long rolledTo = previous == null ? 0 : previous.seq();
        for (CapturePlan.Table t : tables) {
            if (t.name().equals(GeneratedColumns.STATE_TABLE_NAME)) {
                continue;
            }
            long[] at = new long[1];
            long asked = System.nanoTime();
            TableImage agreed = session.underLocks(List.of(new LockManager.Request(Resource.table(t.name()), LockMode.S)), () -> {
                at[0] = coordinator.commitSequence();
                return agreedTable(coordinator, session, t, session.predecessors(), "checkpoint");
            });
            longestTableLock = Math.max(longestTableLock, System.nanoTime() - asked);
            readAt.put(t.name(), at[0]);
            if (previous != null) {
                try {
                    rollAll(rolled, rolledTo, at[0]);
                } catch (SQLException e) {
                    LOG.warn("checkpoint: the log cannot roll checkpoint {} forward ({}); this one is made from the replicas alone",
                            previous.seq(), e.getMessage());
                    previous = null;
                    rolled = Map.of();
                }
            }
            if (previous != null) {
                rolledTo = Math.max(rolledTo, at[0]);
                RollingImage fromLog = rolled.get(t.name());
                Digest want = agreed.asWriteSet().digest();
                if (!fromLog.digest().equals(want)) {
                    mismatches.add(t.name());
                    LOG.error("checkpoint: table {} at commit {}: checkpoint {} plus the log gives {} rows with digest {}, but {}"
                                    + " healthy replicas agree on {} rows with digest {}; the replicas' image is taken", t.name(), at[0],
                            previous.seq(), fromLog.size(), fromLog.digest(), coordinator.config().quorum(), agreed.rowCount(), want);
                }
            }
            images.put(t.name(), RollingImage.of(agreed));
        }

        // 3: the identity counters, and the point the checkpoint is at
        long[] seq = new long[1];
        long asked = System.nanoTime();
        TableImage counters = session.underDatabaseLock(LockMode.S, () -> {
            Maintenance.awaitQuiet(coordinator, null);
            if (coordinator.schemaEpoch() != epoch) {
                throw new SQLException("the schema changed while the checkpoint was made; it is abandoned (make it again)",
                        SqlStates.INVALID_TRANSACTION_STATE);
            }
            seq[0] = coordinator.commitSequence();
            for (CapturePlan.Table t : tables) {
                if (t.name().equals(GeneratedColumns.STATE_TABLE_NAME)) {
                    return agreedTable(coordinator, session, t, Set.of(), "checkpoint");
                }
            }
            return null;
        });
        Duration pause = Duration.ofNanos(System.nanoTime() - asked);

        // 4: every table rolled forward to the checkpoint's point, written
        rollForward(images, readAt, seq[0]);
        if (counters != null) {
            images.put(counters.table(), RollingImage.of(counters));
        }
        long rows = 0;
        Map<String, WriteSet> contents = new LinkedHashMap<>();
        Map<String, Digest> digests = new LinkedHashMap<>();
        for (CapturePlan.Table t : tables) {
            WriteSet ws = images.get(t.name()).asWriteSet();
            contents.put(t.name(), ws);
            digests.put(t.name(), ws.digest());
            for (RowChange ch : ws.changes()) {
                rows += ch.copies();
            }
        }
        String expected = Checkpoint.stateDigest(digests);
        Files.createDirectories(root);
        Checkpoints.removeStale(root);
        Checkpoint cp = existing(seq[0], expected);
        if (cp == null) {
            try (CheckpointWriter w = CheckpointWriter.begin(root, seq[0], ddl)) {
                for (Map.Entry<String, WriteSet> e : contents.entrySet()) {
                    w.table(e.getKey());
                    for (RowChange ch : e.getValue().changes()) {
                        w.row(ch);
                    }
                }
                cp = w.commit();
            }
            Checkpoints.prune(root, StateTransfer.CHECKPOINTS_KEPT);
        }
        if (!cp.stateDigest().equals(expected)) {
            throw new SQLException("checkpoint " + cp.dir() + " has state digest " + cp.stateDigest() + " but its tables give "
                    + expected, SqlStates.LOG_FAILED);
        }
        String basis = previous == null ? "replicas" : "checkpoint " + previous.seq() + " + log";
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("checkpoint at commit {} from {}: {} tables, {} rows, {} bytes in {} ms; a table's writers waited at most {} ms,"
                        + " all writes {} ms", seq[0], basis, tables.size(), rows, cp.bytes(), total.toMillis(),
                longestTableLock / 1_000_000, pause.toMillis());
        return new Maintenance.CheckpointReport(seq[0], cp.stateDigest(), tables.size(), rows, cp.bytes(), cp.dir().toString(),
                pause, Duration.ofNanos(longestTableLock), basis, mismatches, total);
    }

    /**
     * The checkpoint at {@code seq} if one exists already with this state (nothing committed since it was made), or
     * null. One with another state (rows changed behind Chorus's back, no commit since) is set aside.
     */
    private Checkpoint existing(long seq, String stateDigest) throws IOException {
        Path dir = Checkpoints.dir(root, seq);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            Checkpoint cp = Checkpoint.open(dir);
            if (cp.stateDigest().equals(stateDigest)) {
                return cp;
            }
            LOG.warn("checkpoint {} holds another state than the replicas now agree on at the same commit; it is set aside", seq);
        } catch (CheckpointCorruptException e) {
            LOG.error("{}; the checkpoint is set aside", e.getMessage());
        }
        quarantine(dir);
        return null;
    }

    /** The previous checkpoint's application tables (not the identity counters). */
    private static Map<String, RollingImage> load(Checkpoint cp, List<CapturePlan.Table> tables) throws IOException {
        Map<String, RollingImage> out = new HashMap<>();
        for (CapturePlan.Table t : tables) {
            if (!t.name().equals(GeneratedColumns.STATE_TABLE_NAME)) {
                out.put(t.name(), new RollingImage(t.name()));
            }
        }
        cp.read((table, ws) -> {
            RollingImage image = out.get(table.name());
            if (image != null) {
                image.applyAll(ws);
            }
        });
        return out;
    }

    /** Applies the commits {@code after+1..to} to every image. */
    private void rollAll(Map<String, RollingImage> images, long after, long to) throws SQLException {
        coordinator.readLog(after + 1, to, (s, ws, bytes) -> images.values().forEach(i -> i.applyAll(ws)));
    }

    /** Applies to each image the commits after the one it was read at, up to {@code to}. */
    private void rollForward(Map<String, RollingImage> images, Map<String, Long> readAt, long to) throws SQLException {
        long from = readAt.values().stream().mapToLong(Long::longValue).min().orElse(to);
        coordinator.readLog(from + 1, to, (s, ws, bytes) -> {
            for (RollingImage i : images.values()) {
                if (s > readAt.get(i.table())) {
                    i.applyAll(ws);
                }
            }
        });
    }

    // ---- shared with state transfer ------------------------------------------------------------------------

    /**
     * The newest checkpoint under {@code root} made since the last schema change (its DDL is {@code ddl}) and at or
     * before {@code maxSeq}, or null. One that is damaged is set aside ({@code .corrupt-...}) and the next older
     * one tried.
     */
    static Checkpoint newestUsable(Path root, List<String> ddl, long maxSeq) {
        if (root == null || !Files.isDirectory(root)) {
            return null;
        }
        try {
            for (Path dir : Checkpoints.list(root)) {
                try {
                    Checkpoint cp = Checkpoint.open(dir);
                    if (!cp.ddl().equals(ddl)) {
                        LOG.info("checkpoint {} was made before the last schema change: not used", cp.seq());
                        return null;
                    }
                    if (cp.seq() <= maxSeq) {
                        return cp;
                    }
                } catch (CheckpointCorruptException e) {
                    LOG.error("{}; the checkpoint is set aside", e.getMessage());
                    quarantine(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list the checkpoints in {}: {}", root, e.toString());
        }
        return null;
    }

    /** Moves a damaged checkpoint out of the way (kept for inspection). */
    static void quarantine(Path dir) {
        try {
            Files.move(dir, dir.resolveSibling(".corrupt-" + dir.getFileName() + "-" + System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.warn("cannot set the corrupt checkpoint {} aside: {}", dir, e.toString());
        }
    }

    /**
     * One table as f+1 healthy replicas agree on it, read on the session's connections once each replica finished
     * {@code predecessors} (the caller holds a lock that keeps its writers out). A replica whose image differs from
     * the agreed one is marked SUSPECT.
     *
     * @param purpose what the read is for, in messages
     * @throws SQLException (no quorum) when no f+1 healthy replicas give the same image
     */
    static TableImage agreedTable(Coordinator coordinator, CoordinatorSession session, CapturePlan.Table t, Set<Long> predecessors,
                                  String purpose) throws SQLException {
        int digits = coordinator.config().approximateDigits();
        Map<Replica, Future<TableImage>> pending = new LinkedHashMap<>();
        for (Replica r : coordinator.replicas()) {
            ReplicaSession rs = session.replicaSession(r);
            if (rs == null || !r.usable() || !rs.current()) {
                continue;
            }
            Future<TableImage> f = rs.submitAnyway(() -> {
                try {
                    if (!coordinator.order().await(predecessors, r.index(), r::usable)) {
                        throw new SQLException("replica " + r.name() + " was given up");
                    }
                    return TableImage.read(rs.connection(), t.readAll().get(r.engine()), t.name(), t.columns(), t.keyColumns(), digits);
                } finally {
                    rs.connection().rollback();
                }
            });
            if (f != null) {
                pending.put(r, f);
            }
        }
        Map<Replica, Digest> byReplica = new LinkedHashMap<>();
        Map<Digest, Integer> votes = new HashMap<>();
        Map<Digest, TableImage> images = new HashMap<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + coordinator.config().statementTimeout().toNanos();
        for (Map.Entry<Replica, Future<TableImage>> e : pending.entrySet()) {
            try {
                TableImage image = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                Digest d = image.asWriteSet().digest();
                byReplica.put(e.getKey(), d);
                votes.merge(d, 1, Integer::sum);
                images.putIfAbsent(d, image);
            } catch (ExecutionException ex) {
                failures.add(e.getKey().name() + ": " + ex.getCause());
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                failures.add(e.getKey().name() + ": no image within the statement timeout");
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted", SqlStates.OPERATION_CANCELED, ex);
            }
        }
        int quorum = coordinator.config().quorum();
        for (Map.Entry<Digest, Integer> v : votes.entrySet()) {
            if (v.getValue() >= quorum) {
                byReplica.forEach((r, d) -> {
                    if (!d.equals(v.getKey())) {
                        r.markSuspect(purpose + ": its image of table " + t.name() + " differs from the one " + quorum
                                + " healthy replicas agree on");
                    }
                });
                return images.get(v.getKey());
            }
        }
        throw new SQLException(purpose + " of table " + t.name() + ": no " + quorum + " healthy replicas agree on it ("
                + votes.values() + " votes" + (failures.isEmpty() ? "" : ", " + failures) + ")", SqlStates.NO_QUORUM);
    }
}
