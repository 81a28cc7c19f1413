package dev.chorus.rubis.emulator;

import org.HdrHistogram.Histogram;

import java.time.Duration;

/**
 * What happened in one phase of a run (or in the whole run), per state — the figures of RUBiS's report (SPEC.md
 * section 8), with HdrHistogram latency distributions for percentiles.
 *
 * <p>Counting rules (quirk decision 8: KEEP, Back is counted as a state and images are part of the response time):
 * <ul>
 *   <li>a page request whose reply is normal adds 1 to {@link #count(State)} of the state requested; a reply that is
 *       an error (contains {@code ERROR}, or has a non-2xx HTTP status) adds 1 to {@link #errors(State)} instead;
 *       both record their response time (wall time of the page GET plus all its image GETs) in
 *       {@link #latencyMicros(State)};</li>
 *   <li>{@link State#BACK} and {@link State#END} are counted when chosen (no response time): a Back step counts both
 *       Back and the page then requested;</li>
 *   <li>a request abandoned because the server could not be reached (after all tries) is counted only in
 *       {@link #unreachable()};</li>
 *   <li>a session is completed when it reaches End of Session or the transition cap (not when the run ends); its
 *       duration is recorded in the phase in which it ends.</li>
 * </ul>
 * A merged instance (from {@link Stats}) is read-only; the package-private mutators are used by the recorders under
 * their lock.
 */
public final class PhaseStats {
    private static final int DIGITS = 3;

    private final long[] count = new long[State.ROWS];
    private final long[] errors = new long[State.ROWS];
    private final long[] latencySumNanos = new long[State.ROWS];
    private final Histogram[] latency = new Histogram[State.ROWS];
    private final Histogram sessionMillis = new Histogram(DIGITS);
    private long completedSessions;
    private long sessionMillisSum;
    private long unreachable;

    PhaseStats() {
    }

    void recordRequest(State state, long latencyNanos, boolean error) {
        int i = state.row();
        if (error) {
            errors[i]++;
        } else {
            count[i]++;
        }
        latencySumNanos[i] += latencyNanos;
        histogram(i).recordValue(Math.max(0, latencyNanos / 1000));
    }

    void recordPseudo(State state) {
        count[state.row()]++;
    }

    void recordSession(long durationNanos) {
        long ms = Math.max(0, durationNanos / 1_000_000);
        completedSessions++;
        sessionMillisSum += ms;
        sessionMillis.recordValue(ms);
    }

    void recordUnreachable() {
        unreachable++;
    }

    void add(PhaseStats other) {
        for (int i = 0; i < State.ROWS; i++) {
            count[i] += other.count[i];
            errors[i] += other.errors[i];
            latencySumNanos[i] += other.latencySumNanos[i];
            if (other.latency[i] != null) {
                histogram(i).add(other.latency[i]);
            }
        }
        completedSessions += other.completedSessions;
        sessionMillisSum += other.sessionMillisSum;
        sessionMillis.add(other.sessionMillis);
        unreachable += other.unreachable;
    }

    private Histogram histogram(int i) {
        if (latency[i] == null) {
            latency[i] = new Histogram(DIGITS);
        }
        return latency[i];
    }

    /** Normal replies of {@code state} (for Back and End: times chosen). */
    public long count(State state) {
        return count[state.row()];
    }

    /** Error replies of {@code state}. */
    public long errors(State state) {
        return errors[state.row()];
    }

    /**
     * Response times of {@code state}'s requests (normal and error replies) in microseconds, 3 significant digits;
     * a copy. Empty for Back and End.
     */
    public Histogram latencyMicros(State state) {
        Histogram h = latency[state.row()];
        return h == null ? new Histogram(DIGITS) : h.copy();
    }

    /** Response times of all page requests of the phase, microseconds (a new merged histogram). */
    public Histogram latencyMicros() {
        Histogram all = new Histogram(DIGITS);
        for (Histogram h : latency) {
            if (h != null) {
                all.add(h);
            }
        }
        return all;
    }

    /** Exact mean response time of {@code state} in ms (0 without requests). */
    public double meanMillis(State state) {
        long n = requests(state);
        return n == 0 ? 0 : latencySumNanos[state.row()] / 1e6 / n;
    }

    /** Exact mean response time over all page requests in ms: total time / (count + errors) of page states. */
    public double meanMillis() {
        long n = requests();
        long sum = 0;
        for (long s : latencySumNanos) {
            sum += s;
        }
        return n == 0 ? 0 : sum / 1e6 / n;
    }

    /** HTTP page requests of {@code state}: count + errors (0 for Back and End, which are not requests). */
    public long requests(State state) {
        return state.isPseudo() ? 0 : count(state) + errors(state);
    }

    /** HTTP page requests of the phase (normal + error replies over the 27 page states). */
    public long requests() {
        long n = 0;
        for (State s : State.all()) {
            n += requests(s);
        }
        return n;
    }

    /** RUBiS's total count: normal replies over all 29 rows, Back and End included. */
    public long totalCount() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    /** Error replies over all states. */
    public long totalErrors() {
        long n = 0;
        for (long e : errors) {
            n += e;
        }
        return n;
    }

    /**
     * RUBiS's "average throughput": (total count + errors) / duration, in interactions per second; the counts include
     * the Back and End pseudo-states (quirk decision 8: KEEP).
     */
    public double throughput(Duration duration) {
        return perSecond(totalCount() + totalErrors(), duration);
    }

    /** Real HTTP page requests (normal + error replies) per second over {@code duration}. */
    public double requestThroughput(Duration duration) {
        return perSecond(requests(), duration);
    }

    private static double perSecond(long n, Duration duration) {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : n / s;
    }

    /** Sessions that reached End of Session or the transition cap. */
    public long completedSessions() {
        return completedSessions;
    }

    /** Total duration of the completed sessions, ms. */
    public long totalSessionMillis() {
        return sessionMillisSum;
    }

    /** Mean duration of a completed session, seconds (0 without sessions). */
    public double meanSessionSeconds() {
        return completedSessions == 0 ? 0 : sessionMillisSum / 1000.0 / completedSessions;
    }

    /** Durations of the completed sessions in ms (a copy). */
    public Histogram sessionDurationsMillis() {
        return sessionMillis.copy();
    }

    /** Page requests abandoned because the server could not be reached (not counted as errors). */
    public long unreachable() {
        return unreachable;
    }
}
