package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.Digest;

import java.util.Objects;

/**
 * One block file of a checkpoint, as its manifest declares it: consecutive rows of one table as canonical
 * write-set text.
 *
 * @param file   the file's name in the checkpoint directory
 * @param table  the index of its table in {@link Checkpoint#tables()}, counted from 0
 * @param rows   how many rows it holds, at least 1
 * @param bytes  its size in bytes, at least 1
 * @param sha256 the SHA-256 of its bytes
 */
public record BlockEntry(String file, int table, long rows, long bytes, Digest sha256) {
    public BlockEntry {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        if (!CheckpointFormat.BLOCK_NAME.matcher(file).matches()) {
            throw new IllegalArgumentException("'" + file + "' is not a block file name (block-<6 or more digits>.sql)");
        }
        if (table < 0 || rows < 1 || bytes < 1 || bytes > CheckpointFormat.MAX_READ_BLOCK_BYTES) {
            throw new IllegalArgumentException("block " + file + ": impossible entry, table " + table + ", " + rows
                    + " rows in " + bytes + " bytes");
        }
    }
}
