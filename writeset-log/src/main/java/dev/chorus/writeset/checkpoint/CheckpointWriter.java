package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one checkpoint (format on {@code CheckpointFormat}): {@link #begin} with the schema, then for each table
 * {@link #table} followed by its rows ({@link #row}) in key order, then {@link #commit}.
 *
 * <p>Rows are streamed: the writer holds at most one block in memory. It cuts a block when adding the next row would
 * make it larger than the block size and the block already holds a row (so a single larger row gets a block of its
 * own); a block holds rows of one table only. Everything is written into a {@code .tmp-<seq>-<random>} directory
 * under the root, every file is fsynced, and {@code commit} renames the directory to its final name in one atomic
 * move and fsyncs the root: a reader sees the whole checkpoint or none of it. Closing ({@link #close}) or
 * {@linkplain #abort aborting} a writer that has not committed deletes the temporary directory; so does any
 * I/O failure, after which the writer is unusable. A crash leaves the temporary directory behind, for
 * {@link Checkpoints#removeStale}.
 *
 * <p>The caller supplies a table's rows in its key order with distinct keys, as
 * {@link dev.chorus.writeset.RowChange#upsert upserts} or {@link dev.chorus.writeset.RowChange#multiset multiset rows}
 * whose table is the declared table's name: then each table digest equals {@code new WriteSet(rows).digest()}. Not
 * thread-safe; one writer per checkpoint seq.
 */
public final class CheckpointWriter implements AutoCloseable {
    /** The default block size: blocks are cut at about this many bytes. */
    public static final long DEFAULT_BLOCK_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);

    private enum State { OPEN, COMMITTED, ABORTED }

    private final Path root;
    private final long seq;
    private final long blockBytes;
    private final Path tmp;
    private final Path target;
    private final long schemaBytes;
    private final Digest schemaSha;
    private final List<TableEntry> tables = new ArrayList<>();
    private final List<BlockEntry> blocks = new ArrayList<>();
    private final Set<String> tableNames = new HashSet<>();
    private State state = State.OPEN;

    // the current table
    private String table;
    private long tableRows;
    private long tableBytes;
    private final MessageDigest tableSha = Digest.newSha256();

    // the current block, written when it is cut
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private final MessageDigest blockSha = Digest.newSha256();
    private final Set<RowChange.RowId> blockKeys = new HashSet<>();

    private CheckpointWriter(Path root, long seq, long blockBytes, Path tmp, long schemaBytes, Digest schemaSha) {
        this.root = root;
        this.seq = seq;
        this.blockBytes = blockBytes;
        this.tmp = tmp;
        this.target = root.resolve(CheckpointFormat.dirName(seq));
        this.schemaBytes = schemaBytes;
        this.schemaSha = schemaSha;
    }

    /** Starts the checkpoint of {@code seq} under {@code root} (created if needed), with {@link #DEFAULT_BLOCK_BYTES}. */
    public static CheckpointWriter begin(Path root, long seq, List<String> ddl) throws IOException {
        return begin(root, seq, ddl, DEFAULT_BLOCK_BYTES);
    }

    /**
     * Starts the checkpoint of {@code seq} under {@code root} (created if needed) and writes the schema.
     *
     * @param ddl        the schema's statements, in execution order; each may contain anything
     * @param blockBytes the size at which blocks are cut, at least 1 and at most {@code CheckpointFormat.MAX_BLOCK_BYTES}
     * @throws IOException if the checkpoint of {@code seq} exists already, or the files cannot be written
     */
    public static CheckpointWriter begin(Path root, long seq, List<String> ddl, long blockBytes) throws IOException {
        Objects.requireNonNull(root, "root");
        ddl.forEach(s -> Objects.requireNonNull(s, "a DDL statement is null"));
        if (seq < 0) {
            throw new IllegalArgumentException("a checkpoint's seq must not be negative, got " + seq);
        }
        if (blockBytes < 1 || blockBytes > CheckpointFormat.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("blockBytes must be from 1 to " + CheckpointFormat.MAX_BLOCK_BYTES + ", got "
                    + blockBytes);
        }
        Files.createDirectories(root);
        checkNotPublished(root, seq);
        Path tmp = Files.createTempDirectory(root, CheckpointFormat.TMP_PREFIX + seq + "-");
        try {
            byte[] schema = CheckpointFormat.encodeSchema(ddl);
            CheckpointFormat.writeFile(tmp.resolve(CheckpointFormat.SCHEMA), schema);
            LOG.debug("writing checkpoint of seq {} in {}: {} DDL statements", seq, tmp, ddl.size());
            return new CheckpointWriter(root, seq, blockBytes, tmp, schema.length, Digest.sha256(schema, 0, schema.length));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void checkNotPublished(Path root, long seq) throws IOException {
        Path target = root.resolve(CheckpointFormat.dirName(seq));
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "the checkpoint of seq " + seq
                    + " exists already");
        }
    }

    /**
     * Starts the next table, ending the previous one. A table without rows is declared all the same (its digest is
     * that of no bytes).
     *
     * @param name the table's name, equal to its rows' {@link RowChange#table()}; unique, not empty, no line breaks
     */
    public void table(String name) throws IOException {
        checkOpen();
        CheckpointFormat.checkTableName(name);
        if (tableNames.contains(name)) {
            throw new IllegalArgumentException("table " + name + " is already in the checkpoint of seq " + seq);
        }
        guarded(this::endTable);
        tableNames.add(name);
        table = name;
        tableRows = 0;
        tableBytes = 0;
        tableSha.reset();
    }

    /** Appends a row of the current table (see the class comment for what the rows must be). */
    public void row(RowChange change) throws IOException {
        checkOpen();
        if (table == null) {
            throw new IllegalStateException("row before the first table() of the checkpoint of seq " + seq);
        }
        if (change.isDelete() || !change.table().equals(table)) {
            throw new IllegalArgumentException((change.isDelete() ? "a deleted row" : "a row") + " of table " + change.table()
                    + " in table " + table + " of the checkpoint of seq " + seq + ": rows must be images of the current table");
        }
        byte[] text = new WriteSet(List.of(change)).toBytes();
        if (block.size() > 0 && block.size() + (long) text.length > blockBytes) {
            guarded(this::endBlock);
        }
        if (!blockKeys.add(change.id())) {
            throw new IllegalArgumentException("row " + change.key() + " of table " + table + " appears twice in the checkpoint of seq "
                    + seq + ": rows must have distinct keys");
        }
        block.write(text, 0, text.length);
        blockSha.update(text);
        tableSha.update(text);
        tableRows++;
        tableBytes += text.length;
    }

    /**
     * Ends the last table, writes the manifest, fsyncs, and publishes the checkpoint atomically.
     *
     * @return the published checkpoint, opened
     * @throws IOException if the checkpoint of this seq was published meanwhile or writing fails; the temporary
     *                     directory is then deleted
     */
    public Checkpoint commit() throws IOException {
        checkOpen();
        guarded(this::endTable);
        Manifest m = new Manifest(seq, Instant.now(), Manifest.stateOf(tables), schemaBytes, schemaSha, tables, blocks);
        guarded(() -> {
            CheckpointFormat.writeFile(tmp.resolve(CheckpointFormat.MANIFEST), m.render());
            CheckpointFormat.syncDirectory(tmp);
            checkNotPublished(root, seq);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        });
        state = State.COMMITTED;
        CheckpointFormat.syncDirectory(root);
        Checkpoint cp = Checkpoint.open(target);
        long rows = tables.stream().mapToLong(TableEntry::rows).sum();
        LOG.info("published checkpoint {} of seq {}: {} tables, {} rows, {} blocks, {} bytes, state {}", target, seq,
                tables.size(), rows, blocks.size(), cp.bytes(), m.state());
        return cp;
    }

    /** Gives the checkpoint up, deleting what was written; does nothing after commit or an earlier abort. */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        deleteQuietly(tmp);
        LOG.info("aborted checkpoint of seq {}: deleted {}", seq, tmp);
    }

    /** Aborts unless committed. */
    @Override
    public void close() {
        abort();
    }

    private void endTable() throws IOException {
        if (table == null) {
            return;
        }
        endBlock();
        tables.add(new TableEntry(table, tableRows, tableBytes, Digest.finish(tableSha)));
        table = null;
    }

    private void endBlock() throws IOException {
        if (block.size() == 0) {
            return;
        }
        String name = CheckpointFormat.blockName(blocks.size() + 1);
        try (FileChannel ch = FileChannel.open(tmp.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            block.writeTo(Channels.newOutputStream(ch));
            ch.force(true);
        }
        blocks.add(new BlockEntry(name, tables.size(), blockKeys.size(), block.size(), Digest.finish(blockSha)));
        block.reset();
        blockKeys.clear();
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** Runs a step that writes; if it fails, the checkpoint is aborted. */
    private void guarded(IoStep step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("writing the checkpoint of seq {} in {} failed: {}", seq, tmp, e.toString());
            abort();
            throw e;
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the checkpoint writer of seq " + seq + (state == State.COMMITTED
                    ? " has committed" : " was aborted, closed, or failed"));
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            CheckpointFormat.deleteTree(dir);
        } catch (IOException e) {
            LOG.warn("cannot delete {} ({}); Checkpoints.removeStale will", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "CheckpointWriter[seq " + seq + " in " + tmp + ", " + state + ", " + tables.size() + " tables done, "
                + blocks.size() + " blocks]";
    }
}
