package dev.chorus.coordinator.recovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Every schema change the application made through Chorus, in order, as the application wrote it: what a new
 * database of any engine runs (translated for it) to get the schema the replicas have. Kept in memory and, when the
 * database has a write-set log, in {@code schema.sql} beside it: each statement is appended and forced to disk
 * before the statement's success is reported.
 *
 * <p>The file is a sequence of entries {@code -- chorus-ddl <bytes>\n<statement>\n}, the length counted in UTF-8
 * bytes, so statements may contain anything. A torn last entry (the process died while appending) is dropped.
 *
 * <p>Thread-safe.
 */
public final class SchemaHistory {
    private static final String HEADER = "-- chorus-ddl ";

    private final Path file;
    private final List<String> statements = new ArrayList<>();

    private SchemaHistory(Path file) {
        this.file = file;
    }

    /** A history kept in memory only. */
    public static SchemaHistory inMemory() {
        return new SchemaHistory(null);
    }

    /** The history in a file (created when missing). */
    public static SchemaHistory open(Path file) throws IOException {
        SchemaHistory h = new SchemaHistory(file);
        if (Files.exists(file)) {
            h.statements.addAll(parse(Files.readAllBytes(file)));
        }
        return h;
    }

    /** Reads the entries of a history file's bytes; a torn last entry is left out. */
    public static List<String> parse(byte[] bytes) {
        List<String> out = new ArrayList<>();
        int at = 0;
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        while (at < bytes.length) {
            int eol = indexOf(bytes, (byte) '\n', at);
            if (eol < 0 || eol - at <= header.length || !startsWith(bytes, header, at)) {
                break;
            }
            int length;
            try {
                length = Integer.parseInt(new String(bytes, at + header.length, eol - at - header.length, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                break;
            }
            int end = eol + 1 + length;
            if (length < 0 || end >= bytes.length || bytes[end] != '\n') {
                break;
            }
            out.add(new String(bytes, eol + 1, length, StandardCharsets.UTF_8));
            at = end + 1;
        }
        return out;
    }

    /** The entries' bytes, as the file holds them. */
    public static byte[] format(List<String> statements) {
        StringBuilder sb = new StringBuilder();
        for (String s : statements) {
            sb.append(HEADER).append(s.getBytes(StandardCharsets.UTF_8).length).append('\n').append(s).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends a statement that changed the schema (and forces it to disk when there is a file). */
    public synchronized void append(String statement) throws IOException {
        if (file != null) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer b = ByteBuffer.wrap(format(List.of(statement)));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        }
        statements.add(statement);
    }

    /** The statements in order. */
    public synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    private static int indexOf(byte[] b, byte v, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, byte[] prefix, int at) {
        if (at + prefix.length > b.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
