package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.Replica;
import dev.chorus.coordinator.replica.ReplicaState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Repairs replicas by itself: the coordinator's monitor calls {@link #check} periodically. With {@code
 * recovery=auto} a replica found SUSPECT is repaired in place ({@link Maintenance#recover}) and a DOWN one gets a new
 * database ({@link StateTransfer}, when Chorus can make one for it; a DOWN server replica is probed until its server
 * answers again, then repaired in place); with {@code proactiveRecovery} set, every
 * replica is moved to a new database in turn on that schedule, rotating engines when {@code rotate} lists them. All
 * of it on one thread of its own, one replica at a time. Attempts for the same replica are spaced further apart each time (1 s, 2 s, 4 s ... at most
 * {@link #MAX_DELAY}), so a replica that keeps failing (a persistent fault) does not pause the database over and over;
 * the spacing starts again once it stayed HEALTHY for {@link #FORGIVE_AFTER}.
 */
final class ReactiveRecovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReactiveRecovery.class);
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    static final Duration FORGIVE_AFTER = Duration.ofMinutes(10);
    /** The longest wait between two probes of a DOWN server replica (a probe is one connection attempt). */
    static final Duration MAX_PROBE_DELAY = Duration.ofSeconds(30);

    private final Coordinator coordinator;
    private final ExecutorService worker;
    private final Map<String, Attempts> attempts = new HashMap<>();
    private boolean running;
    /** When the next proactive recovery cycle is due (System.nanoTime()); 0 when there is no schedule. */
    private long proactiveDue;

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

    /** Starts the recovery of a SUSPECT or DOWN replica, or a proactive cycle, when one is due. */
    synchronized void check() {
        long now = System.nanoTime();
        java.time.Duration every = coordinator.config().proactiveRecovery();
        if (every != null && proactiveDue == 0) {
            proactiveDue = now + every.toNanos();
        }
        if (every != null && !running && now - proactiveDue >= 0) {
            running = true;
            try {
                worker.submit(() -> {
                    try {
                        proactiveCycle();
                    } finally {
                        synchronized (this) {
                            running = false;
                            proactiveDue = System.nanoTime() + every.toNanos();
                        }
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                running = false;
            }
            return;
        }
        if (!coordinator.config().autoRecovery()) {
            return;
        }
        for (Replica r : coordinator.replicas()) {
            Attempts a = attempts.computeIfAbsent(r.name(), n -> new Attempts());
            if (r.state() == ReplicaState.HEALTHY && a.count > 0 && now - a.lastAt > FORGIVE_AFTER.toNanos()) {
                a.count = 0;
            }
            // a DOWN replica gets a new database where Chorus can make one; a server replica is probed until its
            // server answers again, then repaired in place
            boolean down = r.state() == ReplicaState.DOWN;
            if (running || r.state() != ReplicaState.SUSPECT && !down) {
                continue;
            }
            if (a.notBefore == 0) {
                Duration wait = delay(a.count);
                if (down && !StateTransfer.possible(coordinator, r) && wait.compareTo(MAX_PROBE_DELAY) > 0) {
                    wait = MAX_PROBE_DELAY;
                }
                a.notBefore = now + wait.toNanos();
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

    /**
     * Moves every replica to a new database, one after the other (the others hold the quorum meanwhile), each on the
     * next engine of the rotation; a replica Chorus cannot make a database for is left as it is.
     *
     * @return the transfers done
     */
    List<StateTransfer.Report> proactiveCycle() {
        List<StateTransfer.Report> done = new java.util.ArrayList<>();
        for (Replica r : coordinator.replicas()) {
            if (coordinator.isClosed()) {
                break;
            }
            if (!StateTransfer.possible(coordinator, r)) {
                continue;
            }
            Engine next = nextEngine(coordinator.config().rotate(), r.engine());
            try {
                StateTransfer.Report report = StateTransfer.run(coordinator, r.name(), next);
                done.add(report);
                LOG.info("proactive recovery of replica {} of {}: {} in {} ms, paused {} ms", r.name(), coordinator.config().name(),
                        report.source(), report.total().toMillis(), report.pause().toMillis());
            } catch (SQLException | RuntimeException e) {
                LOG.warn("proactive recovery of replica {} of {} failed: {}", r.name(), coordinator.config().name(), e.getMessage());
            }
        }
        return done;
    }

    /** The engine after {@code current} in the rotation; {@code current} when there is none. */
    static Engine nextEngine(List<Engine> rotation, Engine current) {
        if (rotation.isEmpty()) {
            return current;
        }
        int at = rotation.indexOf(current);
        return rotation.get((at + 1) % rotation.size());
    }

    private void recover(Replica r) {
        try {
            if (r.state() == ReplicaState.DOWN && !StateTransfer.possible(coordinator, r)) {
                if (!r.reachable()) {
                    LOG.debug("DOWN replica {} of {} is still unreachable", r.name(), coordinator.config().name());
                    return;
                }
                r.revive("its database answers again");
            }
            if (r.state() == ReplicaState.DOWN) {
                StateTransfer.Report report = StateTransfer.run(coordinator, r.name(), null);
                LOG.info("DOWN replica {} of {} rebuilt by itself on a new database: {} in {} ms, paused {} ms", r.name(),
                        coordinator.config().name(), report.source(), report.total().toMillis(), report.pause().toMillis());
                return;
            }
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
