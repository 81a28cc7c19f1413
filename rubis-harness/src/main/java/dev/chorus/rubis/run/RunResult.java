package dev.chorus.rubis.run;

import dev.chorus.rubis.db.DatabaseSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One benchmark run against one JDBC URL, as the reports show it.
 *
 * @param label            what was measured ({@code plain H2}, {@code Chorus (H2 + Derby + HSQLDB)})
 * @param interactions     per interaction (state) of the steady phase, in the transition table's order
 * @param overall          every steady-phase request together (its name is {@code all})
 * @param steadySeconds    the steady phase's length
 * @param perSecond        requests completed in each second of the whole run (up-ramp, steady, down-ramp)
 * @param steadyFrom       the second at which the steady phase began (an index into {@code perSecond})
 * @param tables           rows and data bytes per table after the run ({@link DatabaseSize})
 * @param logBytes         the write-set log's size after the run (0 without one)
 * @param events           what happened during the run, with its second (a proactive recovery, say)
 */
public record RunResult(String label, String jdbcUrl, List<Interaction> interactions, Interaction overall, long requests, long errors,
                        long sessions, double steadySeconds, double[] perSecond, int steadyFrom,
                        Map<String, DatabaseSize.Table> tables, long logBytes, Duration loadTime, List<Event> events) {
    public RunResult {
        interactions = List.copyOf(interactions);
        tables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tables));
        events = List.copyOf(events);
        perSecond = perSecond.clone();
    }

    /** Latencies in milliseconds (HTTP exchange with its images). */
    public record Interaction(String name, long count, long errors, double mean, double p50, double p90, double p95, double p99,
                              double max) {
    }

    /** Something that happened at a second of the run (a negative second: after it). */
    public record Event(double second, String what) {
    }

    /** The database's data after the run, in bytes ({@link DatabaseSize}). */
    public long dataBytes() {
        return DatabaseSize.totalBytes(tables);
    }

    /** Rows of all tables after the run. */
    public long rows() {
        return DatabaseSize.totalRows(tables);
    }

    /** Requests per second over the steady phase (errors included, as RUBiS counts them). */
    public double throughput() {
        return steadySeconds <= 0 ? 0 : (requests + errors) / steadySeconds;
    }
}
