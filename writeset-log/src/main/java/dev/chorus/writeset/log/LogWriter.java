package dev.chorus.writeset.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writing side of a segmented log in one directory (see {@code LogFormat} for the file format).
 *
 * <p>{@link #append} is thread-safe and only queues the record; a single worker thread (the "log worker") owns all
 * file I/O. It takes everything queued so far (up to what fits one segment) and writes it as <em>one</em> block
 * (group commit), fsyncs according to the {@link FsyncPolicy}, and then completes the futures, in seq order. Seqs
 * must strictly increase in the order {@code append} is called, so callers that assign seqs concurrently must
 * serialise "take the next seq and call append" themselves (for example under one lock); append returns quickly.
 * Dependent actions attached to the futures with non-async methods run on the log worker: keep them short, and
 * never wait there for another append.
 *
 * <p>Opening recovers the directory: every segment header is checked, the last segment is read completely, and a
 * torn tail there (a crash mid-write) is truncated away, logged and reported by {@link #recovery()}; a last segment
 * left without blocks is removed. A damaged block of the last segment with sound blocks after it is logged at ERROR
 * and left in place (the writer needs only the end; readers that need its records raise it). Any other damage raises
 * {@link LogCorruptionException}; blocks in earlier segments are only fully checked by {@link LogReader#verify()}. One writer per directory, enforced by a lock file.
 *
 * <p>An I/O failure in the worker fails the pending futures and every later append with an
 * {@link UncheckedIOException}: the writer is then unusable and must be closed and the log reopened.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private record Pending(long seq, byte[] record, CompletableFuture<Long> future) {
    }

    private final Path dir;
    private final LogOptions options;
    private final List<TornTail> recovery;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Thread worker;
    private final int blockLimit;
    private final long intervalNanos; // 0 unless the policy is an interval

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition written = lock.newCondition();
    private long writtenSeq; // guarded by lock: every record up to it is in the segment files (readable)
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long lastSeq;
    private boolean closed;
    private UncheckedIOException failure;
    private boolean released; // guarded by this (close)
    private volatile long blocksWritten;

    // Owned by the worker thread (set up before it starts).
    private final MessageDigest sha = LogFormat.sha256();
    private FileChannel channel;
    private Path segmentPath;
    private long segmentSize;
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();

    private LogWriter(Path dir, LogOptions options, FileChannel lockChannel, FileLock fileLock) throws IOException {
        this.dir = dir;
        this.options = options;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.blockLimit = (int) Math.min(options.maxSegmentBytes() - LogFormat.HEADER_SIZE - LogFormat.BLOCK_OVERHEAD,
                LogFormat.MAX_PAYLOAD);
        this.intervalNanos = options.fsync() instanceof FsyncPolicy.Interval i
                ? i.period().compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE : i.period().toNanos() : 0;
        this.recovery = List.copyOf(recover());
        this.writtenSeq = lastSeq;
        this.worker = new Thread(this::run, "chorus-log-worker[" + dir.getFileName() + "]");
        worker.setDaemon(true);
        worker.start();
    }

    /** Opens (creating if needed) the log in {@code dir} for appending, recovering a torn tail. */
    public static LogWriter open(Path dir, LogOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        Files.createDirectories(dir);
        Path lockPath = dir.resolve(LogFormat.LOCK_FILE);
        FileChannel lockChannel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock fileLock;
            try {
                fileLock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                fileLock = null;
            }
            if (fileLock == null) {
                throw new IOException("log " + dir + " is already open for writing (" + lockPath + " is locked)");
            }
            return new LogWriter(dir, options, lockChannel, fileLock);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private List<TornTail> recover() throws IOException {
        List<LogSegment> segments = new ArrayList<>(LogSegment.list(dir));
        for (int i = 0; i < segments.size() - 1; i++) {
            new LogSegment.Scanner(segments.get(i), false, 0).close();
        }
        List<TornTail> torn = new ArrayList<>();
        while (!segments.isEmpty()) {
            LogSegment seg = segments.get(segments.size() - 1);
            long end;
            long blocks;
            // a damaged block with sound blocks after it does not stop the writer (it only needs the end): readers that
            // need its records raise it, and verify reports it
            try (LogSegment.Scanner s = new LogSegment.Scanner(seg, true, 0, Long.MAX_VALUE)) {
                while (s.next() != null) {
                    lastSeq = s.lastSeq();
                }
                for (LogCorruptionException damage : s.skipped()) {
                    LOG.error("{}: the log is damaged; a read that needs its records will fail (chorus-log verify reports it)",
                            damage.getMessage());
                }
                end = s.validBytes();
                blocks = s.blocks();
                if (s.torn() != null) {
                    torn.add(s.torn());
                    LOG.warn("{}: truncating {} to {} bytes, dropping {} bytes at byte {} (a write interrupted by a "
                            + "crash; its records were never acknowledged as durable)", s.torn().reason(), seg.path(),
                            end, s.torn().droppedBytes(), end);
                }
            }
            if (blocks == 0) {
                LOG.info("removing {}: it holds no complete block", seg.path());
                Files.delete(seg.path());
                LogFormat.syncDirectory(dir);
                segments.remove(segments.size() - 1);
                continue;
            }
            channel = FileChannel.open(seg.path(), StandardOpenOption.WRITE);
            try {
                if (channel.size() != end) {
                    channel.truncate(end);
                    channel.force(true);
                }
                channel.position(end);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            segmentPath = seg.path();
            segmentSize = end;
            break;
        }
        LOG.info("opened log {} for writing: {} segments, last seq {}, fsync {}, max segment {} bytes", dir,
                segments.size(), lastSeq, options.fsync(), options.maxSegmentBytes());
        return torn;
    }

    /**
     * Queues a record (the payload must not be null). The future completes with {@code seq} once the record is written (and fsync'd under
     * {@link FsyncPolicy#EVERY_COMMIT}); it fails with IllegalArgumentException if {@code seq} does not exceed the
     * last appended seq or the payload is over 1 GiB, with IllegalStateException after {@link #close()}, and with
     * UncheckedIOException once the log failed. The payload is copied.
     */
    public CompletableFuture<Long> append(long seq, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > LogFormat.MAX_PAYLOAD) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("payload of seq " + seq + " has "
                    + payload.length + " bytes, more than the maximum " + LogFormat.MAX_PAYLOAD));
        }
        byte[] record = LogFormat.encodeRecord(seq, payload);
        lock.lock();
        try {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (closed) {
                return CompletableFuture.failedFuture(
                        new IllegalStateException("log " + dir + " is closed; cannot append seq " + seq));
            }
            if (seq <= lastSeq) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("seq " + seq
                        + " must be greater than the last appended seq " + lastSeq + " (log " + dir + ")"));
            }
            CompletableFuture<Long> future = new CompletableFuture<>();
            queue.add(new Pending(seq, record, future));
            lastSeq = seq;
            wake.signal();
            return future;
        } finally {
            lock.unlock();
        }
    }

    /** The highest seq accepted by {@link #append} (possibly still in flight) or found on disk at open; 0 if none. */
    public long lastSeq() {
        lock.lock();
        try {
            return lastSeq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every record up to {@code seq} is written to the segment files, where a {@link LogReader} opened
     * afterwards finds it (fsync'd too under {@link FsyncPolicy#EVERY_COMMIT}).
     *
     * @return false when the timeout passed first, or the log failed
     */
    public boolean awaitWritten(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (writtenSeq < seq && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                written.awaitNanos(left);
            }
            return writtenSeq >= seq;
        } finally {
            lock.unlock();
        }
    }

    /** Torn tails truncated away when the log was opened (normally none, at most one in practice). */
    public List<TornTail> recovery() {
        return recovery;
    }

    /** Blocks written by this writer since it was opened. */
    public long blocksWritten() {
        return blocksWritten;
    }

    /**
     * Writes and fsyncs everything appended so far, stops the worker and releases the directory. Idempotent.
     *
     * @throws IOException if the log failed (now or earlier), so that some appends were not written
     */
    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        lock.lock();
        try {
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        released = true;
        try (lockChannel) {
            fileLock.release();
        }
        LOG.info("closed log {} at seq {}", dir, lastSeq());
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure.getCause());
        }
    }

    // ---- the log worker ----

    private void run() {
        List<Pending> batch = List.of();
        try {
            while ((batch = takeBatch()) != null) {
                if (batch.isEmpty()) {
                    sync();
                    continue;
                }
                write(batch);
                if (options.fsync() instanceof FsyncPolicy.EveryCommit) {
                    sync();
                }
                markWritten(batch.get(batch.size() - 1).seq);
                for (Pending p : batch) {
                    p.future.complete(p.seq);
                }
                batch = List.of();
                if (intervalNanos > 0 && sinceSync() >= intervalNanos) {
                    sync();
                }
            }
            batch = List.of();
            sync();
            if (channel != null) {
                channel.close();
            }
        } catch (Throwable t) {
            fail(t, batch);
        }
    }

    private void markWritten(long seq) {
        lock.lock();
        try {
            writtenSeq = seq;
            written.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Everything queued, up to one block's worth; empty if an interval fsync is due; null once closed and drained. */
    private List<Pending> takeBatch() {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return null;
                }
                if (dirty && intervalNanos > 0) {
                    long wait = intervalNanos - sinceSync();
                    if (wait <= 0) {
                        return List.of();
                    }
                    awaitQuietly(wait);
                } else {
                    wake.awaitUninterruptibly();
                }
            }
            List<Pending> batch = new ArrayList<>();
            long area = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || area + queue.peek().record.length <= blockLimit)) {
                Pending p = queue.poll();
                area += p.record.length;
                batch.add(p);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void awaitQuietly(long nanos) {
        try {
            wake.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // the worker is private: nobody should interrupt it, and an interrupt would close the FileChannel
        }
    }

    private void write(List<Pending> batch) throws IOException {
        int area = 0;
        List<byte[]> records = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            area += p.record.length;
            records.add(p.record);
        }
        int blockBytes = LogFormat.BLOCK_OVERHEAD + area;
        if (channel != null && segmentSize + blockBytes > options.maxSegmentBytes()) {
            roll();
        }
        boolean fresh = channel == null;
        ByteBuffer buf = ByteBuffer.allocate((fresh ? LogFormat.HEADER_SIZE : 0) + blockBytes);
        if (fresh) {
            long firstSeq = batch.get(0).seq;
            segmentPath = dir.resolve(LogFormat.segmentName(firstSeq));
            channel = FileChannel.open(segmentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            segmentSize = 0;
            buf.put(LogFormat.header(firstSeq));
            LOG.debug("started segment {}", segmentPath);
        }
        LogFormat.putBlock(buf, records, area, sha);
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        segmentSize += buf.limit();
        dirty = true;
        blocksWritten++;
        if (fresh && !(options.fsync() instanceof FsyncPolicy.Never)) {
            sync();
            LogFormat.syncDirectory(dir);
        }
    }

    private void roll() throws IOException {
        sync();
        channel.close();
        channel = null;
        LOG.debug("closed segment {} at {} bytes", segmentPath, segmentSize);
    }

    /** Forces unsynced writes of the current segment to disk. */
    private void sync() throws IOException {
        if (dirty) {
            channel.force(true);
            dirty = false;
        }
        lastSyncNanos = System.nanoTime();
    }

    private long sinceSync() {
        return System.nanoTime() - lastSyncNanos;
    }

    private void fail(Throwable t, List<Pending> inFlight) {
        String message = "log " + dir + " is unusable after a failure in its worker (segment " + segmentPath
                + ", " + segmentSize + " bytes written): " + t + "; close it and reopen the log to recover";
        LOG.error(message, t);
        List<Pending> failed = new ArrayList<>(inFlight);
        lock.lock();
        try {
            failure = new UncheckedIOException(message, t instanceof IOException io ? io : new IOException(t));
            failed.addAll(queue);
            queue.clear();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        failed.forEach(p -> p.future.completeExceptionally(failure));
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {} after the failure also failed: {}", segmentPath, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "LogWriter[" + dir + ", last seq " + lastSeq() + ", " + options.fsync() + "]";
    }
}
