package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import dev.chorus.coordinator.replica.DerbyFunctions;
import dev.chorus.coordinator.translate.GeneratedColumns.Kind;
import dev.chorus.coordinator.translate.Translation.Slot;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.TableField;
import org.jooq.VisitContext;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.SQLDataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.chorus.coordinator.translate.Translator.ARITHMETIC_PARAMETER_SCALE;
import static dev.chorus.coordinator.translate.Translator.DATE_SLOT;
import static dev.chorus.coordinator.translate.Translator.RANDOM_SLOT;
import static dev.chorus.coordinator.translate.Translator.TIMESTAMP_SLOT;
import static dev.chorus.coordinator.translate.Translator.TIME_SLOT;
import static dev.chorus.coordinator.translate.Translator.UUID_SLOT;

/**
 * The rewrites applied while rendering a statement for one engine (a jOOQ visit listener): the application
 * dialect's NULL ordering, the coordinator's values for the clock, random numbers and UUIDs, H2's CONCAT, LIKE
 * escape, EXTRACT(SECOND), GREATEST/LEAST, numeric semantics ({@link NumericSemantics}), exact VARCHAR equality,
 * DECIMAL assignment rounding, placeholders in arithmetic, Derby's REPLACE; and what cannot be rendered for the
 * engine ({@link #rejection}). One instance per rendering.
 */
final class Rewriter extends org.jooq.impl.DefaultVisitListener {
    /** Rewrite stages, in order: a part met again inside its replacement gets only the later ones. */
    private static final int STAGE_PARAMETER = 0;
    private static final int STAGE_ASSIGNMENT = 1;
    private static final int STAGE_EXPRESSION = 2;
    private final SQLDialect dialect;
    private final Engine engine;
    private final Translator.Builder b;
    private final boolean ddl;
    /** Parts being rendered through a replacement (which may contain them again) and the stage that made it. */
    private final Map<QueryPart, Integer> active = new java.util.IdentityHashMap<>();
    /** Replacement -> the part it replaces and that part's stage before, restored when the replacement ends. */
    private final Map<QueryPart, Undo> replacements = new java.util.IdentityHashMap<>();
    String rejection;

    Rewriter(SQLDialect dialect, Engine engine, Translator.Builder b, boolean ddl) {
        this.dialect = dialect;
        this.engine = engine;
        this.b = b;
        this.ddl = ddl;
    }

    @Override
    public void visitStart(VisitContext ctx) {
        QueryPart p = ctx.queryPart();
        // Inside its own replacement a part is met again: only the later stages apply to it there.
        Integer done = active.get(p);
        Replacement r = rewrite(p, done == null ? 0 : done + 1);
        if (r != null) {
            active.put(p, r.stage());
            replacements.put(r.part(), new Undo(p, done));
            ctx.queryPart(r.part());
        }
    }

    @Override
    public void visitEnd(VisitContext ctx) {
        Undo undo = replacements.remove(ctx.queryPart());
        if (undo != null) {
            if (undo.stage() == null) {
                active.remove(undo.original());
            } else {
                active.put(undo.original(), undo.stage());
            }
        }
    }

    private record Replacement(QueryPart part, int stage) {
    }

    private record Undo(QueryPart original, Integer stage) {
    }

    /** The replacement of a part for this engine by the first rewrite stage from {@code from} that applies. */
    private Replacement rewrite(QueryPart p, int from) {
        if (from <= STAGE_PARAMETER && h2Semantics() && (p instanceof QOM.Add<?> || p instanceof QOM.Sub<?> || p instanceof QOM.Mul<?>)) {
            arithmeticParameters((Field<?>) p);
        }
        if (from <= STAGE_PARAMETER && NumericSemantics.emulates(engine) && p instanceof Param<?> && b.decimalOperands.contains(p)) {
            // Derby and HSQLDB would give the placeholder the other operand's type, truncating its value
            return new Replacement(DSL.cast((Field<?>) p, SQLDataType.DECIMAL(31, ARITHMETIC_PARAMETER_SCALE)), STAGE_PARAMETER);
        }
        DataType<?> decimal = from <= STAGE_ASSIGNMENT && h2Semantics() && NumericSemantics.emulates(engine)
                ? b.decimalTargets.get(p) : null;
        if (decimal != null) {
            NumericSemantics.NumType type = NumericSemantics.typeOf((Field<?>) p);
            return new Replacement(NumericSemantics.halfUp((Field<?>) p, decimal.scale(), decimal, type.scale(), engine),
                    STAGE_ASSIGNMENT);
        }
        if (from > STAGE_EXPRESSION) {
            return null;
        }
        QueryPart r = rewriteExpression(p);
        return r == null ? null : new Replacement(r, STAGE_EXPRESSION);
    }

