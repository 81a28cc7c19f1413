package dev.chorus.writeset.log;

import dev.chorus.writeset.WriteSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/**
 * Online log reduction: over a range of sequence numbers, only the newest image of each row (or its deletion),
 * which is all a replica being brought up to date needs. Memory grows with the number of distinct rows changed in
 * the range, not with the number of records.
 */
public final class LogReduction {
    private LogReduction() {
    }

    /**
     * The reduced write set of the records with {@code fromSeq <= seq <= toSeqInclusive}.
     *
     * @throws LogCorruptionException when a record in the range is damaged, or its payload is not a write set in
     *                                canonical SQL form (the message names the sequence number)
     */
    public static WriteSet reduce(LogReader log, long fromSeq, long toSeqInclusive) throws IOException {
        WriteSet reduced = WriteSet.EMPTY;
        try (Stream<LogRecord> records = log.read(fromSeq, toSeqInclusive)) {
            for (LogRecord r : (Iterable<LogRecord>) records::iterator) {
                reduced = reduced.then(writeSet(r));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return reduced;
    }

    /** A record's payload as a write set. */
    public static WriteSet writeSet(LogRecord r) {
        try {
            return WriteSet.parse(new String(r.payload(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("record seq=" + r.seq() + " is not a write set: " + e.getMessage(), e);
        }
    }
}
