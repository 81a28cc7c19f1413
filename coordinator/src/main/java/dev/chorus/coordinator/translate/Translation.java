package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.sql.Analysis;

import java.util.List;
import java.util.Map;

/**
 * A statement translated for every engine of the replica set: what the coordinator must do with it and the text
 * each engine runs. Immutable and cached by the {@link Translator}.
 *
 * @param analysis   the lexical analysis of the application's text
 * @param control    a transaction-control statement served by connection calls, or null
 * @param slots      the values the coordinator fixes per execution, numbered as in {@link Rendered#binds()}
 * @param rendered   the text per engine
 * @param insertSelect for INSERT ... SELECT: the parts to run as a voted SELECT and then an INSERT of its rows; null
 * @param created    for CREATE TABLE with generated columns: the catalog entries and first counter values; null
 * @param dropped    for DROP TABLE: the table's catalog key; null
 * @param unsupported for a query: the engines that cannot compute the application dialect's answer, with the reason;
 *                   the query runs on the other replicas when they are a quorum (a read changes nothing, so the
 *                   replicas left out stay equal)
 * @param paramScales the application's parameters assigned to DECIMAL columns (by index, from 0) and the column's
 *                   scale: the coordinator rounds their values half up to it, as H2 does on assignment, before
 *                   binding them on every replica (Derby and HSQLDB would truncate)
 * @param labels     for a query: the column labels the application dialect gives it (whichever engines answer), or
 *                   null when unknown
 * @param locks      the coordinator's locks for one execution ({@link dev.chorus.coordinator.lock.LockPlan}); null
 *                   for statements that take none themselves (transaction control, an INSERT ... SELECT, whose
 *                   two statements lock for themselves)
 * @param capture    for a statement that changes rows: how the rows it changed are read back on every replica
 *                   ({@link CapturePlan}); null otherwise
 */
public record Translation(Analysis analysis, Control control, List<Slot> slots, Map<Engine, Rendered> rendered,
                          InsertSelect insertSelect, Created created, String dropped, Map<Engine, String> unsupported,
                          Map<Integer, Integer> paramScales, List<String> labels, dev.chorus.coordinator.lock.LockPlan locks,
                          CapturePlan capture) {
    public Translation {
        slots = List.copyOf(slots);
        rendered = Map.copyOf(rendered);
        unsupported = Map.copyOf(unsupported);
        paramScales = Map.copyOf(paramScales);
        labels = labels == null ? null : List.copyOf(labels);
    }

    /** Transaction control written in SQL, which Chorus serves with connection calls on every replica. */
    public record Control(Kind kind, String savepoint) {
        public enum Kind { BEGIN, SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT }
    }

    /**
     * A value the coordinator fixes once per execution and binds on every replica.
     *
     * @param kind   what value it is (the statement's timestamp, date, time, random number, UUID, or the next value of
     *               an identity counter)
     * @param column the generated column it fills, or null for a function of the statement (CURRENT_TIMESTAMP ...)
     * @param row    for a generated column: the row of a multi-row INSERT, from 0
     */
    public record Slot(GeneratedColumns.Kind kind, GeneratedColumns.Column column, int row) {
    }

    /**
     * One engine's text.
     *
     * @param sql   the SQL to run, with {@code ?} placeholders
     * @param binds per placeholder, where its value comes from: {@code k >= 0} is the application's k-th parameter,
     *              {@code -1 - s} is slot {@code s}
     * @param guard a check to run first on engines that lack IF [NOT] EXISTS (Derby), or null
     */
    public record Rendered(String sql, int[] binds, Guard guard) {
        public boolean hasBinds() {
            return binds.length > 0;
        }
    }

    /**
     * IF [NOT] EXISTS done by Chorus: the statement runs only when the table's existence is {@code mustExist};
     * otherwise the engine answers an update count of 0, as the engines with the clause do.
     */
    public record Guard(String schema, String table, boolean mustExist) {
    }

    /**
     * INSERT ... SELECT, run in two steps so that every replica inserts the same rows (and the coordinator can
     * number generated columns): the SELECT is voted, then its rows are inserted with {@code insertPrefix}
     * followed by a VALUES list.
     *
     * @param select       the SELECT, as application-dialect SQL with the application's {@code ?} placeholders in
     *                     their original order
     * @param firstParam   how many of the application's parameters come before the SELECT's
     * @param insertPrefix {@code INSERT INTO t (columns)} in the application dialect, without VALUES
     */
    public record InsertSelect(String select, int firstParam, String insertPrefix) {
    }

    /** A CREATE TABLE's generated columns and their counters' first values. */
    public record Created(String table, List<GeneratedColumns.Column> columns, Map<String, Long> firstValues) {
    }

    /** Whether the coordinator answers getGeneratedKeys itself (the statement fills an identity column). */
    public boolean coordinatorKeys() {
        return slots.stream().anyMatch(s -> s.kind() == GeneratedColumns.Kind.IDENTITY);
    }
}
