package dev.chorus.coordinator.capture;

import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One table's rows as a checkpoint holds them, rolled forward by the write sets of later commits: each change is the
 * row's newest image (or its deletion), so applying a commit's changes of this table in commit order gives the
 * table after that commit. Its {@link #digest()} is the one a replica holding the same rows reports
 * ({@link TableImage#asWriteSet()}), because the rows are kept in the same key order and in the same form.
 * Not thread-safe.
 */
public final class RollingImage {
    private final String table;
    private final TreeMap<List<Object>, RowChange> rows = new TreeMap<>(PortableValues.ROW_ORDER);

    public RollingImage(String table) {
        this.table = table;
    }

    /** The rows of an image read from a replica. */
    public static RollingImage of(TableImage image) {
        RollingImage r = new RollingImage(image.table());
        image.asWriteSet().changes().forEach(r::apply);
        return r;
    }

    public String table() {
        return table;
    }

    /**
     * Applies one change of this table: an image replaces the row with its key (in a table without a primary key,
     * sets how many equal rows there are); a deletion removes it.
     *
     * @throws IllegalArgumentException for a change of another table
     */
    public void apply(RowChange change) {
        if (!change.table().equals(table)) {
            throw new IllegalArgumentException("a change of " + change.table() + " applied to the image of " + table);
        }
        if (change.isDelete()) {
            rows.remove(change.key());
        } else {
            rows.put(change.key(), change);
        }
    }

    /** Applies this table's changes in a commit's write set, ignoring the other tables'. */
    public void applyAll(WriteSet ws) {
        for (RowChange c : ws.changes()) {
            if (c.table().equals(table)) {
                apply(c);
            }
        }
    }

    /** Distinct keys (rows, or groups of equal rows in a table without a primary key). */
    public int size() {
        return rows.size();
    }

    /** The rows as a write set of inserts, in key order. */
    public WriteSet asWriteSet() {
        return new WriteSet(new ArrayList<>(rows.values()));
    }

    public Digest digest() {
        return asWriteSet().digest();
    }
}
