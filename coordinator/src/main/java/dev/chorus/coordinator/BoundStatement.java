package dev.chorus.coordinator;

import dev.chorus.coordinator.replica.ReplicaSession;
import dev.chorus.coordinator.sql.StatementKind;
import dev.chorus.coordinator.translate.GeneratedColumns;
import dev.chorus.coordinator.translate.Translation;
import dev.chorus.coordinator.vote.Answer;
import dev.chorus.coordinator.vote.Canonicalizer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request made ready for the replicas: the values the coordinator fixed for its slots (clock, random numbers,
 * UUIDs, identity values), the catalog bookkeeping it carries, and each engine's statements with their parameters.
 * Not thread-safe: used by one session for one request.
 */
final class BoundStatement {
    private final StatementRequest req;
    private final List<Translation> translations;
    private final List<Param[]> slotValues = new ArrayList<>();
    private final List<ResultTable> keys = new ArrayList<>();
    private final List<ReplicaSession.Entry> extras = new ArrayList<>();
    private final boolean coordinatorKeys;
    /** Whether the rows each execution changes are read back (the coordinator's {@code capture} setting). */
    private final boolean capture;
    private final Map<Engine, ReplicaSession.Work> works = new java.util.EnumMap<>(Engine.class);

    private BoundStatement(StatementRequest req, List<Translation> translations, boolean capture) {
        this.req = req;
        this.translations = translations;
        this.capture = capture;
        this.coordinatorKeys = req.keys().wanted() && translations.get(0).coordinatorKeys();
    }

    int executions() {
        return executions(req, translations);
    }

    Translation translation(int execution) {
        return translation(translations, execution);
    }

    ReplicaSession.Work work(Engine engine) {
        return works.computeIfAbsent(engine, e -> {
            List<ReplicaSession.Entry> entries = new ArrayList<>();
            List<ReplicaSession.Capture> captures = null;
            for (int j = 0; j < executions(); j++) {
                Translation t = translation(j);
                Translation.Rendered r = t.rendered().get(e);
                entries.add(new ReplicaSession.Entry(r.sql(), req.prepared() || r.hasBinds() ? params(j, r) : null));
                if (capture && t.capture() != null) {
                    if (captures == null) {
                        captures = new ArrayList<>(java.util.Collections.nCopies(executions(), null));
                    }
                    Translation.Rendered select = t.capture().select().get(e);
                    captures.set(j, new ReplicaSession.Capture(t.capture(), select == null ? List.of() : params(j, select)));
                }
            }
            Translation.Rendered first = translations.get(0).rendered().get(e);
            return new ReplicaSession.Work(entries, coordinatorKeys ? GeneratedKeys.NONE : req.keys(),
                    translations.get(0).analysis().orderBy(), executions() == 1 ? first.guard() : null, extras, captures);
        });
    }

    /** The values of a rendered text's placeholders for one execution: the application's parameters and slots. */
    private List<Param> params(int execution, Translation.Rendered r) {
        // H2 rounds a stored timestamp to microseconds but compares a parameter at full precision.
        boolean writes = translations.get(0).analysis().kind() == StatementKind.WRITE;
        Translation t = translation(execution);
        List<Param> client = req.prepared() ? rounded(req.params().get(execution), t.paramScales()) : List.of();
        List<Param> params = new ArrayList<>(r.binds().length);
        for (int b : r.binds()) {
            params.add(b >= 0 ? (writes ? client.get(b).roundedToMicros() : client.get(b)) : slotValues.get(execution)[-1 - b]);
        }
        return params;
    }

    /** The answer with the keys the coordinator generated, when it did. */
    Answer withKeys(Answer a, Canonicalizer canon) {
        if (!coordinatorKeys) {
            return a;
        }
        if (a instanceof Answer.Count c) {
            return canon.count(c.count(), canon.table(keys.get(0)));
        }
        if (a instanceof Answer.Batch b) {
            List<Answer.Rows> done = new ArrayList<>();
            for (int i = 0; i < b.counts().length; i++) {
                done.add(canon.table(keys.get(i)));
            }
            return canon.batch(b.counts(), b.error(), done);
        }
        return a;
    }

    /** The parameters with the ones assigned to DECIMAL columns rounded as H2 rounds them. */
    static List<Param> rounded(List<Param> params, Map<Integer, Integer> scales) {
        if (scales.isEmpty()) {
            return params;
        }
        List<Param> out = new ArrayList<>(params);
        scales.forEach((k, scale) -> out.set(k, out.get(k).roundedToScale(scale)));
        return out;
    }

    /** How many executions a request makes: one, or one per batch entry. */
    static int executions(StatementRequest req, List<Translation> translations) {
        if (req.expect() != StatementRequest.Expect.BATCH) {
            return 1;
        }
        return req.prepared() ? req.params().size() : translations.size();
    }

    /** The translation an execution runs: the statement's, or a plain batch entry's own. */
    static Translation translation(List<Translation> translations, int execution) {
        return translations.size() == 1 ? translations.get(0) : translations.get(execution);
    }

