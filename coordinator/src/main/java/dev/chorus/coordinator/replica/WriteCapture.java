package dev.chorus.coordinator.replica;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.capture.PortableValues;
import dev.chorus.coordinator.capture.TableImage;
import dev.chorus.coordinator.translate.CapturePlan;
import dev.chorus.writeset.Digest;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One replica session's effective write set of the open transaction, captured statement by statement: around each
 * write the rows it changed are read back in the same transaction, as the statement's {@link CapturePlan} says,
 * and kept reduced to the last change of each row. Savepoints keep a copy of the write set as it was, so a rollback
 * to one restores it. Confined to the replica session's thread.
 */
final class WriteCapture {
    /** Orders one statement's changes: by table, then by key in the engine-independent order. */
    private static final Comparator<RowChange> STATEMENT_ORDER = Comparator.comparing(RowChange::table)
            .thenComparing(RowChange::key, PortableValues.ROW_ORDER);

    private final Engine engine;
    private final int approximateDigits;
    private final PreparedStatements statements;
    /** The last change of each row, in the order of those last changes. */
    private LinkedHashMap<RowChange.RowId, RowChange> written = new LinkedHashMap<>();
    private final Map<String, LinkedHashMap<RowChange.RowId, RowChange>> atSavepoint = new HashMap<>();
    /** Why a statement's changes could not be read back in the open transaction, or null. */
    private SQLException failure;
    /** {@link #writeSet()} and its digest while nothing changed since (building its text costs), or null. */
    private WriteSet lastWriteSet;
    private Digest lastDigest;

    /** The session's cache of prepared statements. */
    interface PreparedStatements {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    WriteCapture(Engine engine, int approximateDigits, PreparedStatements statements) {
        this.engine = engine;
        this.approximateDigits = approximateDigits;
        this.statements = statements;
    }

    /** What was read before a statement ran. */
    final class Before {
        private final ReplicaSession.Capture bound;
        private final Map<String, TableImage> images = new LinkedHashMap<>();
        private final List<Object[]> rawKeys = new ArrayList<>();
        private final List<List<Object>> keys = new ArrayList<>();

        private Before(ReplicaSession.Capture bound) {
            this.bound = bound;
        }
    }

