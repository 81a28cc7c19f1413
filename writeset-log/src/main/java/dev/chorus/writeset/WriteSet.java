package dev.chorus.writeset;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective write set of one committed transaction: the last change of each row it touched, in the order of
 * those last changes. It is what the log holds, never the application's SQL.
 *
 * <p>Its SQL form ({@link #toSql()}) is portable, human-readable and canonical: for each change a
 * {@code DELETE FROM "T" WHERE "K" = key;} and, unless the row was deleted, an {@code INSERT INTO "T" ("A", "B")
 * VALUES (a, b);} (once per copy of a row of a table without a primary key), one statement per line, identifiers double-quoted as the catalog spells them, values as standard
 * SQL literals (exact numbers plain, approximate numbers with an exponent, {@code X'..'} for bytes, typed
 * {@code DATE}/{@code TIME}/{@code TIMESTAMP}/{@code TIMESTAMP WITH TIME ZONE} literals). Correct replicas of any
 * engines produce the same text byte for byte, so its SHA-256 ({@link #digest()}) is what replicas vote on;
 * {@link #parse(String)} reads it back for reduction and replay. Immutable.
 *
 * @param changes the last change of each row, in the order of those changes
 */
public record WriteSet(List<RowChange> changes) {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Always with seconds ({@code 10:15:00}), a fraction only when there is one. */
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ISO_LOCAL_TIME;
    /** {@code +00:00}, never {@code Z}: every engine reads that form. */
    private static final java.time.format.DateTimeFormatter OFFSET = java.time.format.DateTimeFormatter.ofPattern("xxx");

    public WriteSet {
        changes = List.copyOf(reduce(changes));
    }

    public static final WriteSet EMPTY = new WriteSet(List.of());

    /** Keeps the last change of each row, in the order of those last changes. */
    public static List<RowChange> reduce(Collection<RowChange> changes) {
        Map<RowChange.RowId, RowChange> last = new LinkedHashMap<>();
        for (RowChange c : changes) {
            RowChange.RowId id = c.id();
            last.remove(id);
            last.put(id, c);
        }
        return new ArrayList<>(last.values());
    }

    /** This write set followed by a later one, reduced: the newest image of each row over both. */
    public WriteSet then(WriteSet later) {
        List<RowChange> all = new ArrayList<>(changes);
        all.addAll(later.changes);
        return new WriteSet(all);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The canonical SQL text: what the log stores and replicas vote on. */
    public String toSql() {
        StringBuilder sb = new StringBuilder();
        for (RowChange c : changes) {
            sb.append("DELETE FROM ").append(tableName(c.table())).append(" WHERE ");
            List<Object> key = c.key();
            for (int i = 0; i < c.keyColumns().size(); i++) {
                sb.append(i == 0 ? "" : " AND ").append(identifier(c.keyColumns().get(i)));
                Object v = key.get(i);
                if (v == null) {
                    sb.append(" IS NULL");
                } else {
                    sb.append(" = ").append(literal(v));
                }
            }
            sb.append(";\n");
            for (int copy = 0; copy < c.copies(); copy++) {
                sb.append("INSERT INTO ").append(tableName(c.table())).append(" (");
                for (int i = 0; i < c.columns().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(identifier(c.columns().get(i)));
                }
                sb.append(") VALUES (");
                List<Object> image = c.image();
                for (int i = 0; i < image.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(literal(image.get(i)));
                }
                sb.append(");\n");
            }
        }
        return sb.toString();
    }

    public byte[] toBytes() {
        return toSql().getBytes(StandardCharsets.UTF_8);
    }

    /** The SHA-256 of the canonical SQL text. */
    public Digest digest() {
        byte[] b = toBytes();
        return Digest.sha256(b, 0, b.length);
    }

    /**
     * A table's name as the text writes it: each part of a schema-qualified name ({@code S.T}, parts separated by
     * '.') double-quoted on its own.
     */
    public static String tableName(String table) {
        StringBuilder sb = new StringBuilder();
        for (String part : table.split("\\.", -1)) {
            sb.append(sb.length() == 0 ? "" : ".").append(identifier(part));
        }
        return sb.toString();
    }

    /** A double-quoted identifier, quotes doubled. */
    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A value as a standard SQL literal (see the class comment). */
    public static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("no SQL literal for the double " + d);
            }
            // an approximate literal always has an exponent: 1.5E0, 1.0E-7
            String s = Double.toString(d);
            return s.contains("E") ? s : s + "E0";
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof byte[] b) {
            return "X'" + HEX.formatHex(b) + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof LocalDate d) {
            return "DATE '" + d + "'";
        }
        if (v instanceof LocalTime t) {
            return "TIME '" + TIME.format(t) + "'";
        }
        if (v instanceof LocalDateTime t) {
            return "TIMESTAMP '" + t.toLocalDate() + " " + TIME.format(t.toLocalTime()) + "'";
        }
        if (v instanceof OffsetDateTime t) {
            return "TIMESTAMP WITH TIME ZONE '" + t.toLocalDate() + " " + TIME.format(t.toLocalTime()) + OFFSET.format(t) + "'";
        }
        throw new IllegalArgumentException("no SQL literal for " + v.getClass().getName());
    }

    /**
     * Reads the canonical SQL text back. Only the form {@link #toSql()} writes is accepted.
     *
     * @throws IllegalArgumentException naming the position where the text departs from that form
     */
    public static WriteSet parse(String sql) {
        return new Parser(sql).writeSet();
    }

    /** A reader of exactly the text {@link #toSql()} writes. */
    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        WriteSet writeSet() {
            List<RowChange> out = new ArrayList<>();
            while (at < s.length()) {
                expect("DELETE FROM ");
                String table = tableName();
                expect(" WHERE ");
                List<String> keyColumns = new ArrayList<>();
                List<Object> key = new ArrayList<>();
                while (true) {
                    keyColumns.add(identifier());
                    if (s.startsWith(" IS NULL", at)) {
                        at += 8;
                        key.add(null);
                    } else {
                        expect(" = ");
                        key.add(literal());
                    }
                    if (s.startsWith(" AND ", at)) {
                        at += 5;
                    } else {
                        break;
                    }
                }
                expect(";\n");
                int copies = 0;
                RowChange inserted = null;
                while (s.startsWith("INSERT INTO ", at)) {
                    int start = at;
                    at += 12;
                    String into = tableName();
                    if (!into.equals(table)) {
                        throw error("INSERT INTO " + into + " after DELETE FROM " + table);
                    }
                    expect(" (");
                    List<String> columns = new ArrayList<>();
                    do {
                        columns.add(identifier());
                    } while (comma());
                    expect(") VALUES (");
                    List<Object> image = new ArrayList<>();
                    do {
                        image.add(literal());
                    } while (comma());
                    expect(");\n");
                    RowChange c = RowChange.upsert(table, keyColumns, columns, image);
                    if (!RowChange.RowId.valuesEqual(c.key(), key)) {
                        throw error("the INSERT's key " + c.key() + " differs from the DELETE's " + key);
                    }
                    if (inserted != null && !inserted.equals(c)) {
                        at = start;
                        throw error("a repeated INSERT differs from the first");
                    }
                    if (inserted != null && !keyColumns.equals(columns)) {
                        at = start;
                        throw error("a repeated INSERT into a table with a primary key");
                    }
                    inserted = c;
                    copies++;
                }
                out.add(inserted == null ? RowChange.delete(table, keyColumns, key)
                        : new RowChange(table, keyColumns, key, inserted.columns(), inserted.image(), copies));
            }
            return new WriteSet(out);
        }

        private boolean comma() {
            if (s.startsWith(", ", at)) {
                at += 2;
                return true;
            }
            return false;
        }

        private void expect(String text) {
            if (!s.startsWith(text, at)) {
                throw error("expected '" + text.replace("\n", "\\n") + "'");
            }
            at += text.length();
        }

        private String identifier() {
            return delimited('"', "identifier");
        }

        /** A table's name: identifiers separated by '.', read back as one name with '.' between the parts. */
        private String tableName() {
            StringBuilder sb = new StringBuilder(identifier());
            while (s.startsWith(".\"", at)) {
                at++;
                sb.append('.').append(identifier());
            }
            return sb.toString();
        }

        private String quoted() {
            return delimited('\'', "string literal");
        }

        /** Text between two {@code quote}s, a doubled quote standing for one. */
        private String delimited(char quote, String what) {
            expect(String.valueOf(quote));
            StringBuilder sb = new StringBuilder();
            while (true) {
                int q = s.indexOf(quote, at);
                if (q < 0) {
                    throw error("unterminated " + what);
                }
                sb.append(s, at, q);
                at = q + 1;
                if (at < s.length() && s.charAt(at) == quote) {
                    sb.append(quote);
                    at++;
                } else {
                    return sb.toString();
                }
            }
        }

        private Object literal() {
            int start = at;
            try {
                if (s.startsWith("NULL", at)) {
                    at += 4;
                    return null;
                }
                if (s.startsWith("TRUE", at)) {
                    at += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("FALSE", at)) {
                    at += 5;
                    return Boolean.FALSE;
                }
                if (s.startsWith("X'", at)) {
                    at++;
                    return HEX.parseHex(quoted());
                }
                if (s.startsWith("'", at)) {
                    return quoted();
                }
                if (s.startsWith("DATE ", at)) {
                    at += 5;
                    return LocalDate.parse(quoted());
                }
                if (s.startsWith("TIME ", at)) {
                    at += 5;
                    return LocalTime.parse(quoted());
                }
                if (s.startsWith("TIMESTAMP WITH TIME ZONE ", at)) {
                    at += 25;
                    return OffsetDateTime.parse(quoted().replace(' ', 'T'));
                }
                if (s.startsWith("TIMESTAMP ", at)) {
                    at += 10;
                    return LocalDateTime.parse(quoted().replace(' ', 'T'));
                }
                int end = at;
                while (end < s.length() && "+-.0123456789E".indexOf(s.charAt(end)) >= 0) {
                    end++;
                }
                String number = s.substring(at, end);
                if (number.isEmpty()) {
                    throw error("expected a literal");
                }
                at = end;
                return number.contains("E") ? (Object) Double.valueOf(number) : new BigDecimal(number);
            } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
                at = start;
                throw error("malformed literal: " + e.getMessage());
            }
        }

        private IllegalArgumentException error(String what) {
            int from = Math.max(0, at - 20);
            int to = Math.min(s.length(), at + 20);
            return new IllegalArgumentException("write set SQL at offset " + at + ": " + what + " near '"
                    + s.substring(from, to).replace("\n", "\\n") + "'");
        }
    }
}
