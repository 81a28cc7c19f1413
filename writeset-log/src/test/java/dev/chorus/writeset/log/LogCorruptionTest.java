package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.chorus.writeset.log.LogFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

@Timeout(120)
class LogCorruptionTest {
    private static final LogOptions OPTIONS = LogOptions.defaults().withMaxSegmentBytes(4200);

    @TempDir
    Path dir;

    private List<LogRecord> write(Path d, long firstSeq, int count, int size) throws IOException {
        List<LogRecord> written = new ArrayList<>();
        try (LogWriter w = LogWriter.open(d, OPTIONS)) {
            for (long seq = firstSeq; seq < firstSeq + count; seq += 2) {
                // two at a time: blocks may hold one or two records
                var a = w.append(seq, payload(seq, size));
                var b = w.append(seq + 1, payload(seq + 1, size / 2));
                a.join();
                b.join();
                written.add(new LogRecord(seq, payload(seq, size)));
                written.add(new LogRecord(seq + 1, payload(seq + 1, size / 2)));
            }
        }
        return written;
    }

    /** What reading the whole log gave: records and a torn tail, or a corruption exception. */
    private record Outcome(List<LogRecord> records, Optional<TornTail> torn, LogCorruptionException error) {
    }

    private static Outcome readEverything(Path d) throws IOException {
        try {
            LogReader reader = LogReader.open(d);
            List<LogRecord> records;
            try (Stream<LogRecord> s = reader.records()) {
                records = s.toList();
            }
            LogSummary summary = reader.verify();
            assertThat(summary.records()).isEqualTo(records.size());
            assertThat(summary.tornTail()).isEqualTo(reader.tornTail());
            return new Outcome(records, reader.tornTail(), null);
        } catch (LogCorruptionException e) {
            return new Outcome(null, null, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LogCorruptionException c) {
                return new Outcome(null, null, c);
            }
            throw e;
        }
    }

    @Test
    void everySingleBitFlipIsDetectedAndLocated() throws Exception {
        List<LogRecord> written = write(dir, 1, 16, 400);
        List<Path> files = LogFiles.segments(dir);
        assertThat(files).hasSize(2);
        Path lastFile = files.get(1);
        long lastBlock = LogFiles.blockStarts(lastFile).get(LogFiles.blockStarts(lastFile).size() - 1);
        assertThat(LogFiles.blockStarts(files.get(0)).size()).isGreaterThan(1);
        assertThat(LogFiles.blockStarts(lastFile).size()).isGreaterThan(1);
        assertThat(readEverything(dir).records()).isEqualTo(written);
        int inLastBlock = 0;
        int torn = 0;
        for (Path file : files) {
            List<Long> starts = LogFiles.blockStarts(file);
            long size = Files.size(file);
            for (long x = 0; x < size; x++) {
                LogFiles.flipBit(file, x, (int) (x % 8));
                Outcome o = readEverything(dir);
                LogFiles.flipBit(file, x, (int) (x % 8));
                String where = file.getFileName() + " byte " + x;
                boolean lastBlockOfLog = file.equals(lastFile) && x >= lastBlock;
                inLastBlock += lastBlockOfLog ? 1 : 0;
                if (o.error() != null) {
                    long unit = 0;
                    for (long s : starts) {
                        unit = s <= x ? s : unit;
                    }
                    assertThat(o.error().path()).as(where).isEqualTo(file);
                    assertThat(o.error().position()).as(where).isEqualTo(unit);
                    assertThat(o.error().getMessage()).as(where).contains(file.toString())
                            .contains("at byte " + unit);
                } else if (o.torn().isPresent()) {
                    torn++;
                    assertThat(lastBlockOfLog).as(where + " reported as a torn tail").isTrue();
                    assertThat(o.torn().get().file()).isEqualTo(lastFile);
                    assertThat(o.torn().get().position()).isEqualTo(lastBlock);
                    assertThat(o.records()).as(where).isEqualTo(written.subList(0, o.records().size()));
                    assertThat(o.records().size()).isGreaterThan(written.size() - 3);
                } else {
                    fail("flipping a bit at " + where + " went unnoticed; records equal: "
                            + o.records().equals(written));
                }
            }
        }
        assertThat(torn).isPositive().isLessThanOrEqualTo(inLastBlock);
        assertThat(readEverything(dir).records()).isEqualTo(written);
    }

    @Test
    void aDamagedBlockInAnEarlierSegmentIsNeverATornTail() throws Exception {
        write(dir, 1, 16, 400);
        Path first = LogFiles.segments(dir).get(0);
        long lastBlockOfFirst = LogFiles.blockStarts(first).get(LogFiles.blockStarts(first).size() - 1);
        long size = Files.size(first);
        LogFiles.flipBit(first, size - 1, 0); // inside the digest of the first segment's last block
        try (LogWriter w = LogWriter.open(dir, OPTIONS)) {
            assertThat(w.recovery()).isEmpty(); // the writer checks earlier segments' headers only
        }
        assertThatThrownBy(() -> LogReader.open(dir).verify()).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("at byte " + lastBlockOfFirst)
                .hasMessageContaining("SHA-256");
        LogFiles.flipBit(first, size - 1, 0);
        LogFiles.flipBit(first, 3, 0); // the header magic
        assertThatThrownBy(() -> LogWriter.open(dir, OPTIONS)).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining(first.toString()).hasMessageContaining("magic");
    }