    /** Reads what the plan needs before the statement: the images of the tables it compares, the keys it matches. */
    Before before(ReplicaSession.Capture b, Connection c) throws SQLException {
        Before out = new Before(b);
        for (CapturePlan.Table t : b.plan().diff()) {
            out.images.put(t.name(), image(c, t));
        }
        CapturePlan.Kind kind = b.plan().kind();
        if (kind == CapturePlan.Kind.KEYS_THEN_ROWS || kind == CapturePlan.Kind.DELETED) {
            try (ResultSet rs = select(b)) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                while (rs.next()) {
                    Object[] raw = new Object[n];
                    List<Object> key = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        raw[i - 1] = rs.getObject(i);
                        key.add(PortableValues.read(rs, i, PortableValues.jdbcType(md, i), approximateDigits));
                    }
                    out.rawKeys.add(raw);
                    out.keys.add(key);
                }
            }
        }
        return out;
    }

    /** Reads what the statement changed, after it succeeded, and adds it to the transaction's write set. */
    void after(Before before, Connection c) throws SQLException {
        CapturePlan plan = before.bound.plan();
        CapturePlan.Table target = plan.target();
        List<RowChange> changes = new ArrayList<>();
        switch (plan.kind()) {
            case INSERTED, PINNED -> {
                try (ResultSet rs = select(before.bound)) {
                    rows(rs, target, changes);
                }
            }
            case KEYS_THEN_ROWS -> {
                TreeMap<List<Object>, RowChange> found = new TreeMap<>(PortableValues.ROW_ORDER);
                for (int from = 0; from < before.rawKeys.size(); from += CapturePlan.Table.KEYS_PER_READ) {
                    List<RowChange> chunk = new ArrayList<>();
                    try (ResultSet rs = byKey(target, before.rawKeys, from)) {
                        rows(rs, target, chunk);
                    }
                    chunk.forEach(r -> found.put(r.key(), r));
                }
                for (List<Object> key : before.keys) {
                    RowChange r = found.get(key);
                    // an UPDATE that does not assign key columns cannot remove a row; if one is gone, log that
                    changes.add(r != null ? r : RowChange.delete(target.name(), target.keyColumns(), key));
                }
            }
            case DELETED -> before.keys.forEach(k -> changes.add(RowChange.delete(target.name(), target.keyColumns(), k)));
            case DIFF -> {
            }
        }
        for (CapturePlan.Table t : plan.diff()) {
            changes.addAll(before.images.get(t.name()).changesTo(image(c, t)));
        }
        changes.sort(STATEMENT_ORDER);
        for (RowChange r : changes) {
            RowChange.RowId id = r.id();
            written.remove(id);
            written.put(id, r);
        }
        if (!changes.isEmpty()) {
            lastWriteSet = null;
        }
    }

    /** A statement's changes could not be read back: the transaction's write set is unknown and cannot commit. */
    void failed(SQLException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** Why the write set is unknown, or null. */
    SQLException failure() {
        return failure;
    }

    /** The open transaction's write set so far. */
    WriteSet writeSet() {
        if (lastWriteSet == null) {
            lastWriteSet = new WriteSet(new ArrayList<>(written.values()));
            lastDigest = lastWriteSet.digest();
        }
        return lastWriteSet;
    }

    /** The digest of {@link #writeSet()}. */
    Digest digest() {
        writeSet();
        return lastDigest;
    }

    /** Whether the write set is known and its digest is this one. */
    boolean matches(Digest expected) {
        return failure == null && digest().equals(expected);
    }

    void savepoint(String name) {
        atSavepoint.put(name, new LinkedHashMap<>(written));
    }

    void rollbackTo(String name) {
        LinkedHashMap<RowChange.RowId, RowChange> was = atSavepoint.get(name);
        if (was != null) {
            written = new LinkedHashMap<>(was);
            lastWriteSet = null;
        }
    }

    void release(String name) {
        atSavepoint.remove(name);
    }

    /** The transaction ended (commit or rollback): nothing is written. */
    void clear() {
        written = new LinkedHashMap<>();
        atSavepoint.clear();
        failure = null;
        lastWriteSet = null;
    }

    private TableImage image(Connection c, CapturePlan.Table t) throws SQLException {
        return TableImage.read(c, t.readAll().get(engine), t.name(), t.columns(), t.keyColumns(), approximateDigits);
    }

    private ResultSet select(ReplicaSession.Capture b) throws SQLException {
        PreparedStatement ps = statements.prepare(b.plan().select().get(engine).sql());
        ps.clearParameters();
        for (int i = 0; i < b.params().size(); i++) {
            b.params().get(i).bind(ps, i + 1, engine);
        }
        return ps.executeQuery();
    }

    /** Reads up to {@link CapturePlan.Table#KEYS_PER_READ} rows by key, from {@code from}; short chunks are padded. */
    private ResultSet byKey(CapturePlan.Table t, List<Object[]> keys, int from) throws SQLException {
        PreparedStatement ps = statements.prepare(t.readByKey().get(engine));
        ps.clearParameters();
        int p = 1;
        for (int k = 0; k < CapturePlan.Table.KEYS_PER_READ; k++) {
            Object[] key = keys.get(Math.min(from + k, keys.size() - 1));
            for (Object v : key) {
                ps.setObject(p++, v);
            }
        }
        return ps.executeQuery();
    }

    /** Every row of a read of a table's columns as an upsert. */
    private void rows(ResultSet rs, CapturePlan.Table t, List<RowChange> out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        int[] types = new int[n];
        for (int i = 1; i <= n; i++) {
            types[i - 1] = PortableValues.jdbcType(md, i);
        }
        while (rs.next()) {
            List<Object> image = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                image.add(PortableValues.read(rs, i, types[i - 1], approximateDigits));
            }
            out.add(RowChange.upsert(t.name(), t.keyColumns(), t.columns(), image));
        }
    }
}
