package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The on-disk format of a checkpoint (format version 1).
 *
 * <p>A checkpoint root directory holds one directory per published checkpoint, named by its commit sequence number
 * zero-padded to 20 digits (so names sort by seq), and possibly {@code .tmp-*} directories: checkpoints being
 * written, or left by a crash, which readers ignore. A checkpoint directory holds:
 * <pre>
 * schema.sql         the DDL statements, each as a line "-- n" (n = its length in UTF-8 bytes, decimal) followed by
 *                    its n bytes verbatim and a line break; statements may contain anything, line breaks and
 *                    semicolons included
 * block-000001.sql   consecutive rows of one table as canonical write-set text ({@code WriteSet.toSql()}): per row
 * block-000002.sql   a DELETE by key and one INSERT per copy; a block holds at least one row and rows of one table
 * ...                only; numbered from 1 in write order, 6 digits or more
 * manifest.txt       written last, UTF-8 text, one item per line, each line ending in '\n':
 *   chorus-checkpoint 1
 *   seq N
 *   created ISO-8601-INSTANT
 *   state HEX                       SHA-256 of the lines "name table-digest-hex\n" of every table, in order
 *   schema BYTES HEX                size and SHA-256 of schema.sql
 *   table ROWS BYTES HEX NAME       per table, in write order; HEX = SHA-256 of the concatenation of its blocks;
 *                                   the name last, as it is (spaces and quotes included; no line breaks)
 *   block FILE TABLE ROWS BYTES HEX per block, in write order; TABLE = index of its table line, from 0
 *   manifest HEX                    SHA-256 of every byte of the file before this line
 * </pre>
 * Numbers are decimal without sign or leading zeros, digests 64 lowercase hex digits. A table's blocks follow each
 * other in table order, its rows and bytes are the sums of its blocks' (a table without rows has no blocks and the
 * digest of no bytes). Everything is written inside a {@code .tmp-<seq>-<random>} directory, each file is fsynced,
 * and the directory is renamed to its final name atomically: a published checkpoint is always complete.
 */
final class CheckpointFormat {
    static final String HEADER = "chorus-checkpoint";
    static final int VERSION = 1;
    static final String MANIFEST = "manifest.txt";
    static final String SCHEMA = "schema.sql";
    static final String TMP_PREFIX = ".tmp-";
    static final Pattern DIR_NAME = Pattern.compile("\\d{20}");
    static final Pattern BLOCK_NAME = Pattern.compile("block-\\d{6,}\\.sql");
    /** Largest block size a writer may be configured with (one row may still exceed it). */
    static final long MAX_BLOCK_BYTES = 1L << 30;
    /** Largest block a reader accepts: it must fit one Java array. */
    static final long MAX_READ_BLOCK_BYTES = Integer.MAX_VALUE - 16;
    static final Digest EMPTY = Digest.sha256(new byte[0], 0, 0);
    static final HexFormat HEX = HexFormat.of();

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFormat.class);

    private CheckpointFormat() {
    }

    static String dirName(long seq) {
        return String.format("%020d", seq);
    }

    /** The name of the {@code n}-th block, counted from 1. */
    static String blockName(int n) {
        return String.format("block-%06d.sql", n);
    }

    static void checkTableName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a checkpoint table needs a non-empty name without line breaks, not "
                    + (name == null ? "null" : "'" + name.replace("\n", "\\n").replace("\r", "\\r") + "'"));
        }
    }

    static byte[] encodeSchema(List<String> ddl) {
        StringBuilder sb = new StringBuilder();
        for (String statement : ddl) {
            byte[] b = statement.getBytes(StandardCharsets.UTF_8);
            sb.append("-- ").append(b.length).append('\n').append(statement).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #encodeSchema} back; IllegalArgumentException names the byte offset where it departs from it. */
    static List<String> decodeSchema(byte[] b) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < b.length) {
            int start = at;
            if (b.length - at < 3 || b[at] != '-' || b[at + 1] != '-' || b[at + 2] != ' ') {
                throw new IllegalArgumentException("expected '-- <length>' at byte " + start);
            }
            at += 3;
            int digits = at;
            while (at < b.length && b[at] >= '0' && b[at] <= '9') {
                at++;
            }
            long n = parseCount(new String(b, digits, at - digits, StandardCharsets.US_ASCII));
            if (n < 0 || at >= b.length || b[at] != '\n') {
                throw new IllegalArgumentException("malformed statement length at byte " + start);
            }
            at++;
            if (n > b.length - at - 1 || b[at + (int) n] != '\n') {
                throw new IllegalArgumentException("statement of " + n + " bytes at byte " + start
                        + " overruns the file or lacks its line break");
            }
            out.add(new String(b, at, (int) n, StandardCharsets.UTF_8));
            at += (int) n + 1;
        }
        return out;
    }

    /** A non-negative decimal without sign or leading zeros, or -1. */
    static long parseCount(String s) {
        if (s.isEmpty() || s.length() > 18 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(s);
    }

    /** Creates {@code file} (which must not exist), writes {@code data} and forces it to disk. */
    static void writeFile(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /**
     * The bytes of {@code name} in {@code checkpoint}, which the manifest says has {@code size} bytes; a missing file
     * or one of another size is corruption.
     */
    static byte[] readFile(Path checkpoint, String name, long size) throws IOException {
        Path file = checkpoint.resolve(name);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long actual = ch.size();
            if (actual != size) {
                throw new CheckpointCorruptException(checkpoint, name, "has " + actual + " bytes, the manifest says " + size
                        + (actual < size ? " (truncated)" : ""));
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    throw new EOFException(file + " shrank while being read: no byte at " + buf.position());
                }
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            throw new CheckpointCorruptException(checkpoint, name, "is missing", e);
        }
    }

    /** Checks that {@code name} exists in {@code checkpoint} with {@code size} bytes. */
    static void checkSize(Path checkpoint, String name, long size) throws IOException {
        long actual;
        try {
            actual = Files.size(checkpoint.resolve(name));
        } catch (NoSuchFileException e) {
            throw new CheckpointCorruptException(checkpoint, name, "is missing", e);
        }
        if (actual != size) {
            throw new CheckpointCorruptException(checkpoint, name, "has " + actual + " bytes, the manifest says " + size
                    + (actual < size ? " (truncated)" : ""));
        }
    }

    /** Makes created, renamed or removed directory entries durable; not every platform can, so failure is only logged. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Deletes {@code dir} and everything below it, not following symbolic links; a missing {@code dir} is fine. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
