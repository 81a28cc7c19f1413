package dev.chorus.rubis.emulator;

/**
 * The statistics of one emulated client: one {@link PhaseStats} per phase plus the per-second series of page
 * requests and errors, indexed by the second of the run in which the reply completed. Written by its client thread,
 * read by the emulator for progress reports and merged at the end; every method holds the recorder's lock, which is
 * uncontended on the hot path.
 */
final class ClientRecorder {
    private final RunSchedule schedule;
    private final PhaseStats[] phases = new PhaseStats[Phase.values().length];
    private final long[] requestsPerSecond;
    private final long[] errorsPerSecond;
    private long requests;
    private long errors;
    private long unreachable;

    ClientRecorder(RunSchedule schedule) {
        this.schedule = schedule;
        for (Phase p : Phase.values()) {
            phases[p.ordinal()] = new PhaseStats();
        }
        requestsPerSecond = new long[schedule.plannedSeconds()];
        errorsPerSecond = new long[schedule.plannedSeconds()];
    }

    /** Records a page request that completed at {@code endNanos}; ignored if the run was already over then. */
    synchronized void request(State state, long endNanos, long latencyNanos, boolean error) {
        Phase p = schedule.phaseAt(endNanos);
        if (p == null) {
            return;
        }
        phases[p.ordinal()].recordRequest(state, latencyNanos, error);
        int second = schedule.secondAt(endNanos);
        if (second < requestsPerSecond.length) {
            requestsPerSecond[second]++;
            if (error) {
                errorsPerSecond[second]++;
            }
        }
        requests++;
        if (error) {
            errors++;
        }
    }

    /** Counts a Back or End step chosen at {@code nanos}. */
    synchronized void pseudo(State state, long nanos) {
        Phase p = schedule.phaseAt(nanos);
        if (p != null) {
            phases[p.ordinal()].recordPseudo(state);
        }
    }

    /** Records a session completed (End or transition cap) at {@code endNanos}. */
    synchronized void session(long endNanos, long durationNanos) {
        Phase p = schedule.phaseAt(endNanos);
        if (p != null) {
            phases[p.ordinal()].recordSession(durationNanos);
        }
    }

    /** Records a request abandoned at {@code nanos} because the server could not be reached. */
    synchronized void unreachable(long nanos) {
        Phase p = schedule.phaseAt(nanos);
        if (p != null) {
            phases[p.ordinal()].recordUnreachable();
            unreachable++;
        }
    }

    /** Page requests, errors and unreachable-server events recorded so far: {@code {requests, errors, unreachable}}. */
    synchronized long[] totals() {
        return new long[] {requests, errors, unreachable};
    }

    /** Adds this recorder's figures to the given accumulators (one per phase, and the two series). */
    synchronized void mergeInto(PhaseStats[] phaseTotals, long[] requestSeries, long[] errorSeries) {
        for (Phase p : Phase.values()) {
            phaseTotals[p.ordinal()].add(phases[p.ordinal()]);
        }
        for (int i = 0; i < requestSeries.length && i < requestsPerSecond.length; i++) {
            requestSeries[i] += requestsPerSecond[i];
            errorSeries[i] += errorsPerSecond[i];
        }
    }
}
