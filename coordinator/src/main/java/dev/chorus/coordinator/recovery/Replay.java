package dev.chorus.coordinator.recovery;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.translate.Translator;
import dev.chorus.writeset.RowChange;
import dev.chorus.writeset.WriteSet;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies write sets to a replica of any engine: for each row, a {@code DELETE} by key and, unless the row was
 * deleted, an {@code INSERT} of its full image (once per copy in a table without a primary key), built with jOOQ and rendered in the replica's dialect with bind
 * values (jOOQ binds each value kind the way the engine's driver wants it). A change is right whatever the row was
 * before, so replaying a reduced log range onto a replica that holds the state at its start, or onto an empty one
 * that has the schema, gives the state at its end. The caller owns the connection's transaction.
 */
public final class Replay {
    private final Engine engine;
    private final SQLDialect dialect;
    private final Settings settings = new Settings().withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withExecuteLogging(false);

    public Replay(Engine engine) {
        this.engine = engine;
        this.dialect = Translator.dialectOf(engine, SQLDialect.DEFAULT);
    }

    /** Applies every change of a write set on the connection; returns how many rows it wrote or deleted. */
    public int apply(Connection c, WriteSet ws) throws SQLException {
        DSLContext dsl = DSL.using(c, dialect, settings);
        int rows = 0;
        try {
            for (RowChange change : ws.changes()) {
                rows += apply(dsl, change);
            }
        } catch (org.jooq.exception.DataAccessException e) {
            throw e.getCause(SQLException.class) != null ? e.getCause(SQLException.class)
                    : new SQLException("replaying a write set on " + engine.displayName() + " failed: " + e.getMessage(), e);
        }
        return rows;
    }

    private static int apply(DSLContext dsl, RowChange change) {
        org.jooq.Table<?> table = DSL.table(DSL.name(change.table().split("\\.")));
        List<Condition> where = new ArrayList<>();
        List<Object> key = change.key();
        for (int i = 0; i < change.keyColumns().size(); i++) {
            Field<Object> f = DSL.field(DSL.name(change.keyColumns().get(i)));
            Object v = key.get(i);
            where.add(v == null ? f.isNull() : f.eq(DSL.val(v)));
        }
        int deleted = dsl.deleteFrom(table).where(where).execute();
        if (change.isDelete()) {
            return deleted;
        }
        List<Field<?>> columns = new ArrayList<>();
        List<Field<?>> values = new ArrayList<>();
        List<Object> image = change.image();
        for (int i = 0; i < change.columns().size(); i++) {
            columns.add(DSL.field(DSL.name(change.columns().get(i))));
            Object v = image.get(i);
            values.add(v == null ? DSL.inline((Object) null) : DSL.val(v));
        }
        int inserted = 0;
        for (int copy = 0; copy < change.copies(); copy++) {
            inserted += dsl.insertInto(table, columns).values(values).execute();
        }
        return inserted;
    }
}
