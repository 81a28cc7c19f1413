package dev.chorus.testing;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One misbehaviour to inject into the connections that {@link FaultyDriver} opens under a name.
 *
 * <p>A fault fires on an execution whose SQL {@link #sqlMatches() matches} and whose outcome the kind can spoil
 * (a row fault needs a result set, {@link Kind#WRONG_UPDATE_COUNT} an update count), at most {@link #times()}
 * times over all connections of the name, or on every such execution when {@code times} is {@link #EVERY_TIME}.
 * Only {@link Kind#SLOW} has a {@link #delay()}; every other kind's is {@link Duration#ZERO}.
 *
 * @param kind        what goes wrong
 * @param sqlMatches  which SQL text the fault applies to; for a batch of a plain {@code Statement} it fires when any
 *                    of the batched strings matches. Called concurrently, so it must be thread-safe.
 * @param times       how many matching executions to spoil, or {@link #EVERY_TIME}
 * @param delay       how long {@link Kind#SLOW} waits before executing
 */
public record Fault(Kind kind, Predicate<String> sqlMatches, int times, Duration delay) {

    /** The {@link #times()} value for a fault that never wears out. */
    public static final int EVERY_TIME = -1;

    /** What an injected fault does to the execution it fires on. */
    public enum Kind {
        /**
         * The first row's first column reads differently through every getter: a number is one larger, a string
         * has {@code "X"} appended, any other value (dates, booleans, binaries...) reads as SQL NULL.
         */
        WRONG_VALUE(Phase.ROWS),
        /**
         * The result's rows are untouched but its first two column labels (and names) are swapped in
         * {@code getMetaData()}: a replica lying about which value belongs to which column.
         */
        SWAPPED_LABELS(Phase.ROWS),
        /** The result's last row is left out. */
        MISSING_ROW(Phase.ROWS),
        /** The result's last row is returned twice. */
        EXTRA_ROW(Phase.ROWS),
        /** The statement really runs, but every reported update count is one larger. */
        WRONG_UPDATE_COUNT(Phase.UPDATE_COUNT),
        /** The statement is not run; a {@code SQLException} with SQLState 42000 is thrown instead. */
        ERROR(Phase.BEFORE_EXECUTION),
        /** The statement is not run; a {@code SQLNonTransientConnectionException} (08006) is thrown instead. */
        CONNECTION_ERROR(Phase.BEFORE_EXECUTION),
        /**
         * The statement is not run; a lock timeout as Derby reports it ({@code SQLTransactionRollbackException},
         * SQLState 40XL1) is thrown instead: what an engine does when another transaction holds a lock there.
         */
        LOCK_TIMEOUT(Phase.BEFORE_EXECUTION),
        /**
         * The statement is not run; the call blocks until the thread is interrupted or the wrapper's
         * {@code Statement.cancel()}, {@code Statement.close()} or {@code Connection.close()} is called, then throws
         * a {@code SQLException} with SQLState 57014.
         */
        HANG(Phase.BEFORE_EXECUTION),
        /**
         * The call waits {@link Fault#delay()} and then runs normally; if it is cancelled or interrupted while waiting
         * it ends like {@link #HANG}.
         */
        SLOW(Phase.BEFORE_EXECUTION);

        private final Phase phase;

        Kind(Phase phase) {
            this.phase = phase;
        }

        Phase phase() {
            return phase;
        }
    }

    /** The point of an execution at which a kind of fault is decided. */
    enum Phase {
        BEFORE_EXECUTION, ROWS, UPDATE_COUNT
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sqlMatches, "sqlMatches");
        Objects.requireNonNull(delay, "delay");
        if (times != EVERY_TIME && times < 1) {
            throw new IllegalArgumentException("times is " + times + " but must be at least 1, or " + EVERY_TIME
                    + " for every time");
        }
        if (kind == Kind.SLOW && (delay.isZero() || delay.isNegative())) {
            throw new IllegalArgumentException("SLOW needs a positive delay but got " + delay + "; use Fault.slow(...)");
        }
        if (kind != Kind.SLOW && !delay.isZero()) {
            throw new IllegalArgumentException(kind + " takes no delay but got " + delay + "; only SLOW does");
        }
    }

    /** A fault without a delay, that is of any kind but {@link Kind#SLOW}. */
    public Fault(Kind kind, Predicate<String> sqlMatches, int times) {
        this(kind, sqlMatches, times, Duration.ZERO);
    }

    /** Spoils every execution, whatever its SQL. */
    public static Fault always(Kind kind) {
        return new Fault(kind, anySql(), EVERY_TIME);
    }

    /** Spoils every execution whose SQL contains {@code substring}, ignoring case and identifier quotes. */
    public static Fault onSql(Kind kind, String substring) {
        return new Fault(kind, sqlContains(substring), EVERY_TIME);
    }

    /** Spoils only the first execution whose SQL contains {@code substring}, ignoring case. */
    public static Fault once(Kind kind, String substring) {
        return new Fault(kind, sqlContains(substring), 1);
    }

    /** Delays every execution whose SQL matches by {@code delay}, then runs it normally. */
    public static Fault slow(Duration delay, Predicate<String> sqlMatches) {
        return new Fault(Kind.SLOW, sqlMatches, EVERY_TIME, delay);
    }

    /** This fault, wearing out after {@code times} matching executions ({@link #EVERY_TIME} for never). */
    public Fault withTimes(int times) {
        return new Fault(kind, sqlMatches, times, delay);
    }

    /**
     * This fault firing on a matching execution only with probability {@code p}, drawn from a generator seeded with
     * {@code seed} (the same seed gives the same sequence of decisions for the same sequence of matching calls).
     */
    public Fault withProbability(double p, long seed) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("probability " + p + " is not in (0, 1]");
        }
        return new Fault(kind, new Sometimes(sqlMatches, p, new java.util.Random(seed)), times, delay);
    }

    /** Matches every SQL text. */
    public static Predicate<String> anySql() {
        return AnySql.INSTANCE;
    }

    /** Matches SQL text containing {@code substring}, ignoring case. */
    public static Predicate<String> sqlContains(String substring) {
        return new SqlContains(substring);
    }

    /**
     * Matches SQL that, with quotes dropped and in lower case, starts with {@code start} and contains {@code part}
     * (a statement as an engine gets it: translated, names quoted); {@code name} says what it is in messages.
     */
    public static Predicate<String> sqlStatement(String name, String start, String part) {
        return new SqlStatement(name, start, part);
    }

    private record SqlStatement(String name, String start, String part) implements Predicate<String> {
        @Override
        public boolean test(String sql) {
            String s = sql.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
            return s.startsWith(start) && s.contains(part);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // Named predicates rather than lambdas so that a fault's toString says what it matches.
    private enum AnySql implements Predicate<String> {
        INSTANCE;

        @Override
        public boolean test(String sql) {
            return true;
        }

        @Override
        public String toString() {
            return "any SQL";
        }
    }

    private record Sometimes(Predicate<String> inner, double p, java.util.Random random) implements Predicate<String> {
        @Override
        public boolean test(String sql) {
            if (!inner.test(sql)) {
                return false;
            }
            synchronized (random) {
                return random.nextDouble() < p;
            }
        }

        @Override
        public String toString() {
            return inner + " with probability " + p;
        }
    }

    private record SqlContains(String needle) implements Predicate<String> {
        private SqlContains {
            Objects.requireNonNull(needle, "substring");
            if (needle.isEmpty()) {
                throw new IllegalArgumentException("substring is empty; use Fault.anySql() to match every SQL text");
            }
            needle = needle.toLowerCase(Locale.ROOT);
        }

        @Override
        public boolean test(String sql) {
            // Replicas get Chorus's translation, which quotes every name: match the name, not its quotes.
            return sql.replace("\"", "").toLowerCase(Locale.ROOT).contains(needle);
        }

        @Override
        public String toString() {
            return "SQL containing '" + needle + "'";
        }
    }
}
