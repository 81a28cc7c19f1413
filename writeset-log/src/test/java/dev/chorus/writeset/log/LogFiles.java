package dev.chorus.writeset.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that look at segment files directly. */
final class LogFiles {
    private LogFiles() {
    }

    static byte[] payload(long seq, int size) {
        byte[] b = new byte[size];
        byte[] tag = ("seq-" + seq + ";").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            b[i] = i < tag.length ? tag[i] : (byte) (seq * 31 + i);
        }
        return b;
    }

    /** The segment files of a log directory, in name (= seq) order. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    /** Start offsets of the complete blocks of a well-formed segment file, read from their length fields. */
    static List<Long> blockStarts(Path segment) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> starts = new ArrayList<>();
        int p = LogFormat.HEADER_SIZE;
        while (p < b.limit()) {
            starts.add((long) p);
            p += LogFormat.BLOCK_OVERHEAD + b.getInt(p + 8);
        }
        if (p != b.limit()) {
            throw new IllegalStateException(segment + " is not well formed");
        }
        return starts;
    }

    static List<LogRecord> readAll(Path dir) throws IOException {
        LogReader reader = LogReader.open(dir);
        try (Stream<LogRecord> s = reader.records()) {
            return s.toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path p : segments(from)) {
            Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    static void flipBit(Path file, long position, int bit) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) position] ^= (byte) (1 << bit);
        Files.write(file, b);
    }
}
