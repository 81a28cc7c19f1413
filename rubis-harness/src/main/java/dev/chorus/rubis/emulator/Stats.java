package dev.chorus.rubis.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a run: the figures of each phase ({@link #phase(Phase)}) and of the whole run ({@link #overall()}),
 * the planned and actual phase lengths, and the number of page requests (and error replies) completed in each second
 * of the run, for throughput-over-time charts. See {@link PhaseStats} for the counting rules.
 *
 * <p>Built once at the end of a run by merging the per-client recorders; immutable afterwards (the histograms handed
 * out are copies).
 */
public final class Stats {
    private final Map<Phase, PhaseStats> phases;
    private final PhaseStats overall;
    private final Map<Phase, Duration> planned;
    private final Map<Phase, Duration> actual;
    private final long[] requestsPerSecond;
    private final long[] errorsPerSecond;
    private final Instant start;
    private final int clients;
    private final int clientsStillRunning;

    Stats(EmulatorConfig config, RunSchedule schedule, Instant start, List<ClientRecorder> recorders,
          int clientsStillRunning) {
        PhaseStats[] merged = new PhaseStats[Phase.values().length];
        for (Phase p : Phase.values()) {
            merged[p.ordinal()] = new PhaseStats();
        }
        long[] requests = new long[schedule.plannedSeconds()];
        long[] errors = new long[schedule.plannedSeconds()];
        for (ClientRecorder r : recorders) {
            r.mergeInto(merged, requests, errors);
        }
        Map<Phase, PhaseStats> byPhase = new EnumMap<>(Phase.class);
        Map<Phase, Duration> plannedLengths = new EnumMap<>(Phase.class);
        Map<Phase, Duration> actualLengths = new EnumMap<>(Phase.class);
        PhaseStats all = new PhaseStats();
        for (Phase p : Phase.values()) {
            byPhase.put(p, merged[p.ordinal()]);
            all.add(merged[p.ordinal()]);
            actualLengths.put(p, Duration.ofNanos(schedule.actualNanos(p)));
        }
        plannedLengths.put(Phase.UP_RAMP, config.upRamp());
        plannedLengths.put(Phase.STEADY, config.steady());
        plannedLengths.put(Phase.DOWN_RAMP, config.downRamp());
        int seconds = (int) Math.min(requests.length,
                (schedule.actualEndNanos() - schedule.startNanos() + 999_999_999L) / 1_000_000_000L);
        this.phases = Map.copyOf(byPhase);
        this.overall = all;
        this.planned = Map.copyOf(plannedLengths);
        this.actual = Map.copyOf(actualLengths);
        this.requestsPerSecond = Arrays.copyOf(requests, seconds);
        this.errorsPerSecond = Arrays.copyOf(errors, seconds);
        this.start = start;
        this.clients = recorders.size();
        this.clientsStillRunning = clientsStillRunning;
    }

    /** The figures of one phase. */
    public PhaseStats phase(Phase phase) {
        return phases.get(phase);
    }

    /** The figures of the whole run (all three phases merged). */
    public PhaseStats overall() {
        return overall;
    }

    /** The configured length of {@code phase}. */
    public Duration plannedDuration(Phase phase) {
        return planned.get(phase);
    }

    /** The length {@code phase} really had (shorter than planned if the run was stopped early). */
    public Duration actualDuration(Phase phase) {
        return actual.get(phase);
    }

    /** The actual length of the whole run. */
    public Duration actualDuration() {
        return actual.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** RUBiS's average throughput of {@code phase} (see {@link PhaseStats#throughput(Duration)}) over its actual length. */
    public double throughput(Phase phase) {
        return phase(phase).throughput(actualDuration(phase));
    }

    /** Real page requests per second of {@code phase} over its actual length. */
    public double requestThroughput(Phase phase) {
        return phase(phase).requestThroughput(actualDuration(phase));
    }

    /**
     * Page requests (normal and error replies) completed in each second of the run; index 0 = the first second of the
     * up-ramp. A copy.
     */
    public long[] requestsPerSecond() {
        return requestsPerSecond.clone();
    }

    /** Error replies completed in each second of the run (same indexing as {@link #requestsPerSecond()}). A copy. */
    public long[] errorsPerSecond() {
        return errorsPerSecond.clone();
    }

    /** Wall-clock time at which the run started. */
    public Instant startTime() {
        return start;
    }

    /** Number of emulated clients of the run. */
    public int clients() {
        return clients;
    }

    /** Client threads that had not finished when the emulator gave up waiting for them (0 after a clean stop). */
    public int clientsStillRunning() {
        return clientsStillRunning;
    }
}
