package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.chorus.writeset.checkpoint.CheckpointFormat.HEX;

/**
 * The contents of {@code manifest.txt} (see {@code CheckpointFormat}); built by the writer, parsed and checked for
 * consistency by {@link Checkpoint#open}.
 */
record Manifest(long seq, Instant created, Digest state, long schemaBytes, Digest schemaSha, List<TableEntry> tables,
                List<BlockEntry> blocks) {
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-f]{64}");

    Manifest {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(schemaSha, "schemaSha");
        tables = List.copyOf(tables);
        blocks = List.copyOf(blocks);
    }

    /** The state digest of {@code tableDigests}, in their iteration order (see {@link Checkpoint#stateDigest(Map)}). */
    static Digest stateOf(Map<String, Digest> tableDigests) {
        StringBuilder sb = new StringBuilder();
        tableDigests.forEach((name, digest) -> sb.append(name).append(' ').append(digest.hex()).append('\n'));
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        return Digest.sha256(b, 0, b.length);
    }

    static Digest stateOf(List<TableEntry> tables) {
        Map<String, Digest> digests = new LinkedHashMap<>();
        tables.forEach(t -> digests.put(t.name(), t.digest()));
        return stateOf(digests);
    }

    byte[] render() {
        StringBuilder sb = new StringBuilder();
        sb.append(CheckpointFormat.HEADER).append(' ').append(CheckpointFormat.VERSION).append('\n');
        sb.append("seq ").append(seq).append('\n');
        sb.append("created ").append(created).append('\n');
        sb.append("state ").append(state.hex()).append('\n');
        sb.append("schema ").append(schemaBytes).append(' ').append(schemaSha.hex()).append('\n');
        for (TableEntry t : tables) {
            sb.append("table ").append(t.rows()).append(' ').append(t.bytes()).append(' ').append(t.digest().hex())
                    .append(' ').append(t.name()).append('\n');
        }
        for (BlockEntry b : blocks) {
            sb.append("block ").append(b.file()).append(' ').append(b.table()).append(' ').append(b.rows()).append(' ')
                    .append(b.bytes()).append(' ').append(b.sha256().hex()).append('\n');
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        Digest own = Digest.sha256(body, 0, body.length);
        byte[] last = ("manifest " + own.hex() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[body.length + last.length];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(last, 0, out, body.length, last.length);
        return out;
    }

    /** Parses and checks a manifest: its own SHA-256 first, then every line, then the entries' consistency. */
    static Manifest parse(Path checkpoint, byte[] content) throws CheckpointCorruptException {
        int n = content.length;
        if (n == 0 || content[n - 1] != '\n') {
            throw corrupt(checkpoint, n == 0 ? "is empty" : "does not end with a line break (truncated?)");
        }
        int lastStart = n - 1;
        while (lastStart > 0 && content[lastStart - 1] != '\n') {
            lastStart--;
        }
        String last = new String(content, lastStart, n - 1 - lastStart, StandardCharsets.US_ASCII);
        if (!last.startsWith("manifest ") || !HEX_DIGEST.matcher(last.substring(9)).matches()) {
            throw corrupt(checkpoint, "the last line is not 'manifest <SHA-256>' (truncated?)");
        }
        MessageDigest sha = Digest.newSha256();
        sha.update(content, 0, lastStart);
        Digest actual = Digest.finish(sha);
        Digest declared = Digest.of(HEX.parseHex(last.substring(9)));
        if (!actual.equals(declared)) {
            throw corrupt(checkpoint, "SHA-256 mismatch: its last line says " + declared + ", its " + lastStart
                    + " preceding bytes hash to " + actual);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content, 0, lastStart)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointCorruptException(checkpoint, CheckpointFormat.MANIFEST, "is not valid UTF-8", e);
        }
        return new Parser(checkpoint, text).manifest();
    }

    private static CheckpointCorruptException corrupt(Path checkpoint, String problem) {
        return new CheckpointCorruptException(checkpoint, CheckpointFormat.MANIFEST, problem);
    }

    /** Reads the lines before the {@code manifest} line, each ending in '\n'. */
    private static final class Parser {
        private final Path checkpoint;
        private final String[] lines;
        private int line; // index of the next line

        Parser(Path checkpoint, String text) {
            this.checkpoint = checkpoint;
            this.lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        }

        Manifest manifest() throws CheckpointCorruptException {
            String header = field("");
            if (!header.equals(CheckpointFormat.HEADER + " " + CheckpointFormat.VERSION)) {
                throw error(header.startsWith(CheckpointFormat.HEADER + " ")
                        ? "unsupported format '" + header + "' (this code reads version " + CheckpointFormat.VERSION + ")"
                        : "not a Chorus checkpoint manifest");
            }
            long seq = count(field("seq "), "seq");
            Instant created;
            try {
                created = Instant.parse(field("created "));
            } catch (DateTimeParseException e) {
                throw error("malformed creation instant: " + e.getMessage());
            }
            Digest state = digest(field("state "));
            String[] schema = split(field("schema "), 2);
            long schemaBytes = count(schema[0], "schema size");
            Digest schemaSha = digest(schema[1]);
            List<TableEntry> tables = new ArrayList<>();
            Set<String> names = new HashSet<>();
            while (line < lines.length && lines[line].startsWith("table ")) {
                String[] f = split(field("table "), 4);
                TableEntry t = entry(() -> new TableEntry(f[3], count(f[0], "row count"), count(f[1], "size"), digest(f[2])));
                if (!names.add(t.name())) {
                    throw error("table " + t.name() + " is declared twice");
                }
                tables.add(t);
            }
            List<BlockEntry> blocks = new ArrayList<>();
            while (line < lines.length && lines[line].startsWith("block ")) {
                String[] f = split(field("block "), 5);
                long table = count(f[1], "table index");
                BlockEntry b = entry(() -> new BlockEntry(f[0], (int) Math.min(table, Integer.MAX_VALUE), count(f[2], "row count"),
                        count(f[3], "size"), digest(f[4])));
                checkBlock(b, blocks, tables.size());
                blocks.add(b);
            }
            if (line < lines.length) {
                line++;
                throw error("unexpected line '" + abbreviate(lines[line - 1]) + "'");
            }
            checkSums(tables, blocks);
            Digest expected = stateOf(tables);
            if (!expected.equals(state)) {
                throw new CheckpointCorruptException(checkpoint, CheckpointFormat.MANIFEST, "state digest " + state
                        + " does not match its table digests, which give " + expected);
            }
            return new Manifest(seq, created, state, schemaBytes, schemaSha, tables, blocks);
        }

        private void checkBlock(BlockEntry b, List<BlockEntry> earlier, int tables) throws CheckpointCorruptException {
            String expectedName = CheckpointFormat.blockName(earlier.size() + 1);
            if (!b.file().equals(expectedName)) {
                throw error("block " + (earlier.size() + 1) + " is named " + b.file() + ", expected " + expectedName);
            }
            if (b.table() >= tables) {
                throw error("block " + b.file() + " belongs to table " + b.table() + " but there are " + tables + " tables");
            }
            if (!earlier.isEmpty() && b.table() < earlier.get(earlier.size() - 1).table()) {
                throw error("block " + b.file() + " of table " + b.table() + " follows a block of table "
                        + earlier.get(earlier.size() - 1).table());
            }
        }

        private void checkSums(List<TableEntry> tables, List<BlockEntry> blocks) throws CheckpointCorruptException {
            long[] rows = new long[tables.size()];
            long[] bytes = new long[tables.size()];
            for (BlockEntry b : blocks) {
                rows[b.table()] += b.rows();
                bytes[b.table()] += b.bytes();
            }
            for (int i = 0; i < tables.size(); i++) {
                TableEntry t = tables.get(i);
                if (t.rows() != rows[i] || t.bytes() != bytes[i]) {
                    throw new CheckpointCorruptException(checkpoint, CheckpointFormat.MANIFEST, "table " + t.name() + " declares "
                            + t.rows() + " rows in " + t.bytes() + " bytes, its blocks hold " + rows[i] + " rows in "
                            + bytes[i] + " bytes");
                }
            }
        }

        /** The rest of the next line, which must start with {@code prefix}. */
        private String field(String prefix) throws CheckpointCorruptException {
            if (line >= lines.length) {
                line++;
                throw error("missing line '" + prefix.trim() + " ...'");
            }
            String l = lines[line++];
            if (!l.startsWith(prefix)) {
                throw error("expected '" + prefix.trim() + " ...', found '" + abbreviate(l) + "'");
            }
            return l.substring(prefix.length());
        }

        private String[] split(String rest, int fields) throws CheckpointCorruptException {
            String[] f = rest.split(" ", fields);
            if (f.length != fields || (fields < 4 && f[fields - 1].contains(" ")) || (fields == 5 && f[4].contains(" "))) {
                throw error("expected " + fields + " fields separated by single spaces");
            }
            return f;
        }

        private long count(String s, String what) throws CheckpointCorruptException {
            long v = CheckpointFormat.parseCount(s);
            if (v < 0) {
                throw error("malformed " + what + " '" + abbreviate(s) + "'");
            }
            return v;
        }

        private Digest digest(String s) throws CheckpointCorruptException {
            if (!HEX_DIGEST.matcher(s).matches()) {
                throw error("malformed SHA-256 '" + abbreviate(s) + "'");
            }
            return Digest.of(HEX.parseHex(s));
        }

        private interface EntryFactory<T> {
            T make() throws CheckpointCorruptException;
        }

        private <T> T entry(EntryFactory<T> factory) throws CheckpointCorruptException {
            try {
                return factory.make();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        /** An error on the line read last ({@code line} counts from 1 once a line has been read). */
        private CheckpointCorruptException error(String problem) {
            return new CheckpointCorruptException(checkpoint, CheckpointFormat.MANIFEST, "line " + line + ": " + problem);
        }

        private static String abbreviate(String s) {
            return s.length() <= 60 ? s : s.substring(0, 60) + "..";
        }
    }
}
