package dev.chorus.coordinator;

import java.time.Duration;
import java.util.Locale;

/** The administrative reports as the {@code chorus-admin} command and the JMX operations print them. */
public final class AdminText {
    private AdminText() {
    }

    public static String status(CoordinatorStatus s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "database %s: f=%d, %d of %d replicas healthy, %d sessions open, sequence %d%n", s.name(),
                s.f(), s.healthyReplicas(), s.replicas().size(), s.openSessions(), s.sequence()));
        b.append(String.format(Locale.ROOT, "commits %d, write-set log %s, last checkpoint %s, unfinished transactions %d%n",
                s.commitSequence(), bytes(s.logBytes()),
                s.lastCheckpoint() < 0 ? "none" : "at commit " + s.lastCheckpoint(), s.unfinishedTransactions()));
        b.append(String.format(Locale.ROOT, "%-10s %-8s %-8s %10s %13s %6s %9s  %s%n", "replica", "engine", "state", "answers",
                "disagreements", "owed", "lag", "database / last fault"));
        for (ReplicaStatus r : s.replicas()) {
            b.append(String.format(Locale.ROOT, "%-10s %-8s %-8s %10d %13d %6d %9s  %s%n", r.name(), r.engine().displayName(),
                    r.state(), r.answers(), r.disagreements(), r.owedAnswers(), millis(r.lag()), r.url()));
            if (!r.lastFault().isEmpty()) {
                b.append(String.format(Locale.ROOT, "%62s  last fault%s: %s%n", "", r.lastFaultAt() == null ? "" : " at " + r.lastFaultAt(),
                        r.lastFault()));
            }
        }
        b.append("state transfer: ").append(s.transfer() == null ? "none running" : progress(s.transfer())).append('\n');
        return b.toString();
    }

    /** A running state transfer's phase and progress, on one line. */
    public static String progress(StateTransfer.Progress p) {
        StringBuilder b = new StringBuilder();
        b.append(p.replica()).append(" to a new ").append(p.engine().displayName()).append(" database: ").append(p.phase());
        if (p.rowsExpected() > 0) {
            b.append(String.format(Locale.ROOT, ", rows %d of %d (%d%%)", p.rowsLoaded(), p.rowsExpected(),
                    Math.min(100, p.rowsLoaded() * 100 / p.rowsExpected())));
        } else if (p.rowsLoaded() > 0) {
            b.append(", rows ").append(p.rowsLoaded());
        }
        b.append(", commits replayed ").append(p.commitsReplayed()).append(", queued ").append(p.queued());
        return b.toString();
    }

    public static String verify(Maintenance.VerifyReport v) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "verify at sequence %d: %d tables, %s%n", v.sequence(), v.tables().size(),
                v.allEqual() ? "every replica holds the agreed state" : "replicas differ"));
        b.append("agreed state: ").append(v.agreedState() == null ? "none (no f+1 healthy replicas agree on " + v.unagreed() + ")"
                : v.agreedState()).append('\n');
        for (Maintenance.ReplicaVerification r : v.replicas()) {
            String what = r.error() != null ? "not read: " + r.error()
                    : r.differing().isEmpty() ? "equal" : "differs in " + String.join(", ", r.differing());
            b.append(String.format(Locale.ROOT, "  %-10s %-8s %s%n", r.replica(), r.state(), what));
        }
        return b.toString();
    }

    public static String recovery(Maintenance.RecoveryReport r) {
        return String.format(Locale.ROOT, "replica %s repaired: %d rows changed in %s (%d while statements waited); statements waited %s%n",
                r.replica(), r.rowsChanged(), r.tablesRepaired().isEmpty() ? "no table" : String.join(", ", r.tablesRepaired()),
                r.rowsUnderLock(), millis(r.pause()));
    }

    public static String checkpoint(Maintenance.CheckpointReport c) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "checkpoint at commit %d from %s: %d tables, %d rows, %s in %s%n", c.sequence(), c.basis(),
                c.tables(), c.rows(), bytes(c.bytes()), c.directory()));
        b.append(String.format(Locale.ROOT, "state %s; took %s, a table's writers waited at most %s, all writes %s%n", c.stateDigest(),
                millis(c.total()), millis(c.longestTableLock()), millis(c.pause())));
        if (!c.logMismatches().isEmpty()) {
            b.append("the previous checkpoint plus the log differed from the replicas on ").append(String.join(", ", c.logMismatches()))
                    .append(" (the replicas' rows were taken)\n");
        }
        return b.toString();
    }

    public static String transfer(StateTransfer.Report r) {
        return String.format(Locale.ROOT, "replica %s moved from %s to a new %s database (%s) from %s: %d rows, %s, %d commits replayed;"
                        + " took %s, statements waited %s%n", r.replica(), r.from().displayName(), r.to().displayName(), r.database(),
                r.source(), r.rowsLoaded(), bytes(r.bytesLoaded()), r.commitsReplayed(), millis(r.total()), millis(r.pause()));
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String bytes(long n) {
        if (n < 10_000) {
            return n + " bytes";
        }
        return n < 10_000_000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3) : String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