    private static final Param[] NO_VALUES = new Param[0];

    /** Fixes the values of every slot of every execution: clock, random numbers, UUIDs, identity values. */
    static BoundStatement bind(StatementRequest req, List<Translation> translations, GeneratedColumns generated, boolean capture)
            throws SQLException {
        BoundStatement bound = new BoundStatement(req, translations, capture);
        java.time.LocalDateTime now = java.time.LocalDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Map<GeneratedColumns.Column, Long> advanced = new LinkedHashMap<>();
        for (int j = 0; j < bound.executions(); j++) {
            List<Translation.Slot> slots = bound.translation(j).slots();
            if (slots.isEmpty()) {
                bound.slotValues.add(NO_VALUES);
                continue;
            }
            Param[] values = new Param[slots.size()];
            Map<GeneratedColumns.Column, long[]> drawn = new HashMap<>();
            for (Translation.Slot slot : slots) {
                if (slot.kind() == GeneratedColumns.Kind.IDENTITY) {
                    drawn.merge(slot.column(), new long[1], (x, y) -> new long[x.length + 1]);
                }
            }
            for (Map.Entry<GeneratedColumns.Column, long[]> d : drawn.entrySet()) {
                long[] v = generated.draw(d.getKey(), d.getValue().length);
                d.setValue(v);
                advanced.put(d.getKey(), v[v.length - 1]);
            }
            List<Object[]> keyRows = new ArrayList<>();
            GeneratedColumns.Column identity = null;
            for (int i = 0; i < slots.size(); i++) {
                Translation.Slot slot = slots.get(i);
                values[i] = switch (slot.kind()) {
                    case TIMESTAMP -> Param.of(Param.Setter.TIMESTAMP, java.sql.Timestamp.valueOf(now));
                    case DATE -> Param.of(Param.Setter.DATE, java.sql.Date.valueOf(now.toLocalDate()));
                    case TIME -> Param.of(Param.Setter.TIME, java.sql.Time.valueOf(now.toLocalTime()));
                    case RANDOM -> Param.of(Param.Setter.DOUBLE, java.util.concurrent.ThreadLocalRandom.current().nextDouble());
                    case UUID -> Param.of(Param.Setter.STRING, java.util.UUID.randomUUID().toString());
                    case IDENTITY -> {
                        long v = drawn.get(slot.column())[slot.row()];
                        identity = slot.column();
                        boolean small = slot.column().jdbcType() != java.sql.Types.BIGINT;
                        keyRows.add(new Object[] {small ? (Object) Math.toIntExact(v) : (Object) v});
                        yield Param.of(Param.Setter.LONG, v);
                    }
                };
            }
            bound.slotValues.add(values);
            if (identity != null) {
                boolean small = identity.jdbcType() != java.sql.Types.BIGINT;
                Column col = new Column(identity.name(), identity.name(), identity.table(), "", small ? java.sql.Types.INTEGER
                        : java.sql.Types.BIGINT, small ? "INTEGER" : "BIGINT", small ? Integer.class.getName() : Long.class.getName(),
                        small ? 32 : 64, 0, java.sql.ResultSetMetaData.columnNoNulls, small ? 11 : 20, true, true);
                bound.keys.add(new ResultTable(List.of(col), keyRows));
            }
        }
        advanced.forEach((c, next) -> bound.extras.add(new ReplicaSession.Entry(GeneratedColumns.ADVANCE,
                List.of(Param.of(Param.Setter.LONG, next), Param.of(Param.Setter.STRING, c.table()), Param.of(Param.Setter.STRING, c.name())))));
        Translation first = translations.get(0);
        if (first.created() != null) {
            if (!generated.tableCreated()) {
                bound.extras.add(new ReplicaSession.Entry(GeneratedColumns.CREATE_SCHEMA, null));
                bound.extras.add(new ReplicaSession.Entry(GeneratedColumns.CREATE_TABLE, null));
            }
            for (GeneratedColumns.Column c : first.created().columns()) {
                bound.extras.add(new ReplicaSession.Entry(GeneratedColumns.INSERT, List.of(Param.of(Param.Setter.STRING, c.table()),
                        Param.of(Param.Setter.STRING, c.name()), Param.of(Param.Setter.STRING, c.kind().name()),
                        Param.of(Param.Setter.INT, c.ordinal()), Param.of(Param.Setter.INT, c.jdbcType()),
                        Param.of(Param.Setter.INT, c.always() ? 1 : 0), Param.of(Param.Setter.LONG, c.increment()),
                        Param.of(Param.Setter.LONG, first.created().firstValues().getOrDefault(c.name(), 1L)))));
            }
        }
        if (first.dropped() != null && !generated.of(first.dropped()).isEmpty()) {
            bound.extras.add(new ReplicaSession.Entry(GeneratedColumns.DELETE, List.of(Param.of(Param.Setter.STRING, first.dropped()))));
        }
        return bound;
    }
}