    private static boolean isZero(Field<?> decimals) {
        return decimals == null || decimals instanceof Param<?> d && d.isInline() && d.getValue() instanceof Number n && n.intValue() == 0;
    }

    private static boolean isDouble(Field<?> f) {
        int t = f.getDataType().getSQLType();
        return t == java.sql.Types.DOUBLE || t == java.sql.Types.FLOAT || t == java.sql.Types.REAL;
    }

    /** The rewrites of single expressions and clauses. */
    private QueryPart rewriteExpression(QueryPart p) {
        if (!ddl && p instanceof SortField<?> sf && sf.$nullOrdering() == null && !notNull(sf.$field())) {
            // (not in DDL: index columns take no NULLS FIRST/LAST on Derby and HSQLDB)
            return sf.$nullOrdering(nullsLow() == (sf.$sortOrder() != SortOrder.DESC)
                    ? QOM.NullOrdering.NULLS_FIRST : QOM.NullOrdering.NULLS_LAST);
        } else if (!ddl && p instanceof QOM.CurrentTimestamp<?>) {
            return DSL.cast(b.slot(TIMESTAMP_SLOT, new Slot(Kind.TIMESTAMP, null, 0)), SQLDataType.TIMESTAMP);
        } else if (!ddl && p instanceof QOM.CurrentDate<?>) {
            return DSL.cast(b.slot(DATE_SLOT, new Slot(Kind.DATE, null, 0)), SQLDataType.DATE);
        } else if (!ddl && p instanceof QOM.CurrentTime<?>) {
            return DSL.cast(b.slot(TIME_SLOT, new Slot(Kind.TIME, null, 0)), SQLDataType.TIME);
        } else if (!ddl && p instanceof QOM.Rand) {
            return DSL.cast(b.slot(RANDOM_SLOT, new Slot(Kind.RANDOM, null, 0)), SQLDataType.DOUBLE);
        } else if (!ddl && p instanceof QOM.Uuid) {
            return DSL.cast(b.slot(UUID_SLOT, new Slot(Kind.UUID, null, 0)), SQLDataType.VARCHAR(36));
        } else if (p instanceof QOM.Function<?> f && Placeholders.CONCAT_FUNCTION.equals(f.getName())) {
            return concatIgnoringNulls(f.$args());
        } else if (backslashEscape() && p instanceof QOM.Like l && l.$escape() == null) {
            return DSL.condition("{0} like {1} escape '\\'", l.$value(), l.$pattern());
        } else if (backslashEscape() && p instanceof QOM.NotLike l && l.$escape() == null) {
            return DSL.condition("{0} not like {1} escape '\\'", l.$value(), l.$pattern());
        } else if (h2Semantics() && engine != Engine.H2 && p instanceof QOM.Extract x && x.$datePart() == org.jooq.DatePart.SECOND) {
            // H2's EXTRACT(SECOND ...) and SECOND() are whole seconds; Derby and HSQLDB include the fraction.
            return DSL.field("cast(floor({0}) as int)", Integer.class, p);
        } else if (h2Semantics() && engine != Engine.H2 && (p instanceof QOM.Greatest<?> || p instanceof QOM.Least<?>)) {
            // H2's GREATEST and LEAST are NULL when any argument is; jOOQ's emulations skip NULLs.
            List<? extends Field<?>> args = p instanceof QOM.Greatest<?> g ? g.$arg1() : ((QOM.Least<?>) p).$arg1();
            StringBuilder t = new StringBuilder("case when ");
            List<QueryPart> parts = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                t.append(i == 0 ? "" : " or ").append('{').append(i).append("} is null");
                parts.add(args.get(i));
            }
            t.append(" then null else {").append(args.size()).append("} end");
            parts.add(p);
            return DSL.field(t.toString(), ((Field<?>) p).getDataType(), parts.toArray(new QueryPart[0]));
        } else if (h2Semantics() && NumericSemantics.emulates(engine) && (p instanceof QOM.Eq<?> || p instanceof QOM.Ne<?>)) {
            return exactVarcharComparison(p);
        } else if (h2Semantics() && NumericSemantics.emulates(engine) && (p instanceof QOM.InList<?> || p instanceof QOM.NotInList<?>)) {
            return exactVarcharList(p);
        } else if (h2Semantics() && (engine == Engine.HSQLDB || engine == Engine.POSTGRESQL) && p instanceof QOM.Round<?> r
                && isZero(r.$decimals()) && isDouble(r.$value())) {
            // H2 rounds a DOUBLE half away from zero (ROUND(2.5) = 3); HSQLDB and PostgreSQL to the even neighbour
            return NumericSemantics.roundHalfAwayFromZero(r.$value());
        } else if (h2Semantics() && (engine == Engine.DERBY || engine == Engine.POSTGRESQL) && p instanceof QOM.Cast<?> c
                && c.$dataType().isString() && c.$field().getDataType().getSQLType() == java.sql.Types.BOOLEAN) {
            // H2 (and HSQLDB) write a boolean as TRUE / FALSE, Derby and PostgreSQL as true / false
            return DSL.cast(DSL.field("case when {0} then 'TRUE' when not {0} then 'FALSE' end", String.class, c.$field()),
                    c.$dataType());
        } else if (h2Semantics() && (NumericSemantics.emulates(engine) || engine == Engine.POSTGRESQL)
                && (p instanceof QOM.Avg || p instanceof QOM.Div<?> || p instanceof QOM.Cast<?>)) {
            try {
                return NumericSemantics.rewrite(p, engine);
            } catch (NumericSemantics.Unsupported e) {
                rejection = e.getMessage();
            }
        } else if (engine == Engine.DERBY && p instanceof QOM.Replace r) {
            // Derby has no REPLACE: Chorus installs H2's as a Java function (replica.DerbyFunctions)
            return DSL.field("{0}({1}, {2}, {3})", String.class, DSL.name(DerbyFunctions.SCHEMA, "REPLACE"),
                    r.$string(), r.$search(), r.$replace() == null ? DSL.inline("") : r.$replace());
        } else if (engine == Engine.DERBY && p instanceof QOM.Power) {
            // jOOQ emulates POWER as EXP(LN(x) * y) on Derby, which fails for x <= 0
            rejection = "Derby has no POWER function (jOOQ's emulation fails for arguments of 0 or less)";
        } else if (engine == Engine.HSQLDB && p instanceof QOM.RowNumber) {
            rejection = "jOOQ renders ROW_NUMBER() OVER (...) as ROWNUM() for HSQLDB, which ignores the window";
        }
        return null;
    }

    /**
     * A placeholder added to, subtracted from or multiplied with an operand of known type: H2 converts an
     * integer operand's partner to that integer type (rounding half up), and computes with a decimal operand's
     * partner at its own scale, where Derby and HSQLDB would truncate it to the operand's type. The coordinator
     * rounds the value alike for every engine (to an integer, or to {@value #ARITHMETIC_PARAMETER_SCALE} places)
     * and Derby and HSQLDB get it as a DECIMAL of that scale.
     */
    private void arithmeticParameters(Field<?> op) {
        List<Field<?>> args = op instanceof QOM.Add<?> a ? List.of(a.$arg1(), a.$arg2())
                : op instanceof QOM.Sub<?> d ? List.of(d.$arg1(), d.$arg2()) : List.of(((QOM.Mul<?>) op).$arg1(), ((QOM.Mul<?>) op).$arg2());
        for (int i = 0; i < 2; i++) {
            if (args.get(i) instanceof Param<?> param && !param.isInline() && param.getParamName() != null
                    && param.getParamName().startsWith(Placeholders.CLIENT_PREFIX) && !(args.get(1 - i) instanceof Param<?>)) {
                Field<?> other = args.get(1 - i);
                NumericSemantics.NumType t = NumericSemantics.typeOf(other);
                int k = Integer.parseInt(param.getParamName().substring(Placeholders.CLIENT_PREFIX.length()));
                if (t != null && t.kind() == NumericSemantics.NumType.Kind.INTEGER) {
                    b.paramScales.merge(k, 0, Math::min);
                } else if (t != null && t.kind() == NumericSemantics.NumType.Kind.DECIMAL) {
                    b.paramScales.merge(k, ARITHMETIC_PARAMETER_SCALE, Math::min);
                    b.decimalOperands.add(param);
                }
            }
        }
    }

    /**
     * H2 compares VARCHAR values exactly; Derby and HSQLDB ignore trailing spaces ('a' = 'a '). An equality
     * with a VARCHAR column also compares the lengths there (the equality itself still uses indexes).
     */
    private Condition exactVarcharComparison(QueryPart p) {
        boolean eq = p instanceof QOM.Eq<?>;
        Field<?> l = eq ? ((QOM.Eq<?>) p).$arg1() : ((QOM.Ne<?>) p).$arg1();
        Field<?> r = eq ? ((QOM.Eq<?>) p).$arg2() : ((QOM.Ne<?>) p).$arg2();
        if (!(varcharColumn(l) && stringOperand(r) || varcharColumn(r) && stringOperand(l))) {
            return null;
        }
        Field<Integer> ll = DSL.charLength(typedForDerby(l));
        Field<Integer> rl = DSL.charLength(typedForDerby(r));
        return eq ? ((Condition) p).and(ll.eq(rl)) : ((Condition) p).or(ll.ne(rl));
    }

    /**
     * {@code x IN (...)} and {@code x NOT IN (...)} with a VARCHAR column, compared exactly as H2 does: the IN keeps its
     * index use and is narrowed by exact equalities; NOT IN becomes NOT (x = a OR x = b ...), which has its NULL
     * semantics.
     */
    private Condition exactVarcharList(QueryPart p) {
        boolean in = p instanceof QOM.InList<?>;
        Field<?> x = in ? ((QOM.InList<?>) p).$field() : ((QOM.NotInList<?>) p).$field();
        List<? extends Field<?>> list = in ? ((QOM.InList<?>) p).$list() : ((QOM.NotInList<?>) p).$list();
        if (!varcharColumn(x) || list.isEmpty() || !list.stream().allMatch(Rewriter::stringOperand)) {
            return null;
        }
        List<Condition> equalities = new ArrayList<>();
        for (Field<?> e : list) {
            equalities.add(DSL.condition("{0} = {1}", x, e).and(DSL.charLength(typedForDerby(x)).eq(DSL.charLength(typedForDerby(e)))));
        }
        return in ? ((Condition) p).and(DSL.or(equalities)) : DSL.not(DSL.or(equalities));
    }

    private static boolean varcharColumn(Field<?> f) {
        // (jOOQ gives CHAR the JDBC type VARCHAR too; its type name tells them apart)
        return f instanceof TableField<?, ?> tf && tf.getTable() != null && "varchar".equalsIgnoreCase(f.getDataType().getTypeName());
    }

    private static boolean stringOperand(Field<?> f) {
        if (f instanceof Param<?> p) {
            return !p.isInline() || p.getValue() instanceof String;
        }
        return varcharColumn(f);
    }

    /** Derby cannot type a bare placeholder inside a function. */
    @SuppressWarnings("unchecked")
    private Field<String> typedForDerby(Field<?> f) {
        return engine == Engine.DERBY && f instanceof Param<?> p && !p.isInline() ? DSL.cast(f, SQLDataType.VARCHAR(32672))
                : (Field<String>) f;
    }

    /**
     * A column that cannot be NULL needs no NULL ordering (which would keep Derby from reading an index in
     * order), unless an outer join can make it NULL.
     */
    private boolean notNull(Field<?> f) {
        return b.notNullSort.contains(f) || !b.outerJoin && f instanceof TableField<?, ?> tf && tf.getTable() != null
                && !f.getDataType().nullable() && f.getDataType().getSQLDataType() != SQLDataType.OTHER;
    }

    /** Whether NULL sorts before every value ascending in the application dialect (H2, HSQLDB). */
    private boolean nullsLow() {
        return dialect.family() == SQLDialect.H2 || dialect.family() == SQLDialect.HSQLDB;
    }

    private boolean h2Semantics() {
        return dialect.family() == SQLDialect.H2;
    }

    /** H2's LIKE escapes with a backslash by default; the other engines have no default escape character. */
    private boolean backslashEscape() {
        return dialect.family() == SQLDialect.H2 && engine != Engine.H2;
    }

    /** CONCAT ignores NULL arguments (and is '' when all are NULL) in H2; || is NULL when any operand is. */
    private Field<String> concatIgnoringNulls(List<? extends Field<?>> args) {
        StringBuilder template = new StringBuilder("(");
        List<QueryPart> parts = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            template.append(i == 0 ? "" : " || ").append('{').append(i).append('}');
            parts.add(DSL.coalesce(DSL.cast(args.get(i), SQLDataType.VARCHAR), DSL.inline("")));
        }
        return DSL.field(template.append(')').toString(), String.class, parts.toArray(new QueryPart[0]));
    }
}
