package dev.chorus.writeset.checkpoint;

import dev.chorus.writeset.WriteSet;

import java.io.IOException;

/**
 * Receives a checkpoint's contents from {@link Checkpoint#read(TableVisitor)}: every table in order, and each of its
 * blocks' rows after that block's SHA-256 has been checked. Whole-table and whole-checkpoint checks (table digest,
 * row count, state digest) can only complete after the last block, so a visitor that applies rows somewhere must
 * treat its work as provisional until {@code read} returns normally.
 *
 * <p>An exception thrown by the visitor ends the read and passes through unchanged; wrap other checked exceptions
 * (an {@code SQLException}, say) in an {@link IOException}.
 */
@FunctionalInterface
public interface TableVisitor {
    /** A table starts; called for every table, also one without rows. The default does nothing. */
    default void table(TableEntry table) throws IOException {
    }

    /** The rows of the next block of {@code table}, in key order, as the block's parsed write set. */
    void block(TableEntry table, WriteSet rows) throws IOException;
}
