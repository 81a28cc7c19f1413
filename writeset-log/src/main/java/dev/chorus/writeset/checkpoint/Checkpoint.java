package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A published checkpoint: the verified abstract state of a replicated database at one commit sequence number — its
 * schema as DDL statements and every table's rows in key order as canonical write-set text, in blocks, named by a
 * manifest (format on {@code CheckpointFormat}). Written by {@link CheckpointWriter}.
 *
 * <p>{@link #open} reads and checks the manifest (its own SHA-256 and its internal consistency) and the schema file
 * (its SHA-256), and checks that every block file exists with its declared size; the blocks' contents are checked by
 * {@link #read} and {@link #verify}. A table's digest is the SHA-256 of its canonical text, equal to
 * {@code new WriteSet(rows).digest()}, which is how live replicas digest a table, so a checkpoint can be compared
 * with replicas table by table or through the {@linkplain #stateDigest(Map) state digest}.
 *
 * <p>Every damage found — a missing, truncated or altered file, a parse failure, a digest, size or row count that
 * does not match — raises {@link CheckpointCorruptException} naming the checkpoint directory and the file. Instances
 * are immutable and thread-safe; each {@code read} opens its own files. The directory is never modified.
 */
public final class Checkpoint {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);

    private final Path dir;
    private final Manifest manifest;
    private final List<String> ddl;
    private final long bytes;

    private Checkpoint(Path dir, Manifest manifest, List<String> ddl, long bytes) {
        this.dir = dir;
        this.manifest = manifest;
        this.ddl = ddl;
        this.bytes = bytes;
    }

    /**
     * The state digest of a database whose tables have {@code tableDigests}, in the map's iteration order: the
     * SHA-256, as lowercase hex, of the UTF-8 text made of one line {@code name + ' ' + digest.hex() + '\n'} per
     * table. Replicas and checkpoints with equal state digests hold equal tables in the same order.
     */
    public static String stateDigest(Map<String, Digest> tableDigests) {
        return Manifest.stateOf(tableDigests).hex();
    }

    /** Opens the checkpoint in {@code dir}, checking its manifest and schema (see the class comment). */
    public static Checkpoint open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no checkpoint directory");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(dir.resolve(CheckpointFormat.MANIFEST));
        } catch (NoSuchFileException e) {
            throw new CheckpointCorruptException(dir, CheckpointFormat.MANIFEST, "is missing", e);
        }
        Manifest m = Manifest.parse(dir, content);
        Path named = dir.toAbsolutePath().normalize().getFileName();
        Matcher name = CheckpointFormat.DIR_NAME.matcher(named == null ? "" : named.toString());
        if (!name.matches() || !name.group().equals(CheckpointFormat.dirName(m.seq()))) {
            throw new CheckpointCorruptException(dir, CheckpointFormat.MANIFEST, "says seq " + m.seq()
                    + " but the directory is not named " + CheckpointFormat.dirName(m.seq()));
        }
        byte[] schema = CheckpointFormat.readFile(dir, CheckpointFormat.SCHEMA, m.schemaBytes());
        Digest schemaSha = Digest.sha256(schema, 0, schema.length);
        if (!schemaSha.equals(m.schemaSha())) {
            throw new CheckpointCorruptException(dir, CheckpointFormat.SCHEMA, "SHA-256 mismatch: the manifest says "
                    + m.schemaSha() + ", the file hashes to " + schemaSha);
        }
        List<String> ddl;
        try {
            ddl = List.copyOf(CheckpointFormat.decodeSchema(schema));
        } catch (IllegalArgumentException e) {
            throw new CheckpointCorruptException(dir, CheckpointFormat.SCHEMA, e.getMessage(), e);
        }
        long total = content.length + schema.length;
        for (BlockEntry b : m.blocks()) {
            CheckpointFormat.checkSize(dir, b.file(), b.bytes());
            total += b.bytes();
        }
        return new Checkpoint(dir, m, ddl, total);
    }

    /** The checkpoint directory. */
    public Path dir() {
        return dir;
    }

    /** The commit sequence number whose state this is: every write set up to and including it. */
    public long seq() {
        return manifest.seq();
    }

    /** When the checkpoint was written. */
    public Instant created() {
        return manifest.created();
    }

    /** The state digest, as lowercase hex (see {@link #stateDigest(Map)}). */
    public String stateDigest() {
        return manifest.state().hex();
    }

    /** The schema: DDL statements, in the order they are to be executed. */
    public List<String> ddl() {
        return ddl;
    }

    /** The tables, in the order they were written and are read. */
    public List<TableEntry> tables() {
        return manifest.tables();
    }

    /** The block files, in order. */
    public List<BlockEntry> blocks() {
        return manifest.blocks();
    }

    /** The total size of the checkpoint's files in bytes. */
    public long bytes() {
        return bytes;
    }

    /**
     * Streams the checkpoint to {@code visitor}: for each table in order {@link TableVisitor#table}, then each of its
     * blocks, whose SHA-256, row count and rows' table are checked before it is handed over. After a table's last
     * block its digest and row count are checked, and at the end the state digest recomputed from the table digests.
     * Holds one block in memory at a time.
     *
     * @throws CheckpointCorruptException at the first damage found; exceptions of the visitor pass through
     */
    public void read(TableVisitor visitor) throws IOException {
        List<TableEntry> tables = manifest.tables();
        List<BlockEntry> blocks = manifest.blocks();
        Map<String, Digest> digests = new LinkedHashMap<>();
        int next = 0;
        for (int t = 0; t < tables.size(); t++) {
            TableEntry table = tables.get(t);
            visitor.table(table);
            MessageDigest tableSha = Digest.newSha256();
            long rows = 0;
            for (; next < blocks.size() && blocks.get(next).table() == t; next++) {
                BlockEntry block = blocks.get(next);
                WriteSet ws = readBlock(block, table, tableSha);
                rows += ws.changes().size();
                visitor.block(table, ws);
            }
            Digest digest = Digest.finish(tableSha);
            if (!digest.equals(table.digest()) || rows != table.rows()) {
                throw new CheckpointCorruptException(dir, CheckpointFormat.MANIFEST, "table " + table.name() + " declares "
                        + table.rows() + " rows with digest " + table.digest() + ", its blocks hold " + rows
                        + " rows with digest " + digest);
            }
            digests.put(table.name(), digest);
        }
        Digest state = Manifest.stateOf(digests);
        if (!state.equals(manifest.state())) {
            throw new CheckpointCorruptException(dir, CheckpointFormat.MANIFEST, "state digest " + manifest.state()
                    + " does not match the tables read, which give " + state);
        }
        LOG.debug("read checkpoint {}: {} tables, {} blocks, state {}", dir, tables.size(), blocks.size(), state);
    }

    /** Reads the whole checkpoint and checks everything {@link #read} checks, keeping nothing. */
    public void verify() throws IOException {
        read((table, rows) -> {
        });
    }

    private WriteSet readBlock(BlockEntry block, TableEntry table, MessageDigest tableSha) throws IOException {
        byte[] b = CheckpointFormat.readFile(dir, block.file(), block.bytes());
        Digest sha = Digest.sha256(b, 0, b.length);
        if (!sha.equals(block.sha256())) {
            throw new CheckpointCorruptException(dir, block.file(), "SHA-256 mismatch: the manifest says " + block.sha256()
                    + ", the file hashes to " + sha);
        }
        tableSha.update(b);
        WriteSet ws;
        try {
            ws = WriteSet.parse(new String(b, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CheckpointCorruptException(dir, block.file(), "does not parse as write-set text: " + e.getMessage(), e);
        }
        if (ws.changes().size() != block.rows()) {
            throw new CheckpointCorruptException(dir, block.file(), "holds " + ws.changes().size()
                    + " distinct rows, the manifest says " + block.rows());
        }
        for (RowChange c : ws.changes()) {
            if (!c.table().equals(table.name()) || c.isDelete()) {
                throw new CheckpointCorruptException(dir, block.file(), "holds " + (c.isDelete() ? "a deleted row" : "a row")
                        + " of table " + c.table() + ", expected rows of table " + table.name());
            }
        }
        return ws;
    }

    @Override
    public String toString() {
        return "Checkpoint[" + dir + ", seq " + seq() + ", " + tables().size() + " tables, " + blocks().size() + " blocks, "
                + bytes + " bytes, state " + manifest.state() + "]";
    }
}
