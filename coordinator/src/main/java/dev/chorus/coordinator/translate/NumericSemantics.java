package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.Engine;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.sql.Types;

/**
 * H2's numeric semantics (the application dialect's) for Derby and HSQLDB, which compute AVG, decimal division
 * and casts to a shorter scale differently (measured on H2 2.3, Derby 10.16, HSQLDB 2.7):
 * <ul>
 *   <li>AVG over TINYINT, SMALLINT and INTEGER is a DOUBLE on H2, an integer on Derby and HSQLDB: the argument is
 *       cast to DOUBLE;</li>
 *   <li>AVG over BIGINT and DECIMAL(p, s) has scale s + 10 on H2 (rounded half down), 4 or s on the others:
 *       computed as the division SUM / COUNT below;</li>
 *   <li>decimal division has H2's scale {@code ls - rs + 2 * rp} rounded half down (Derby keeps up to 31 digits,
 *       HSQLDB keeps the larger operand scale, and computes 1 / 3.0 as 0): the dividend is widened so that the
 *       engine computes one digit more, truncated, and that digit is rounded the way H2 rounds, exact ties
 *       detected by multiplying back;</li>
 *   <li>CAST of a decimal to an integer or to a shorter scale rounds half up on H2 and truncates elsewhere; CAST of
 *       a DOUBLE to an integer is Java's {@code Math.round} on H2.</li>
 * </ul>
 * Types come from the {@link SchemaCatalog} (through jOOQ's meta lookups) and from literals; where a type is not
 * known the expression is left as it is, and engines that then disagree give no quorum rather than an answer.
 */
final class NumericSemantics {
    /** Derby's largest DECIMAL precision. */
    private static final int DERBY_MAX_PRECISION = 31;
    /** The decimal place of the unit that tips HSQLDB's half-down ties up. */
    private static final int HSQLDB_NUDGE_SCALE = 30;
    /** A bound for HSQLDB and H2, which allow far more. */
    private static final int MAX_PRECISION = 100;

    private NumericSemantics() {
    }

    /** A numeric type as H2 computes it: an exact integer (precision in decimal digits), a DECIMAL, or a DOUBLE. */
    record NumType(Kind kind, int precision, int scale) {
        enum Kind { INTEGER, DECIMAL, DOUBLE }

        boolean exact() {
            return kind != Kind.DOUBLE;
        }

        static NumType integer(int digits) {
            return new NumType(Kind.INTEGER, digits, 0);
        }

        static final NumType DOUBLE = new NumType(Kind.DOUBLE, 0, 0);
    }

