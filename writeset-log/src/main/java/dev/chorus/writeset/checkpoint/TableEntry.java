package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;

import java.util.Objects;

/**
 * One table of a checkpoint, as its manifest declares it.
 *
 * @param name   the table's name as its rows' {@link dev.chorus.writeset.RowChange#table()} spells it; not empty,
 *               without line breaks
 * @param rows   how many rows (row changes; a multiset row with several copies counts once)
 * @param bytes  the size of the table's canonical text: the sum of its blocks' sizes
 * @param digest the SHA-256 of the table's canonical text, equal to {@code new WriteSet(rows).digest()}: what a
 *               live replica's table digest is compared with
 */
public record TableEntry(String name, long rows, long bytes, Digest digest) {
    public TableEntry {
        CheckpointFormat.checkTableName(name);
        Objects.requireNonNull(digest, "digest");
        if (rows < 0 || bytes < 0 || (rows == 0) != (bytes == 0)) {
            throw new IllegalArgumentException("table " + name + ": impossible size, " + rows + " rows in " + bytes + " bytes");
        }
    }
}
