package dev.chorus.writeset.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk format of a log segment (format version 1). All integers are big-endian.
 *
 * <p>A log is a directory of segment files named {@code log-<first seq, 20 digits zero-padded>.seg}, so that they
 * sort by the first sequence number they hold, plus a {@code writer.lock} file. Each segment is:
 * <pre>
 * header (24 bytes):
 *   8  magic "CHORUSLG"
 *   4  format version (1)
 *   8  first seq of the segment (equal to the number in the file name and to the seq of its first record)
 *   4  CRC32C of the 20 bytes above
 * blocks, each written by one write call (group commit), never spanning segments:
 *   4  block magic 0x424C4B31 ("BLK1")
 *   4  record count (at least 1)
 *   4  length L of the records area in bytes
 *   L  records area: count records, back to back, each
 *        4  payload length n
 *        8  seq (strictly increasing across the whole log; gaps allowed)
 *        n  payload
 *        4  CRC32C of the (length, seq, payload) bytes above
 *   32 SHA-256 of (count, length, records area)
 * </pre>
 * A new segment's header is written together with its first block, so a segment holds at least one block unless
 * a crash tore it. Only the end of the last segment may be torn; see {@link LogSegment.Scanner}.
 */
final class LogFormat {
    static final byte[] FILE_MAGIC = "CHORUSLG".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_SIZE = 24;
    static final int BLOCK_MAGIC = 0x424C4B31;
    static final int BLOCK_HEADER_SIZE = 12;
    static final int DIGEST_SIZE = 32;
    static final int BLOCK_OVERHEAD = BLOCK_HEADER_SIZE + DIGEST_SIZE;
    static final int RECORD_OVERHEAD = 16;
    /** Largest payload accepted by the writer (1 GiB); keeps every block within a Java array. */
    static final int MAX_PAYLOAD = 1 << 30;
    /** Largest records area a reader accepts, comfortably above what the writer produces. */
    static final int MAX_AREA = Integer.MAX_VALUE - 1024;
    static final Pattern SEGMENT_NAME = Pattern.compile("log-(\\d{20})\\.seg");
    static final String LOCK_FILE = "writer.lock";

    private static final Logger LOG = LoggerFactory.getLogger(LogFormat.class);

    private LogFormat() {
    }

    static String segmentName(long firstSeq) {
        return String.format("log-%020d.seg", firstSeq);
    }

    static ByteBuffer header(long firstSeq) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).put(FILE_MAGIC).putInt(VERSION).putLong(firstSeq);
        return b.putInt(crc(b.array(), 0, HEADER_SIZE - 4)).flip();
    }

    /** One record, encoded as it appears in a records area. */
    static byte[] encodeRecord(long seq, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_OVERHEAD + payload.length).putInt(payload.length).putLong(seq)
                .put(payload);
        b.putInt(crc(b.array(), 0, b.position()));
        return b.array();
    }

    /** Puts one block holding the encoded records into {@code out} (a heap buffer). */
    static void putBlock(ByteBuffer out, List<byte[]> records, int areaLength, MessageDigest sha) {
        int start = out.position();
        out.putInt(BLOCK_MAGIC).putInt(records.size()).putInt(areaLength);
        records.forEach(out::put);
        sha.reset();
        sha.update(out.array(), out.arrayOffset() + start + 4, 8 + areaLength);
        out.put(sha.digest());
    }

    static int crc(byte[] data, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(data, offset, length);
        return (int) c.getValue();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Makes created or removed directory entries durable; not every platform can, so failure is only logged. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
