package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static dev.chorus.writeset.log.LogFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(120)
class TornTailTest {
    private static final LogOptions OPTIONS = LogOptions.defaults().withMaxSegmentBytes(4200);

    @TempDir
    Path tmp;

    /** Writes records one per block; returns them. */
    private static List<LogRecord> write(Path dir, int count, int size) throws IOException {
        List<LogRecord> written = new ArrayList<>();
        try (LogWriter w = LogWriter.open(dir, OPTIONS)) {
            for (long seq = 1; seq <= count; seq++) {
                w.append(seq, payload(seq, size)).join();
                written.add(new LogRecord(seq, payload(seq, size)));
            }
        }
        return written;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Test
    void truncatedAtEveryOffsetInsideTheLastBlockRecoversToThePreviousBlock() throws Exception {
        Path pristine = tmp.resolve("pristine");
        List<LogRecord> written = write(pristine, 10, 500); // 7 blocks, then 3 in the second segment
        List<Path> segments = LogFiles.segments(pristine);
        assertThat(segments).hasSize(2);
        Path lastFile = segments.get(1).getFileName();
        List<Long> starts = LogFiles.blockStarts(segments.get(1));
        assertThat(starts).hasSize(3);
        long lastBlock = starts.get(2);
        long fileSize = Files.size(segments.get(1));
        List<LogRecord> kept = written.subList(0, 9);
        for (long offset = lastBlock + 1; offset < fileSize; offset++) {
            Path dir = tmp.resolve("cut-" + offset);
            LogFiles.copyDir(pristine, dir);
            Path file = dir.resolve(lastFile);
            truncate(file, offset);

            LogReader reader = LogReader.open(dir);
            assertThat(reader.tornTail()).as("offset %d", offset).hasValue(
                    new TornTail(file, lastBlock, offset - lastBlock, reader.tornTail().orElseThrow().reason()));
            assertThat(LogFiles.readAll(dir)).isEqualTo(kept);
            assertThat(Files.size(file)).isEqualTo(offset); // the reader never truncates

            try (LogWriter w = LogWriter.open(dir, OPTIONS)) {
                assertThat(w.recovery()).singleElement()
                        .extracting(TornTail::file, TornTail::position, TornTail::droppedBytes)
                        .containsExactly(file, lastBlock, offset - lastBlock);
                assertThat(Files.size(file)).isEqualTo(lastBlock);
                assertThat(w.lastSeq()).isEqualTo(9);
                assertThat(w.append(10, payload(77, 5)).get()).isEqualTo(10);
            }
            LogSummary summary = LogReader.open(dir).verify();
            assertThat(summary.tornTail()).isEmpty();
            assertThat(summary.records()).isEqualTo(10);
            assertThat(LogFiles.readAll(dir).get(9)).isEqualTo(new LogRecord(10, payload(77, 5)));
            deleteTree(dir);
        }
    }

    @Test
    void aTornOnlyBlockOrHeaderRemovesTheLastSegment() throws Exception {
        Path pristine = tmp.resolve("pristine");
        List<LogRecord> written = write(pristine, 8, 500); // 7 blocks, then 1 in the second segment
        Path second = LogFiles.segments(pristine).get(1).getFileName();
        long fileSize = Files.size(pristine.resolve(second));
        for (long offset = 0; offset < fileSize; offset += offset < 30 ? 1 : 37) {
            Path dir = tmp.resolve("cut-" + offset);
            LogFiles.copyDir(pristine, dir);
            Path file = dir.resolve(second);
            truncate(file, offset);
            LogReader reader = LogReader.open(dir);
            if (offset == LogFormat.HEADER_SIZE) {
                assertThat(reader.tornTail()).isEmpty(); // a bare header is an empty segment
            } else {
                long position = offset < LogFormat.HEADER_SIZE ? 0 : LogFormat.HEADER_SIZE;
                assertThat(reader.tornTail()).as("offset %d", offset).get()
                        .extracting(TornTail::file, TornTail::position, TornTail::droppedBytes)
                        .containsExactly(file, position, offset - position);
            }
            assertThat(LogFiles.readAll(dir)).isEqualTo(written.subList(0, 7));
            try (LogWriter w = LogWriter.open(dir, OPTIONS)) {
                assertThat(w.recovery()).hasSize(offset == LogFormat.HEADER_SIZE ? 0 : 1);
                assertThat(Files.exists(file)).isFalse();
                assertThat(w.lastSeq()).isEqualTo(7);
                w.append(8, payload(8, 500)).join();
            }
            assertThat(LogFiles.readAll(dir)).isEqualTo(written);
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        for (Path p : LogFiles.segments(dir)) {
            Files.delete(p);
        }
        Files.deleteIfExists(dir.resolve(LogFormat.LOCK_FILE));
        Files.delete(dir);
    }
}
