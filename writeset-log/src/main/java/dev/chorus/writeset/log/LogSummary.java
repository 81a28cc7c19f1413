package dev.chorus.writeset.log;

import java.util.Optional;

/**
 * What {@link LogReader#verify()} found: everything counted was fully checked.
 *
 * @param segments segment files
 * @param blocks   complete, verified blocks
 * @param records  records in those blocks
 * @param firstSeq the first record's seq, 0 if there are none
 * @param lastSeq  the last record's seq, 0 if there are none
 * @param bytes    valid bytes (segment headers and complete blocks), excluding any torn tail
 * @param tornTail the torn tail at the end of the last segment, if any
 */
public record LogSummary(int segments, long blocks, long records, long firstSeq, long lastSeq, long bytes,
                         Optional<TornTail> tornTail) {
}
