package dev.chorus.writeset.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import static dev.chorus.writeset.log.LogFiles.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class LogWriterTest {
    private static final LogOptions SMALL = LogOptions.defaults().withMaxSegmentBytes(8192);

    @TempDir
    Path dir;

    @Test
    void awaitWrittenMakesAppendedRecordsReadable() throws Exception {
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            for (long seq = 1; seq <= 200; seq++) {
                w.append(seq, payload(seq, 100)); // not waited for
            }
            assertThat(w.awaitWritten(200, java.time.Duration.ofSeconds(10))).isTrue();
            try (var records = LogReader.open(dir).read(1, 200)) {
                assertThat(records.map(LogRecord::seq).toList()).hasSize(200).last().isEqualTo(200L);
            }
            assertThat(w.awaitWritten(201, java.time.Duration.ofMillis(50))).as("never appended").isFalse();
        }
        try (LogWriter reopened = LogWriter.open(dir, SMALL)) {
            assertThat(reopened.awaitWritten(200, java.time.Duration.ZERO)).as("found on disk at open").isTrue();
        }
    }

    @Test
    void roundTripAcrossSegments() throws Exception {
        List<LogRecord> expected = new ArrayList<>();
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (long seq = 1; seq <= 400; seq++) {
                byte[] p = payload(seq, (int) (seq * 7 % 300));
                expected.add(new LogRecord(seq, p));
                futures.add(w.append(seq, p));
                if (seq % 5 == 0) {
                    futures.forEach(CompletableFuture::join);
                }
            }
            assertThat(futures.get(399).get()).isEqualTo(400L);
            assertThat(w.lastSeq()).isEqualTo(400);
        }
        LogReader reader = LogReader.open(dir);
        LogSummary summary = reader.verify();
        assertThat(summary.segments()).isGreaterThan(3);
        assertThat(summary.records()).isEqualTo(400);
        assertThat(summary.firstSeq()).isEqualTo(1);
        assertThat(summary.lastSeq()).isEqualTo(400);
        assertThat(summary.tornTail()).isEmpty();
        assertThat(summary.bytes()).isEqualTo(sizeOfSegments());
        for (Path seg : LogFiles.segments(dir)) {
            assertThat(Files.size(seg)).isLessThanOrEqualTo(8192);
        }
        try (Stream<LogRecord> all = reader.records()) {
            assertThat(all.toList()).isEqualTo(expected);
        }
        try (Stream<LogRecord> range = reader.read(123, 321)) {
            assertThat(range.toList()).isEqualTo(expected.subList(122, 321));
        }
        try (Stream<LogRecord> range = reader.read(400, Long.MAX_VALUE)) {
            assertThat(range.toList()).isEqualTo(expected.subList(399, 400));
        }
        try (Stream<LogRecord> range = reader.read(401, 500)) {
            assertThat(range.toList()).isEmpty();
        }
        // segment names carry the seq of their first record
        for (Path seg : reader.segmentFiles()) {
            long first = Long.parseLong(seg.getFileName().toString().substring(4, 24));
            try (Stream<LogRecord> s = reader.read(first, first)) {
                assertThat(s.toList()).extracting(LogRecord::seq).containsExactly(first);
            }
        }
    }

    @Test
    void concurrentAppendsGroupIntoFewerBlocksThanRecords() throws Exception {
        int threads = 8;
        int perThread = 300;
        AtomicLong nextSeq = new AtomicLong();
        ReentrantLock seqLock = new ReentrantLock(); // the caller serialises "take seq, append"
        List<CompletableFuture<Long>> all = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults().withMaxSegmentBytes(64 * 1024))) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        seqLock.lock();
                        try {
                            long seq = nextSeq.incrementAndGet();
                            CompletableFuture<Long> f = w.append(seq, payload(seq, 40));
                            all.add(f.thenApply(s -> {
                                assertThat(s).isEqualTo(seq);
                                return s;
                            }));
                        } finally {
                            seqLock.unlock();
                        }
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            assertThat(w.blocksWritten()).isLessThan(threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        LogReader reader = LogReader.open(dir);
        LogSummary summary = reader.verify();
        assertThat(summary.records()).isEqualTo(threads * perThread);
        assertThat(summary.blocks()).isLessThan(summary.records());
        assertThat(summary.segments()).isGreaterThan(1);
        List<LogRecord> records = LogFiles.readAll(dir);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i)).isEqualTo(new LogRecord(i + 1, payload(i + 1, 40)));
        }
    }

    @Test
    void reopenAndContinueAppending() throws Exception {
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            for (long seq = 1; seq <= 50; seq++) {
                w.append(seq, payload(seq, 200)).join();
            }
        }
        int segmentsBefore = LogFiles.segments(dir).size();
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            assertThat(w.recovery()).isEmpty();
            assertThat(w.lastSeq()).isEqualTo(50);
            assertThatThrownBy(() -> w.append(50, payload(50, 1)).join()).hasCauseInstanceOf(IllegalArgumentException.class);
            for (long seq = 51; seq <= 100; seq++) {
                w.append(seq * 10, payload(seq * 10, 200)).join(); // gaps are fine
            }
        }
        assertThat(LogFiles.segments(dir).size()).isGreaterThan(segmentsBefore);
        List<LogRecord> records = LogFiles.readAll(dir);
        assertThat(records).hasSize(100);
        assertThat(records.get(49).seq()).isEqualTo(50);
        assertThat(records.get(50)).isEqualTo(new LogRecord(510, payload(510, 200)));
        assertThat(records.get(99).seq()).isEqualTo(1000);
    }

    @Test
    void nonIncreasingSeqFailsNamingBothNumbers() throws Exception {
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            assertThat(w.append(5, payload(5, 10)).get()).isEqualTo(5);
            for (long bad : new long[] {5, 3, 0, -1}) {
                assertThatThrownBy(() -> w.append(bad, payload(1, 10)).join())
                        .isInstanceOf(CompletionException.class)
                        .cause().isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("seq " + bad).hasMessageContaining("last appended seq 5");
            }
            assertThat(w.append(6, payload(6, 10)).get()).isEqualTo(6);
            assertThat(w.lastSeq()).isEqualTo(6);
        }
        assertThat(LogFiles.readAll(dir)).extracting(LogRecord::seq).containsExactly(5L, 6L);
    }

    @Test
    void appendsAfterCloseFailAndCloseIsIdempotent() throws Exception {
        LogWriter w = LogWriter.open(dir, LogOptions.defaults());
        CompletableFuture<Long> queued = w.append(1, payload(1, 10));
        w.close();
        assertThat(queued).isCompletedWithValue(1L);
        assertThatThrownBy(() -> w.append(2, payload(2, 10)).join())
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed").hasMessageContaining("2");
        w.close();
        try (LogWriter again = LogWriter.open(dir, LogOptions.defaults())) {
            assertThat(again.lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void emptyDirectoryOpensFine() throws Exception {
        LogReader reader = LogReader.open(dir);
        assertThat(reader.verify()).isEqualTo(new LogSummary(0, 0, 0, 0, 0, 0, java.util.Optional.empty()));
        assertThat(reader.tornTail()).isEmpty();
        assertThat(LogFiles.readAll(dir)).isEmpty();
        Path fresh = dir.resolve("not-yet-there");
        try (LogWriter w = LogWriter.open(fresh, LogOptions.defaults())) {
            assertThat(w.lastSeq()).isZero();
            assertThat(w.recovery()).isEmpty();
        }
        assertThat(LogFiles.segments(fresh)).isEmpty();
        assertThat(LogFiles.readAll(fresh)).isEmpty();
        assertThatThrownBy(() -> LogReader.open(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void oneWriterPerDirectory() throws Exception {
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults())) {
            assertThatThrownBy(() -> LogWriter.open(dir, LogOptions.defaults()))
                    .isInstanceOf(IOException.class).hasMessageContaining("already open");
            w.append(1, payload(1, 1)).join();
        }
        try (LogWriter w = LogWriter.open(dir, LogOptions.defaults())) {
            assertThat(w.lastSeq()).isEqualTo(1);
        }
    }

    @Test
    void aBlockLargerThanTheMaximumGetsItsOwnSegment() throws Exception {
        try (LogWriter w = LogWriter.open(dir, SMALL)) {
            w.append(1, payload(1, 100)).join();
            w.append(2, payload(2, 20_000)).join();
            w.append(3, payload(3, 100)).join();
        }
        List<Path> segments = LogFiles.segments(dir);
        assertThat(segments).extracting(p -> p.getFileName().toString()).containsExactly(
                "log-00000000000000000001.seg", "log-00000000000000000002.seg", "log-00000000000000000003.seg");
        assertThat(Files.size(segments.get(1))).isGreaterThan(20_000);
        assertThat(LogFiles.readAll(dir)).containsExactly(new LogRecord(1, payload(1, 100)),
                new LogRecord(2, payload(2, 20_000)), new LogRecord(3, payload(3, 100)));
    }

    @Test
    void intervalAndNeverPoliciesWriteTheSameLog() throws Exception {
        for (FsyncPolicy policy : new FsyncPolicy[] {FsyncPolicy.interval(Duration.ofMillis(5)), FsyncPolicy.NEVER}) {
            Path d = dir.resolve(policy.toString().replace(':', '_'));
            try (LogWriter w = LogWriter.open(d, SMALL.withFsync(policy))) {
                for (long seq = 1; seq <= 60; seq++) {
                    w.append(seq, payload(seq, 300)).join();
                    if (seq == 30) {
                        Thread.sleep(20); // lets the interval fsync run while idle
                    }
                }
            }
            LogSummary summary = LogReader.open(d).verify();
            assertThat(summary.records()).as(policy.toString()).isEqualTo(60);
            assertThat(summary.segments()).isGreaterThan(1);
        }
    }

    @Test
    void anIoFailureMakesTheLogUnusable() throws Exception {
        LogWriter w = LogWriter.open(dir, SMALL);
        w.append(1, payload(1, 5000)).join();
        // the next block must roll to log-...2.seg; a directory of that name makes creating it fail
        Files.createDirectory(dir.resolve(LogFormat.segmentName(2)));
        assertThatThrownBy(() -> w.append(2, payload(2, 5000)).join())
                .cause().isInstanceOf(UncheckedIOException.class).hasMessageContaining("unusable")
                .hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> w.append(3, payload(3, 10)).join())
                .cause().isInstanceOf(UncheckedIOException.class).hasMessageContaining("unusable");
        assertThatThrownBy(w::close).isInstanceOf(IOException.class).hasMessageContaining("unusable");
        w.close();
        Files.delete(dir.resolve(LogFormat.segmentName(2)));
        try (LogWriter again = LogWriter.open(dir, SMALL)) {
            assertThat(again.lastSeq()).isEqualTo(1);
            again.append(2, payload(2, 10)).get();
        }
        assertThat(LogFiles.readAll(dir)).extracting(LogRecord::seq).containsExactly(1L, 2L);
    }

    private long sizeOfSegments() throws IOException {
        long total = 0;
        for (Path p : LogFiles.segments(dir)) {
            total += Files.size(p);
        }
        return total;
    }
}