    /** The H2 type of a numeric expression, or null when it is not known (or not numeric). */
    static NumType typeOf(Field<?> f) {
        if (f instanceof Param<?> p) {
            if (!p.isInline()) {
                return null;
            }
            Object v = p.getValue();
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                long l = ((Number) v).longValue();
                return NumType.integer(l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? 10 : 19);
            }
            if (v instanceof BigDecimal d) {
                return new NumType(NumType.Kind.DECIMAL, Math.max(d.precision(), d.scale()), Math.max(d.scale(), 0));
            }
            if (v instanceof Double || v instanceof Float) {
                return NumType.DOUBLE;
            }
            return null;
        }
        if (f instanceof TableField<?, ?> tf) {
            return tf.getTable() == null ? null : ofDataType(f.getDataType());
        }
        if (f instanceof QOM.Cast<?> c) {
            return ofDataType(c.$dataType());
        }
        if (f instanceof QOM.Neg<?> n) {
            return typeOf(n.$arg1());
        }
        if (f instanceof QOM.Add<?> a) {
            return additive(operand(a.$arg1(), a.$arg2()), operand(a.$arg2(), a.$arg1()));
        }
        if (f instanceof QOM.Sub<?> s) {
            return additive(operand(s.$arg1(), s.$arg2()), operand(s.$arg2(), s.$arg1()));
        }
        if (f instanceof QOM.Abs<?> a) {
            return typeOf(a.$value());
        }
        if (f instanceof QOM.Nullif<?> n) {
            return typeOf(n.$value());
        }
        if (f instanceof QOM.Coalesce<?> c) {
            NumType t = null;
            for (Field<?> arg : c.$arg1()) {
                NumType u = typeOf(arg);
                if (u == null || t != null && !t.equals(u)) {
                    return null;
                }
                t = u;
            }
            return t;
        }
        if (f instanceof QOM.Mul<?> m) {
            return binary(operand(m.$arg1(), m.$arg2()), operand(m.$arg2(), m.$arg1()),
                    (l, r) -> new NumType(NumType.Kind.DECIMAL, l.precision() + r.precision(), l.scale() + r.scale()));
        }
        if (f instanceof QOM.Div<?> d) {
            // (H2 types a placeholder divisor as an unbounded NUMERIC, not as the other operand)
            return quotient(typeOf(d.$arg1()), typeOf(d.$arg2()));
        }
        if (f instanceof QOM.Min<?> m) {
            return typeOf(m.$field());
        }
        if (f instanceof QOM.Max<?> m) {
            return typeOf(m.$field());
        }
        if (f instanceof QOM.Sum s) {
            NumType t = typeOf(s.$field());
            if (t == null) {
                return null;
            }
            return switch (t.kind()) {
                case INTEGER -> t.precision() <= 10 ? NumType.integer(19) : new NumType(NumType.Kind.DECIMAL, 29, 0);
                case DECIMAL -> new NumType(NumType.Kind.DECIMAL, t.precision() + 10, t.scale());
                case DOUBLE -> NumType.DOUBLE;
            };
        }
        if (f instanceof QOM.Avg a) {
            NumType t = typeOf(a.$field());
            if (t == null) {
                return null;
            }
            return t.kind() == NumType.Kind.DOUBLE || (t.kind() == NumType.Kind.INTEGER && t.precision() <= 10) ? NumType.DOUBLE
                    : new NumType(NumType.Kind.DECIMAL, t.precision() + 10, t.scale() + 10);
        }
        if (f instanceof QOM.Count) {
            return NumType.integer(19);
        }
        return null;
    }

    /** An operand's type; a placeholder in a sum, difference or product takes the other operand's, as H2 types it. */
    static NumType operand(Field<?> f, Field<?> other) {
        return f instanceof Param<?> p && !p.isInline() && !(other instanceof Param<?>) ? typeOf(other) : typeOf(f);
    }

    private static NumType ofDataType(DataType<?> t) {
        return switch (t.getSQLType()) {
            case Types.TINYINT -> NumType.integer(3);
            case Types.SMALLINT -> NumType.integer(5);
            case Types.INTEGER -> NumType.integer(10);
            case Types.BIGINT -> NumType.integer(19);
            case Types.DECIMAL, Types.NUMERIC -> t.hasPrecision() && t.precision() > 0
                    ? new NumType(NumType.Kind.DECIMAL, t.precision(), t.hasScale() ? t.scale() : 0) : null;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> NumType.DOUBLE;
            default -> null;
        };
    }

    /**
     * H2's type of a binary operation: unknown if an operand is, DOUBLE if one is approximate, the wider integer for
     * two integers, else {@code decimal} of the two (integers taken as DECIMAL(digits, 0)).
     */
    private static NumType binary(NumType l, NumType r, java.util.function.BinaryOperator<NumType> decimal) {
        if (l == null || r == null) {
            return null;
        }
        if (!l.exact() || !r.exact()) {
            return NumType.DOUBLE;
        }
        if (l.kind() == NumType.Kind.INTEGER && r.kind() == NumType.Kind.INTEGER) {
            return NumType.integer(Math.max(l.precision(), r.precision()));
        }
        return decimal.apply(l, r);
    }

    /** H2's type of a sum or difference. */
    private static NumType additive(NumType l, NumType r) {
        return binary(l, r, (a, b) -> {
            int scale = Math.max(a.scale(), b.scale());
            int integer = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
            return new NumType(NumType.Kind.DECIMAL, integer + scale + 1, scale);
        });
    }

    /** H2's type of a quotient (BinaryOperation.optimizeNumeric in H2 2.3). */
    static NumType quotient(NumType l, NumType r) {
        return binary(l, r, (a, b) -> {
            int scale = Math.max(0, a.scale() - b.scale() + 2 * b.precision());
            return new NumType(NumType.Kind.DECIMAL, a.precision() + b.scale() - a.scale() + scale, scale);
        });
    }

    /** Whether this engine needs H2's numeric semantics emulated. */
    static boolean emulates(Engine e) {
        return e == Engine.DERBY || e == Engine.HSQLDB;
    }

    /**
     * A DOUBLE rounded to a whole number half away from zero, as H2 rounds (ROUND(2.5) = 3, ROUND(-2.5) = -3), in SQL
     * every engine computes exactly: x - floor(x) is exact in floating point, so the comparison with 0.5 is too.
     */
    static Field<Double> roundHalfAwayFromZero(Field<?> x) {
        return DSL.field("case when {0} < 0 then -(floor(-{0}) + case when -{0} - floor(-{0}) >= 0.5 then 1 else 0 end)"
                + " else floor({0}) + case when {0} - floor({0}) >= 0.5 then 1 else 0 end end", SQLDataType.DOUBLE, x);
    }

    /** Thrown when an engine cannot compute what H2 computes; the statement is rejected, never sent. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The replacement of a query part for an engine, or null to render it as it is. Arguments of the replacement
     * are the original parts, which the caller's visitor meets (and rewrites) again.
     *
     * @throws Unsupported when the engine cannot compute H2's answer (Derby's 31 decimal digits)
     */
    static Field<?> rewrite(QueryPart p, Engine e) {
        if (p instanceof QOM.Avg a) {
            NumType t = typeOf(a.$field());
            if (t == null) {
                // an integer argument would average to an integer here and to a DOUBLE on H2
                throw new Unsupported("the type of " + a.$field() + " is not known to Chorus, and AVG depends on it (an"
                        + " integer average is a DOUBLE on H2 and an integer on " + e.displayName() + "); cast the argument,"
                        + " for example AVG(CAST(x AS DOUBLE))");
            }
            if (t.kind() == NumType.Kind.DOUBLE) {
                return null;
            }
            if (t.kind() == NumType.Kind.INTEGER && t.precision() <= 10) {
                Field<Double> arg = DSL.cast(a.$field(), SQLDataType.DOUBLE);
                return a.$distinct() ? DSL.avgDistinct(arg) : DSL.avg(arg);
            }
            NumType avg = typeOf(a);
            Field<?> sum = a.$distinct() ? DSL.sumDistinct(a.$field()) : DSL.sum(a.$field());
            Field<Integer> count = a.$distinct() ? DSL.countDistinct(a.$field()) : DSL.count(a.$field());
            // H2 types the sum with 10 more integer digits; on Derby leave what room the quotient's scale leaves
            int integerDigits = t.precision() - t.scale() + 10;
            if (e == Engine.DERBY) {
                integerDigits = Math.max(t.precision() - t.scale(), Math.min(integerDigits, DERBY_MAX_PRECISION - avg.scale() - 1));
            }
            NumType sumType = new NumType(NumType.Kind.DECIMAL, integerDigits + t.scale(), t.scale());
            return divide(sum, DSL.nullif(count, DSL.inline(0)), sumType, NumType.integer(19), avg, e, p);
        }
        if (p instanceof QOM.Div<?> d) {
            NumType l = typeOf(d.$arg1());
            NumType r = typeOf(d.$arg2());
            NumType q = quotient(l, r);
            if (q == null || q.kind() != NumType.Kind.DECIMAL) {
                return null;
            }
            return divide(d.$arg1(), d.$arg2(), l, r, q, e, p);
        }
        if (p instanceof QOM.Cast<?> c) {
            NumType from = typeOf(c.$field());
            NumType to = ofDataType(c.$dataType());
            if (from == null || to == null || to.kind() == NumType.Kind.DOUBLE || from.kind() == NumType.Kind.INTEGER) {
                return null;
            }
            Field<?> x = c.$field();
            if (from.kind() == NumType.Kind.DOUBLE && to.kind() == NumType.Kind.INTEGER) {
                // H2 uses Math.round (half up towards positive infinity), exactly: x + 0.5 could round
                return DSL.cast(DSL.field("floor({0}) + case when {0} - floor({0}) >= 0.5 then 1 else 0 end",
                        SQLDataType.DOUBLE, x), c.$dataType());
            }
            if (from.kind() == NumType.Kind.DOUBLE && to.scale() == 0) {
                // H2 rounds half up (away from zero); a double with a fraction of exactly one half is exact
                return DSL.cast(roundHalfAwayFromZero(x), c.$dataType());
            }
            if (from.kind() == NumType.Kind.DOUBLE) {
                throw new Unsupported("H2 rounds a DOUBLE cast to " + c.$dataType().getCastTypeName() + " from its shortest"
                        + " decimal form, which " + e.displayName() + " cannot reproduce; cast to DOUBLE or to a DECIMAL"
                        + " without fraction, or round in the application");
            }
            if (from.scale() > to.scale() && e != Engine.POSTGRESQL) {
                // (PostgreSQL's CAST rounds half away from zero, as H2's does)
                return halfUp(x, to.scale(), c.$dataType(), from.scale(), e);
            }
            return null;
        }
        return null;
    }

    /**
     * {@code x} rounded half up (away from zero) to {@code scale}, as H2's casts and assignments do: Derby's CAST
     * truncates, as HSQLDB's does to an integer; HSQLDB's CAST to a DECIMAL rounds half down (measured), so there one
     * unit below x's own last digit tips ties up.
     */
    static Field<?> halfUp(Field<?> x, int scale, DataType<?> type, int fromScale, Engine e) {
        boolean truncates = e == Engine.DERBY || type.getSQLType() != Types.DECIMAL && type.getSQLType() != Types.NUMERIC;
        // HSQLDB: below x's last digit, whatever scale HSQLDB computed x with (placeholders widen it)
        Field<?> nudge = truncates ? unit(5, scale + 1) : unit(1, Math.max(fromScale + 1, HSQLDB_NUDGE_SCALE));
        return DSL.cast(DSL.field("case when {0} < 0 then {0} - {1} else {0} + {1} end", SQLDataType.DECIMAL, x, nudge), type);
    }

    /** {@code x} truncated to the scale of {@code type}: Derby's CAST truncates, HSQLDB needs TRUNCATE first. */
    private static String truncated(String x, DataType<BigDecimal> type, Engine e) {
        String t = e == Engine.DERBY ? x : (e == Engine.POSTGRESQL ? "trunc(" : "truncate(") + x + ", " + type.scale() + ")";
        return "cast(" + t + " as decimal(" + type.precision() + ", " + type.scale() + "))";
    }

    /**
     * {@code a / b} with H2's result type {@code q}, rounded half down: the engine computes the quotient with one
     * digit more (truncated); an exact tie (that digit is 5 and the truncated quotient times b is a) rounds towards
     * zero, anything else half up.
     *
     * @throws Unsupported when the engine cannot hold the digits (Derby's 31)
     */
    private static Field<?> divide(Field<?> a, Field<?> b, NumType l, NumType r, NumType q, Engine e, QueryPart what) {
        int scale = q.scale() + 1;
        int integerDigits = Math.max(1, l.precision() - l.scale()) + r.scale();
        Field<?> t;
        if (e == Engine.DERBY) {
            // Derby's quotient scale is 31 - lp + ls - rs: with lp = 31 it is ls - rs.
            int widened = scale + r.scale();
            if (widened + integerDigits > DERBY_MAX_PRECISION) {
                throw new Unsupported("H2 computes " + what + " with " + q.scale() + " decimal places and up to "
                        + integerDigits + " integer digits, more than Derby's " + DERBY_MAX_PRECISION + "; cast the operands"
                        + " to a DECIMAL with fewer digits");
            }
            t = DSL.field("{0} / {1}", SQLDataType.DECIMAL, DSL.cast(a, SQLDataType.DECIMAL(DERBY_MAX_PRECISION, widened)), b);
        } else if (e == Engine.POSTGRESQL) {
            // PostgreSQL rounds its quotient at a scale of its own choosing; div() is the exact quotient truncated
            // to an integer, so a * 10^scale div b, times 10^-scale, is the quotient truncated to scale places
            t = DSL.field("div({0} * {1}, {2}) * {3}", SQLDataType.DECIMAL, a, DSL.field(BigDecimal.TEN.pow(scale).toPlainString(),
                    SQLDataType.DECIMAL), b, unit(1, scale));
        } else {
            // HSQLDB's quotient scale is the larger operand scale; it truncates.
            int precision = Math.min(MAX_PRECISION, integerDigits + scale);
            t = DSL.field("{0} / {1}", SQLDataType.DECIMAL, DSL.cast(a, SQLDataType.DECIMAL(precision, scale)), b);
        }
        int precision = Math.min(e == Engine.DERBY ? DERBY_MAX_PRECISION : MAX_PRECISION, Math.max(q.precision(), q.scale() + 1));
        DataType<BigDecimal> result = SQLDataType.DECIMAL(precision, q.scale());
        String trunc0 = truncated("{0}", result, e);
        String up = truncated("{0} + {1}", result, e);
        String down = truncated("{0} - {1}", result, e);
        return DSL.field("case when abs({0} - " + trunc0 + ") = {1} and {0} * {2} = {3} then " + trunc0
                + " when {0} < 0 then " + down + " else " + up + " end", result, t, unit(5, scale), b, a);
    }

    /** {@code digit} in the given decimal place, as an exact decimal literal (jOOQ would write 5E-23, a DOUBLE on Derby). */
    private static Field<?> unit(int digit, int scale) {
        return DSL.field(BigDecimal.valueOf(digit, scale).toPlainString(), SQLDataType.DECIMAL);
    }
}
