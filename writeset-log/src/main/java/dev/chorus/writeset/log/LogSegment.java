package dev.chorus.writeset.log;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;

import static dev.chorus.writeset.log.LogFormat.BLOCK_HEADER_SIZE;
import static dev.chorus.writeset.log.LogFormat.BLOCK_MAGIC;
import static dev.chorus.writeset.log.LogFormat.BLOCK_OVERHEAD;
import static dev.chorus.writeset.log.LogFormat.DIGEST_SIZE;
import static dev.chorus.writeset.log.LogFormat.HEADER_SIZE;
import static dev.chorus.writeset.log.LogFormat.RECORD_OVERHEAD;

/**
 * One segment file: its path and the first sequence number its name declares.
 *
 * @param path     the segment file
 * @param firstSeq the first seq, from the file name
 */
record LogSegment(Path path, long firstSeq) {

    /** The segments of {@code dir}, in seq order. A {@code log-*.seg} file with a malformed name is corruption. */
    static List<LogSegment> list(Path dir) throws IOException {
        List<LogSegment> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "log-*.seg")) {
            for (Path p : files) {
                Matcher m = LogFormat.SEGMENT_NAME.matcher(p.getFileName().toString());
                long seq = 0;
                if (m.matches()) {
                    try {
                        seq = Long.parseLong(m.group(1));
                    } catch (NumberFormatException e) {
                        seq = 0;
                    }
                }
                if (seq < 1) {
                    throw new LogCorruptionException(p, 0,
                            "file name is not log-<first seq >= 1, 20 digits>.seg");
                }
                out.add(new LogSegment(p, seq));
            }
        }
        out.sort(Comparator.comparingLong(LogSegment::firstSeq));
        return out;
    }

    /**
     * Reads one segment block by block, fully checking each block before returning its records, so memory stays
     * bounded by the block size. The file size is taken when the scanner opens.
     *
     * <p>Only in the last segment ({@code last == true}) may the end be torn, and only in one of these ways:
     * the file ends inside the header; the file ends inside a block (header included); or the last block ends
     * exactly at the end of the file and its SHA-256 does not match. Even then, if the block's first {@code count}
     * records are intact and bytes remain inside its declared records area, its length field is what is damaged:
     * that is corruption, so that a damaged length can never make later blocks look like a torn tail. Anything
     * else that is wrong raises {@link LogCorruptionException}.
     *
     * <p>A reader that needs only the records from seq {@code skipBelow} on may pass over a damaged block: one whose
     * header is sound but whose SHA-256 does not match, when a sound block follows it whose first seq is at most
     * {@code skipBelow}. Seqs strictly increase, so every record of the damaged block precedes that one and is not
     * needed. The damage is then reported by {@link #skipped()} instead of raised; any other damage is raised as
     * always.
     */
    static final class Scanner implements Closeable {
        private final LogSegment segment;
        private final boolean last;
        private final long skipBelow;
        private final List<LogCorruptionException> skipped = new ArrayList<>();
        private final FileChannel ch;
        private final long size;
        private final MessageDigest sha = LogFormat.sha256();
        private long pos;
        private long lastSeq;
        private long blocks;
        private TornTail torn;

        /**
         * Opens the segment and checks its header; {@code prevSeq} is the previous segment's last seq (0 if none or
         * unknown), which this segment's first seq must exceed.
         */
        Scanner(LogSegment segment, boolean last, long prevSeq) throws IOException {
            this(segment, last, prevSeq, 0);
        }

        /** Like the other constructor; damaged blocks whose records all precede {@code skipBelow} are passed over. */
        Scanner(LogSegment segment, boolean last, long prevSeq, long skipBelow) throws IOException {
            this.segment = segment;
            this.last = last;
            this.skipBelow = skipBelow;
            this.ch = FileChannel.open(segment.path, StandardOpenOption.READ);
            try {
                this.size = ch.size();
                readHeader(prevSeq);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        private void readHeader(long prevSeq) throws IOException {
            if (size < HEADER_SIZE) {
                if (!last) {
                    throw corrupt(0, "file of " + size + " bytes ends inside the segment header");
                }
                torn(0, "file ends inside the " + HEADER_SIZE + "-byte segment header");
                return;
            }
            ByteBuffer h = read(0, HEADER_SIZE);
            byte[] magic = new byte[LogFormat.FILE_MAGIC.length];
            h.get(magic);
            int version = h.getInt();
            long firstSeq = h.getLong();
            int crc = h.getInt();
            if (!Arrays.equals(magic, LogFormat.FILE_MAGIC)) {
                throw corrupt(0, "bad segment magic (not a Chorus log segment)");
            }
            if (crc != LogFormat.crc(h.array(), 0, HEADER_SIZE - 4)) {
                throw corrupt(0, "segment header CRC32C mismatch");
            }
            if (version != LogFormat.VERSION) {
                throw corrupt(0, "unsupported format version " + version + " (this code reads " + LogFormat.VERSION + ")");
            }
            if (firstSeq != segment.firstSeq) {
                throw corrupt(0, "header says first seq " + firstSeq + " but the file name says " + segment.firstSeq);
            }
            if (firstSeq <= prevSeq) {
                throw corrupt(0, "first seq " + firstSeq + " does not exceed the previous segment's last seq " + prevSeq);
            }
            pos = HEADER_SIZE;
            lastSeq = firstSeq - 1;
        }

        /** The next block's records, or null at the end of the segment or at a torn tail (see {@link #torn()}). */
        List<LogRecord> next() throws IOException {
            if (torn != null || pos >= size) {
                if (blocks == 0 && !last && torn == null) {
                    throw corrupt(pos, "segment holds no blocks but is not the last segment");
                }
                return null;
            }
            long p = pos;
            if (size - p < BLOCK_HEADER_SIZE) {
                return tornOrCorrupt(p, "file ends inside a block header (" + (size - p) + " of "
                        + BLOCK_HEADER_SIZE + " bytes)");
            }
            ByteBuffer bh = read(p, BLOCK_HEADER_SIZE);
            int magic = bh.getInt();
            int count = bh.getInt();
            int length = bh.getInt();
            if (magic != BLOCK_MAGIC) {
                throw corrupt(p, String.format("bad block magic 0x%08x, expected 0x%08x", magic, BLOCK_MAGIC));
            }
            if (!plausible(count, length)) {
                throw corrupt(p, "impossible block header: " + count + " records in " + length + " bytes");
            }
            long end = p + BLOCK_OVERHEAD + length;
            if (end > size) {
                if (last && !lengthContradicted(p, count, length)) {
                    return tornOrCorrupt(p, "file ends inside a block of " + (end - p) + " bytes");
                }
                throw corrupt(p, "block of " + (end - p) + " bytes extends past the end of the file (" + size
                        + " bytes)");
            }
            ByteBuffer body = read(p + 4, 8 + length + DIGEST_SIZE);
            byte[] b = body.array();
            if (!digestMatches(b, length)) {
                if (last && end == size && !lengthContradicted(p, count, length)) {
                    return tornOrCorrupt(p, "the last block's SHA-256 does not match");
                }
                LogCorruptionException damage = corrupt(p, "block SHA-256 mismatch (" + count + " records, " + length
                        + " bytes" + (end == size ? ")" : ", and data follows it)"));
                long following = end < size ? firstSeqOfSoundBlock(end) : -1;
                if (following < 1 || following > skipBelow) {
                    throw damage;
                }
                skipped.add(damage);
                pos = end;
                blocks++;
                return List.of();
            }
            List<LogRecord> records = new ArrayList<>(count);
            int off = 8;
            for (int i = 0; i < count; i++) {
                long at = p + 4 + off;
                int n = body.getInt(off);
                if (n < 0 || n > 8 + length - off - RECORD_OVERHEAD) {
                    throw corrupt(at, "record " + (i + 1) + " of " + count + " has length " + n
                            + ", overrunning its block");
                }
                long seq = body.getLong(off + 4);
                if (body.getInt(off + 12 + n) != LogFormat.crc(b, off, 12 + n)) {
                    throw corrupt(at, "record CRC32C mismatch (seq " + seq + ") in a block whose SHA-256 matched");
                }
                if (blocks == 0 && i == 0 && seq != segment.firstSeq) {
                    throw corrupt(at, "first record has seq " + seq + " but the segment's header and name say "
                            + segment.firstSeq);
                }
                if (seq <= lastSeq) {
                    throw corrupt(at, "seq " + seq + " does not increase (previous " + lastSeq + ")");
                }
                records.add(new LogRecord(seq, Arrays.copyOfRange(b, off + 12, off + 12 + n)));
                lastSeq = seq;
                off += RECORD_OVERHEAD + n;
            }
            if (off != 8 + length) {
                throw corrupt(p, (8 + length - off) + " stray bytes after the " + count + " records of the block");
            }
            pos = end;
            blocks++;
            return records;
        }

        /** The first seq of the block at {@code p} if it is complete and its SHA-256 matches, else -1. */
        private long firstSeqOfSoundBlock(long p) throws IOException {
            if (size - p < BLOCK_OVERHEAD) {
                return -1;
            }
            ByteBuffer bh = read(p, BLOCK_HEADER_SIZE);
            int magic = bh.getInt();
            int count = bh.getInt();
            int length = bh.getInt();
            if (magic != BLOCK_MAGIC || !plausible(count, length) || p + BLOCK_OVERHEAD + length > size) {
                return -1;
            }
            ByteBuffer body = read(p + 4, 8 + length + DIGEST_SIZE);
            return digestMatches(body.array(), length) ? body.getLong(8 + 4) : -1; // the first record: its length, then its seq
        }

        /** Whether a block header's record count and records area length can be true. */
        private static boolean plausible(int count, int length) {
            return count >= 1 && length >= (long) count * RECORD_OVERHEAD && length <= LogFormat.MAX_AREA;
        }

        /** Whether a block body (count, length, records, digest; read from after the magic) matches its SHA-256. */
        private boolean digestMatches(byte[] b, int length) {
            sha.reset();
            sha.update(b, 0, 8 + length);
            return MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(b, 8 + length, b.length));
        }

        /**
         * True if the block's first {@code count} records are complete with good CRCs and yet bytes remain inside the
         * declared records area: then the length field is damaged, not the tail. Reads one record at a time.
         */
        private boolean lengthContradicted(long p, int count, int length) throws IOException {
            long limit = Math.min(p + BLOCK_HEADER_SIZE + length, size);
            long q = p + BLOCK_HEADER_SIZE;
            for (int i = 0; i < count; i++) {
                if (limit - q < RECORD_OVERHEAD) {
                    return false;
                }
                int n = read(q, 4).getInt();
                if (n < 0 || n > limit - q - RECORD_OVERHEAD) {
                    return false;
                }
                ByteBuffer r = read(q, RECORD_OVERHEAD + n);
                if (r.getInt(12 + n) != LogFormat.crc(r.array(), 0, 12 + n)) {
                    return false;
                }
                q += RECORD_OVERHEAD + n;
            }
            return q < limit;
        }

        private List<LogRecord> tornOrCorrupt(long p, String reason) throws LogCorruptionException {
            if (!last) {
                throw corrupt(p, reason + " in a segment that is not the last");
            }
            torn(p, reason);
            return null;
        }

        private void torn(long p, String reason) {
            torn = new TornTail(segment.path, p, size - p, reason);
            pos = size;
        }

        private ByteBuffer read(long at, int n) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining()) {
                if (ch.read(buf, at + buf.position()) < 0) {
                    throw new EOFException(segment.path + " shrank while being read: no byte at "
                            + (at + buf.position()));
                }
            }
            return buf.flip();
        }

        private LogCorruptionException corrupt(long at, String problem) {
            return new LogCorruptionException(segment.path, at, problem);
        }

        LogSegment segment() {
            return segment;
        }

        /** The torn tail found, once the scan reached it. */
        TornTail torn() {
            return torn;
        }

        /** The damaged blocks passed over so far (see {@code skipBelow}), in file order. */
        List<LogCorruptionException> skipped() {
            return List.copyOf(skipped);
        }

        /** The last seq read so far ({@code firstSeq - 1} before any block). */
        long lastSeq() {
            return lastSeq;
        }

        long blocks() {
            return blocks;
        }

        /** Bytes checked so far: the header and the complete blocks (0 for a torn header). */
        long validBytes() {
            return torn != null ? torn.position() : pos;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
