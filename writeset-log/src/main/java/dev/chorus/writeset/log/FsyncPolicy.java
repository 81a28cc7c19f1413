package dev.chorus.writeset.log;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the log forces written blocks to stable storage ({@code FileChannel.force(true)}).
 * <ul>
 *   <li>{@link #EVERY_COMMIT} (the default): an append's future completes only after the block holding the record
 *       was fsync'd. Nothing acknowledged is lost on power failure.</li>
 *   <li>{@link Interval}: futures complete once the block was written to the operating system; the log fsyncs at
 *       most once per period (after a write, or when idle with unsynced data). A process crash loses nothing
 *       acknowledged, but an OS crash or power loss can lose the records acknowledged during the last period plus
 *       the time of one block write.</li>
 *   <li>{@link #NEVER}: the operating system decides when data reaches the disk; only {@code close()} and segment
 *       rolls force, so closed segments are complete on disk. A power loss can lose any amount of acknowledged
 *       data in the last segment, and may leave damage there that the log reports as corruption rather than as a
 *       torn tail.</li>
 * </ul>
 * Configuration text: {@code commit}, {@code interval:<n>ms}, {@code interval:<n>s}, {@code never}
 * (case-insensitive); {@code toString()} yields that text.
 */
public sealed interface FsyncPolicy {
    /** Fsync every block before completing its futures. */
    FsyncPolicy EVERY_COMMIT = new EveryCommit();
    /** Fsync only when a segment is closed (roll or {@code close()}). */
    FsyncPolicy NEVER = new Never();

    /** Fsync at most once per {@code period}, which must be positive. */
    static FsyncPolicy interval(Duration period) {
        return new Interval(period);
    }

    /** Parses configuration text; see the type description for the accepted forms. */
    static FsyncPolicy parse(String text) {
        Objects.requireNonNull(text, "fsync policy text");
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("commit")) {
            return EVERY_COMMIT;
        }
        if (t.equals("never")) {
            return NEVER;
        }
        Matcher m = Pattern.compile("interval:(\\d{1,18})(ms|s)").matcher(t);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                if (n > 0) {
                    return new Interval(m.group(2).equals("s") ? Duration.ofSeconds(n) : Duration.ofMillis(n));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("bad fsync policy '" + text
                + "'; accepted: 'commit', 'interval:<n>ms', 'interval:<n>s' (n > 0), 'never'");
    }

    /** The policy {@link #EVERY_COMMIT}. */
    record EveryCommit() implements FsyncPolicy {
        @Override
        public String toString() {
            return "commit";
        }
    }

    /** Fsync at most once per {@code period}. */
    record Interval(Duration period) implements FsyncPolicy {
        /** Validates the period is positive. */
        public Interval {
            Objects.requireNonNull(period, "period");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("fsync interval must be positive, got " + period);
            }
        }

        @Override
        public String toString() {
            return "interval:" + period.toMillis() + "ms";
        }
    }

    /** The policy {@link #NEVER}. */
    record Never() implements FsyncPolicy {
        @Override
        public String toString() {
            return "never";
        }
    }
}
