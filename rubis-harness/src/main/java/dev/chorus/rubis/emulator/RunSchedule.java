package dev.chorus.rubis.emulator;

import java.util.concurrent.TimeUnit;

/**
 * The time line of one run, shared by the client threads: phase boundaries on the {@link System#nanoTime()} clock,
 * the slowdown factor of each phase, and the stop flag. A moment belongs to the up-ramp in
 * {@code [start, start + upRamp)}, to the steady phase in the next {@code steady}, to the down-ramp in the next
 * {@code downRamp}; from then on (or once {@link #stop()} was called) the run is over.
 */
final class RunSchedule {
    private final long startNanos;
    private final long upRampEnd;
    private final long steadyEnd;
    private final long endNanos;
    private final double upRampSlowdown;
    private final double downRampSlowdown;
    private volatile boolean stopped;
    private volatile long stoppedAt;

    RunSchedule(long startNanos, EmulatorConfig config) {
        this.startNanos = startNanos;
        this.upRampEnd = startNanos + config.upRamp().toNanos();
        this.steadyEnd = upRampEnd + config.steady().toNanos();
        this.endNanos = steadyEnd + config.downRamp().toNanos();
        this.upRampSlowdown = config.upRampSlowdown();
        this.downRampSlowdown = config.downRampSlowdown();
    }

    long startNanos() {
        return startNanos;
    }

    long endNanos() {
        return endNanos;
    }

    /** The phase at {@code nanos}, or null before the start or once the run is over. */
    Phase phaseAt(long nanos) {
        if (nanos < startNanos || isOver(nanos)) {
            return null;
        }
        if (nanos < upRampEnd) {
            return Phase.UP_RAMP;
        }
        return nanos < steadyEnd ? Phase.STEADY : Phase.DOWN_RAMP;
    }

    /** The think-time slowdown factor at {@code nanos} (1 outside the ramps). */
    double slowdownAt(long nanos) {
        Phase p = phaseAt(nanos);
        if (p == Phase.UP_RAMP) {
            return upRampSlowdown;
        }
        return p == Phase.DOWN_RAMP ? downRampSlowdown : 1;
    }

    /** The second of the run (0-based, from the start of the up-ramp) that {@code nanos} falls in. */
    int secondAt(long nanos) {
        return (int) TimeUnit.NANOSECONDS.toSeconds(Math.max(0, nanos - startNanos));
    }

    /** Number of seconds of the planned run (the length of the per-second series). */
    int plannedSeconds() {
        return (int) Math.max(1, (endNanos - startNanos + 999_999_999L) / 1_000_000_000L);
    }

    boolean isOver(long nanos) {
        return stopped || nanos >= endNanos;
    }

    boolean isOver() {
        return isOver(System.nanoTime());
    }

    /** Ends the run now (idempotent). */
    void stop() {
        if (!stopped) {
            stoppedAt = System.nanoTime();
            stopped = true;
        }
    }

    /** When the run actually ended: the stop time if stopped early, else the planned end. */
    long actualEndNanos() {
        return stopped ? Math.min(stoppedAt, endNanos) : endNanos;
    }

    /** The actual length of {@code phase} in nanoseconds (shorter than planned if the run was stopped early). */
    long actualNanos(Phase phase) {
        long end = actualEndNanos();
        long from = switch (phase) {
            case UP_RAMP -> startNanos;
            case STEADY -> upRampEnd;
            case DOWN_RAMP -> steadyEnd;
        };
        long to = switch (phase) {
            case UP_RAMP -> upRampEnd;
            case STEADY -> steadyEnd;
            case DOWN_RAMP -> endNanos;
        };
        return Math.max(0, Math.min(to, end) - from);
    }
}
