package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Repairs SUSPECT replicas by itself ({@code recovery=auto}): the coordinator's monitor calls {@link #check}
 * periodically; a replica found SUSPECT is recovered ({@link Maintenance#recover}) on a thread of its own, one
 * replica at a time. Attempts for the same replica are spaced further apart each time (1 s, 2 s, 4 s ... at most
 * {@link #MAX_DELAY}), so a replica that keeps failing (a persistent fault) does not pause the database over and over;
 * the spacing starts again once it stayed HEALTHY for {@link #FORGIVE_AFTER}.
 */
final class ReactiveRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReactiveRecovery.class);
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGIVE_AFTER = Duration.ofMinutes(10);

    private final Coordinator coordinator;
    private final ExecutorService worker;
    private final Map<String, Attempts> attempts = new HashMap<>();
    private boolean running;

    private static final class Attempts {
        int count;
        long notBefore;
        long lastAt;
    }

    ReactiveRecovery(Coordinator coordinator) {
        this.coordinator = coordinator;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chorus-" + coordinator.config().name() + "-recovery");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the recovery of a SUSPECT replica when one is due. */
    synchronized void check() {
        long now = System.nanoTime();
        for (Replica r : coordinator.replicas()) {
            Attempts a = attempts.computeIfAbsent(r.name(), n -> new Attempts());
            if (r.state() == ReplicaState.HEALTHY && a.count > 0 && now - a.lastAt > FORGIVE_AFTER.toNanos()) {
                a.count = 0;
            }
            if (running || r.state() != ReplicaState.SUSPECT) {
                continue;
            }
            if (a.notBefore == 0) {
                a.notBefore = now + delay(a.count).toNanos();
            }
            if (now - a.notBefore < 0) {
                continue;
            }
            running = true;
            a.count++;
            a.lastAt = now;
            a.notBefore = 0;
            try {
                worker.submit(() -> recover(r));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                running = false;
            }
        }
    }

    private void recover(Replica r) {
        try {
            Maintenance.RecoveryReport report = Maintenance.recover(coordinator, r.name());
            LOG.info("replica {} of {} recovered by itself: {} rows in {} repaired, statements paused {} ms", r.name(),
                    coordinator.config().name(), report.rowsChanged(), report.tablesRepaired(), report.pause().toMillis());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("recovery of replica {} of {} failed (next attempt in {} s): {}", r.name(), coordinator.config().name(),
                    delay(attemptsOf(r)).toSeconds(), e.getMessage());
        } finally {
            synchronized (this) {
                running = false;
            }
        }
    }

    private synchronized int attemptsOf(Replica r) {
        return attempts.get(r.name()).count;
    }

    /** The wait before attempt {@code n + 1}: 0 for the first, then 1 s doubling up to {@link #MAX_DELAY}. */
    static Duration delay(int n) {
        if (n == 0) {
            return Duration.ZERO;
        }
        long seconds = FIRST_DELAY.toSeconds() << Math.min(n - 1, 20);
        return seconds > MAX_DELAY.toSeconds() ? MAX_DELAY : Duration.ofSeconds(seconds);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
