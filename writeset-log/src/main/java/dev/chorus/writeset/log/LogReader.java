package dev.chorus.writeset.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Read-only access to a log directory: streams records in seq order across segments, reads ranges and verifies the
 * whole log. It never modifies the directory. Every block is fully checked (SHA-256, record CRC32Cs, increasing
 * seqs) before any of its records is returned, and memory stays bounded by the block size.
 *
 * <p>Opening lists the segments, checks every segment header and reads the last segment completely, to find a
 * {@linkplain #tornTail() torn tail}; its records are never returned. The reader sees the segments present at open;
 * a tail still being written by a live writer may look torn. Damage anywhere else raises
 * {@link LogCorruptionException}: from {@link #open} and {@link #verify()} directly, and from streams wrapped in an
 * {@link UncheckedIOException}. A read of a range passes over a damaged block (sound header, SHA-256 mismatch) when a
 * sound block follows it whose first seq is at most the range's first seq, since every record of the damaged block
 * precedes the range; it logs a WARN. {@link #records()} and {@link #verify()} pass over nothing. Instances are
 * immutable and thread-safe; streams are not, and must be closed.
 */
public final class LogReader {
    private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);

    private final Path dir;
    private final List<LogSegment> segments;
    private final TornTail tornTail;

    private LogReader(Path dir, List<LogSegment> segments, TornTail tornTail) {
        this.dir = dir;
        this.segments = segments;
        this.tornTail = tornTail;
    }

    /** Opens the log in {@code dir}, which must exist; an empty directory is an empty log. */
    public static LogReader open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no log directory");
        }
        List<LogSegment> segments = List.copyOf(LogSegment.list(dir));
        TornTail torn = null;
        for (int i = 0; i < segments.size(); i++) {
            boolean last = i == segments.size() - 1;
            // the last segment is read to its end to find a torn tail; a damaged block there with sound blocks after
            // it is raised by the reads that need its records (and by verify), not here
            try (LogSegment.Scanner s = new LogSegment.Scanner(segments.get(i), last, 0, Long.MAX_VALUE)) {
                if (last) {
                    while (s.next() != null) {
                        // checks every block of the last segment
                    }
                    torn = s.torn();
                }
            }
        }
        if (torn != null) {
            LOG.warn("log {} has a {}; those bytes are not read (a writer opening the log truncates them)", dir, torn);
        }
        return new LogReader(dir, segments, torn);
    }

    /** The log directory. */
    public Path directory() {
        return dir;
    }

    /** The segment files, in seq order. */
    public List<Path> segmentFiles() {
        return segments.stream().map(LogSegment::path).toList();
    }

    /** The torn tail at the end of the last segment found at open, if any. */
    public Optional<TornTail> tornTail() {
        return Optional.ofNullable(tornTail);
    }

    /** All records in seq order. Close the stream; damage surfaces as UncheckedIOException(LogCorruptionException). */
    public Stream<LogRecord> records() {
        return read(1, Long.MAX_VALUE);
    }

    /**
     * The records with {@code fromSeq <= seq <= toSeqInclusive}, in seq order, skipping segments that end before
     * {@code fromSeq}. Close the stream; damage surfaces as UncheckedIOException(LogCorruptionException).
     */
    public Stream<LogRecord> read(long fromSeq, long toSeqInclusive) {
        if (fromSeq > toSeqInclusive) {
            throw new IllegalArgumentException("empty range: fromSeq " + fromSeq + " > toSeqInclusive " + toSeqInclusive);
        }
        int start = 0;
        while (start + 1 < segments.size() && segments.get(start + 1).firstSeq() <= fromSeq) {
            start++;
        }
        Cursor cursor = new Cursor(start, fromSeq, toSeqInclusive);
        Spliterator<LogRecord> split = Spliterators.spliteratorUnknownSize(cursor,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
        return StreamSupport.stream(split, false).onClose(cursor::close);
    }

    /** Reads and checks the whole log. */
    public LogSummary verify() throws IOException {
        long blocks = 0;
        long records = 0;
        long firstSeq = 0;
        long lastSeq = 0;
        long bytes = 0;
        TornTail torn = null;
        for (int i = 0; i < segments.size(); i++) {
            try (LogSegment.Scanner s = new LogSegment.Scanner(segments.get(i), i == segments.size() - 1, lastSeq)) {
                for (List<LogRecord> block = s.next(); block != null; block = s.next()) {
                    blocks++;
                    records += block.size();
                    firstSeq = firstSeq == 0 ? block.get(0).seq() : firstSeq;
                    lastSeq = s.lastSeq();
                }
                bytes += s.validBytes();
                torn = s.torn();
            }
        }
        return new LogSummary(segments.size(), blocks, records, firstSeq, lastSeq, bytes, Optional.ofNullable(torn));
    }

    @Override
    public String toString() {
        return "LogReader[" + dir + ", " + segments.size() + " segments" + (tornTail == null ? "" : ", " + tornTail) + "]";
    }

    /** Walks segments and blocks lazily, holding one block's records at a time. */
    private final class Cursor implements Iterator<LogRecord> {
        private final long fromSeq;
        private final long toSeq;
        private int nextSegment;
        private long prevSeq;
        private LogSegment.Scanner scanner;
        private Iterator<LogRecord> block = Collections.emptyIterator();
        private LogRecord next;
        private boolean done;

        Cursor(int firstSegment, long fromSeq, long toSeq) {
            this.nextSegment = firstSegment;
            this.fromSeq = fromSeq;
            this.toSeq = toSeq;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                if (block.hasNext()) {
                    LogRecord r = block.next();
                    if (r.seq() > toSeq) {
                        close();
                    } else if (r.seq() >= fromSeq) {
                        next = r;
                    }
                } else {
                    advance();
                }
            }
            return next != null;
        }

        @Override
        public LogRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more records in " + dir);
            }
            LogRecord r = next;
            next = null;
            return r;
        }

        private void advance() {
            try {
                if (scanner == null) {
                    if (nextSegment == segments.size()) {
                        close();
                        return;
                    }
                    scanner = new LogSegment.Scanner(segments.get(nextSegment), nextSegment == segments.size() - 1,
                            prevSeq, fromSeq);
                    nextSegment++;
                }
                List<LogRecord> records = scanner.next();
                if (records != null) {
                    block = records.iterator();
                    if (records.isEmpty()) {
                        LOG.warn("{}; its records all precede seq {}, the first this read needs, and are passed over",
                                scanner.skipped().get(scanner.skipped().size() - 1).getMessage(), fromSeq);
                    }
                } else {
                    prevSeq = scanner.lastSeq();
                    scanner.close();
                    scanner = null;
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            done = true;
            block = Collections.emptyIterator();
            if (scanner != null) {
                try {
                    scanner.close();
                } catch (IOException e) {
                    LOG.debug("closing {} failed: {}", scanner.segment().path(), e.toString());
                }
                scanner = null;
            }
        }
    }
}
