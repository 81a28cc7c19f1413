package dev.chorus.rubis.run;

import java.time.Duration;

/**
 * What a benchmark run does: the same for every target of one invocation, so the runs compare.
 *
 * @param mix        {@code bidding} (default_transitions.txt) or {@code browsing} (browse_only_transitions.txt)
 * @param scale      the data generator's scale name
 * @param clients    emulated clients
 * @param thinkScale TPC-W think time (mean 7 s) multiplied by this (1 = the benchmark's, 0.1 = ten times the load)
 * @param seed       the data and the walk's seed
 */
public record RunConfig(String mix, String scale, int clients, double thinkScale, Duration upRamp, Duration steady,
                        Duration downRamp, long seed, int poolSize) {
}
