package dev.chorus.rubis.emulator;

import java.util.Random;

/**
 * The pause an emulated user makes before requesting the next page (SPEC.md section 5.2).
 *
 * <ul>
 *   <li>TPC-W think time (the RUBiS default, {@code workload_use_tpcw_think_time = yes}): negative exponential with mean
 *       7 s, {@code t = round(-7000 ms * ln r)} for r uniform in [0,1), except that r &lt; 4.54e-5 gives 0, so t never
 *       exceeds {@link #TPCW_MAX_MILLIS} (about 70 s);</li>
 *   <li>otherwise the nominal waiting time of the next state's row in the transition table.</li>
 * </ul>
 * The value is multiplied by the slowdown factor of the current run phase (up-ramp, steady = 1, down-ramp) and then by
 * a scale factor of ours ({@code 1} = as specified; e.g. {@code 0.01} compresses a run for a quick test). Unlike the
 * original, slowdown factors are not truncated to integers (the defaults 2 and 3 are integers anyway).
 */
public final class ThinkTime {
    /** Mean of the TPC-W think time, ms. */
    public static final double TPCW_MEAN_MILLIS = 7000;
    /** Draws below this value give a think time of 0 (TPC-W's truncation of the exponential). */
    public static final double TPCW_MIN_DRAW = 4.54e-5;
    /** The largest TPC-W think time, ms (the value at the truncation point, about 70 s). */
    public static final long TPCW_MAX_MILLIS = Math.round(-TPCW_MEAN_MILLIS * Math.log(TPCW_MIN_DRAW));

    private final boolean tpcw;
    private final double scale;

    /**
     * @param tpcw  true for the TPC-W negative exponential, false for the table's per-row waiting times
     * @param scale multiplier applied to every think time (1 = as specified), must be &ge; 0
     */
    public ThinkTime(boolean tpcw, double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("think time scale must be a finite number >= 0: " + scale);
        }
        this.tpcw = tpcw;
        this.scale = scale;
    }

    public boolean tpcw() {
        return tpcw;
    }

    public double scale() {
        return scale;
    }

    /** One unscaled TPC-W think time in ms: 0 for r &lt; 4.54e-5, else round(-7000 ln r). Consumes one draw. */
    public static long tpcwMillis(Random random) {
        double r = random.nextDouble();
        if (r < TPCW_MIN_DRAW) {
            return 0;
        }
        return Math.round(-TPCW_MEAN_MILLIS * Math.log(r));
    }

    /**
     * The think time before requesting {@code next}, in nanoseconds: the TPC-W draw (or the table's waiting time for
     * {@code next}'s row) times {@code slowdown} times the scale. Consumes one draw of {@code random} in TPC-W mode
     * only.
     */
    public long nanos(State next, TransitionTable table, double slowdown, Random random) {
        long base = tpcw ? tpcwMillis(random) : table.waitingTimeMillis(next);
        return Math.round(base * slowdown * scale * 1_000_000.0);
    }
}