    @Test
    void aRecordCrcMismatchUnderAMatchingDigestIsTampering() throws Exception {
        write(dir, 1, 2, 100);
        Path file = LogFiles.segments(dir).get(0);
        byte[] b = Files.readAllBytes(file);
        int block = LogFormat.HEADER_SIZE;
        int length = ByteBuffer.wrap(b).getInt(block + 8);
        b[block + 12 + 20] ^= 1; // a payload byte of the first record
        MessageDigest sha = LogFormat.sha256();
        sha.update(b, block + 4, 8 + length);
        System.arraycopy(sha.digest(), 0, b, block + 12 + length, 32);
        Files.write(file, b);
        assertThatThrownBy(() -> LogFiles.readAll(dir)).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining("CRC32C mismatch").hasMessageContaining("at byte " + (block + 12))
                .hasMessageContaining(file.toString());
    }

    @Test
    void segmentNamesAndSeqsMustAgree() throws Exception {
        write(dir, 1, 4, 100);
        Path file = LogFiles.segments(dir).get(0);
        Path renamed = dir.resolve(LogFormat.segmentName(2));
        Files.move(file, renamed);
        assertThatThrownBy(() -> LogReader.open(dir)).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining(renamed.toString()).hasMessageContaining("first seq 1")
                .hasMessageContaining("file name says 2");
        Files.move(renamed, file);

        Files.createFile(dir.resolve("log-12.seg"));
        assertThatThrownBy(() -> LogReader.open(dir)).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining("log-12.seg");
        Files.delete(dir.resolve("log-12.seg"));
    }

    @Test
    void seqsMayJumpBetweenSegmentsButNeverGoBack() throws Exception {
        write(dir, 1, 4, 100);
        Path other = dir.resolve("other");
        write(other, 1000, 4, 100);
        Files.move(LogFiles.segments(other).get(0), dir.resolve(LogFormat.segmentName(1000)));
        assertThat(LogFiles.readAll(dir)).extracting(LogRecord::seq).containsExactly(1L, 2L, 3L, 4L, 1000L, 1001L,
                1002L, 1003L);

        Path overlap = dir.resolve("overlap");
        write(overlap, 3, 2, 100);
        Path three = dir.resolve(LogFormat.segmentName(3));
        Files.move(LogFiles.segments(overlap).get(0), three);
        assertThatThrownBy(() -> LogReader.open(dir).verify()).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining(three.toString()).hasMessageContaining("at byte 0")
                .hasMessageContaining("first seq 3 does not exceed the previous segment's last seq 4");
    }

    @Test
    void aReadPassesOverADamagedBlockOnlyWhenEveryRecordItNeedsFollowsASoundBlockAfterTheDamage() throws Exception {
        LogOptions big = LogOptions.defaults(); // one segment: the damage is in the last one, where a writer appends
        List<LogRecord> written = new ArrayList<>();
        try (LogWriter w = LogWriter.open(dir, big)) {
            for (long seq = 1; seq <= 6; seq++) {
                w.append(seq, payload(seq, 100)).join(); // one record per block
                written.add(new LogRecord(seq, payload(seq, 100)));
            }
        }
        Path file = LogFiles.segments(dir).get(0);
        List<Long> starts = LogFiles.blockStarts(file);
        assertThat(starts).hasSize(6);
        LogFiles.flipBit(file, starts.get(2) + 40, 3); // inside record 3's payload: block 3's SHA-256 no longer matches

        LogReader reader = LogReader.open(dir); // opening reads the last segment to its end: the damage does not stop it
        try (Stream<LogRecord> s = reader.read(4, 6)) {
            assertThat(s.toList()).isEqualTo(written.subList(3, 6));
        }
        for (long from : new long[] {1, 2, 3}) {
            assertThatThrownBy(() -> {
                try (Stream<LogRecord> s = reader.read(from, 6)) {
                    s.toList();
                }
            }).as("reading from %d needs record 3", from).isInstanceOf(UncheckedIOException.class)
                    .hasRootCauseInstanceOf(LogCorruptionException.class)
                    .rootCause().hasMessageContaining("at byte " + starts.get(2)).hasMessageContaining("SHA-256");
        }
        assertThatThrownBy(reader::verify).isInstanceOf(LogCorruptionException.class)
                .hasMessageContaining("at byte " + starts.get(2));

        // a writer opens past it and appends; the damage stays where it is, and is still raised where it matters
        try (LogWriter w = LogWriter.open(dir, big)) {
            assertThat(w.recovery()).isEmpty();
            w.append(7, payload(7, 100)).join();
        }
        try (Stream<LogRecord> s = LogReader.open(dir).read(5, 7)) {
            assertThat(s.map(LogRecord::seq).toList()).containsExactly(5L, 6L, 7L);
        }
        assertThatThrownBy(() -> LogFiles.readAll(dir)).isInstanceOf(LogCorruptionException.class);

        // a damaged block header gives no sound block to resume at: raised even for a later range
        LogFiles.flipBit(file, starts.get(2) + 40, 3);
        LogFiles.flipBit(file, starts.get(2) + 10, 0); // the records-area length
        assertThatThrownBy(() -> {
            try (Stream<LogRecord> s = LogReader.open(dir).read(5, 7)) {
                s.toList();
            }
        }).satisfies(e -> assertThat(e instanceof LogCorruptionException || e.getCause() instanceof LogCorruptionException)
                .as("%s", e).isTrue());
    }
}
