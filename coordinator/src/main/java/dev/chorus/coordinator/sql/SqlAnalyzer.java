package dev.chorus.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.chorus.coordinator.sql.SqlLexer.Token;
import dev.chorus.coordinator.sql.SqlLexer.Type;

/**
 * A lexical analysis of SQL text: statement kind, placeholder count and the top-level ORDER BY list. It
 * understands quoting and comments, not grammar: it serves the checks made before translation and the ORDER BY items
 * the vote compares; the statement itself is parsed by jOOQ in {@link dev.chorus.coordinator.translate.Translator}. Results
 * are cached by SQL text, bounded so that an application generating unique SQL cannot exhaust the heap.
 *
 * <p>Thread-safe.
 */
public final class SqlAnalyzer {
    private static final int CACHE_LIMIT = 10_000;
    private static final Set<String> QUERY = Set.of("SELECT", "WITH", "VALUES", "TABLE");
    private static final Set<String> WRITE = Set.of("INSERT", "UPDATE", "DELETE", "MERGE");
    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "COMMENT", "GRANT", "REVOKE", "RENAME");
    private static final Set<String> SESSION = Set.of("BEGIN", "START", "SAVEPOINT", "RELEASE", "SET", "END", "USE", "DECLARE");
    private static final Set<String> ORDER_BY_END = Set.of("OFFSET", "FETCH", "LIMIT", "FOR");

    private final Map<String, Analysis> cache = new ConcurrentHashMap<>();

    public Analysis analyse(String sql) {
        Analysis cached = cache.get(sql);
        if (cached != null) {
            return cached;
        }
        Analysis a = compute(sql);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(sql, a);
        return a;
    }

    static Analysis compute(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        // One statement per call: engines differ on several (H2 and HSQLDB run them all, Derby rejects them), so
        // a second statement would leave replicas different and slip past every check made on the first.
        String toSend = sql;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.SYMBOL && t.text().equals(";")) {
                for (int j = i + 1; j < tokens.size(); j++) {
                    if (!(tokens.get(j).type() == Type.SYMBOL && tokens.get(j).text().equals(";"))) {
                        return new Analysis(StatementKind.MULTIPLE, "", 0, null, sql);
                    }
                }
                // Only semicolons follow: a terminator, which Derby rejects and the others ignore.
                toSend = sql.substring(0, t.start());
                tokens = tokens.subList(0, i);
                break;
            }
        }
        int params = 0;
        for (Token t : tokens) {
            if (t.type() == Type.PARAM) {
                params++;
            }
        }
        String first = "";
        for (Token t : tokens) {
            if (t.type() == Type.WORD) {
                first = t.upper();
                break;
            }
            if (!(t.type() == Type.SYMBOL && t.text().equals("("))) {
                break;
            }
        }
        StatementKind kind;
        if (QUERY.contains(first)) {
            kind = StatementKind.QUERY;
        } else if (WRITE.contains(first)) {
            kind = StatementKind.WRITE;
        } else if (DDL.contains(first)) {
            kind = StatementKind.DDL;
        } else if (first.equals("COMMIT")) {
            kind = StatementKind.COMMIT;
        } else if (first.equals("ROLLBACK")) {
            kind = tokens.stream().anyMatch(t -> t.type() == Type.WORD && t.upper().equals("TO"))
                    ? StatementKind.SESSION_CONTROL : StatementKind.ROLLBACK;
        } else if (SESSION.contains(first)) {
            kind = StatementKind.SESSION_CONTROL;
        } else {
            kind = StatementKind.OTHER;
        }
        return new Analysis(kind, first, params, kind == StatementKind.QUERY ? orderBy(unwrapParentheses(tokens)) : null, toSend);
    }

    /** Drops parentheses around the whole statement: {@code (SELECT ... ORDER BY x)} is ordered too. */
    private static List<Token> unwrapParentheses(List<Token> tokens) {
        while (tokens.size() >= 2 && tokens.get(0).text().equals("(") && tokens.get(tokens.size() - 1).text().equals(")")) {
            int depth = 0;
            for (int i = 0; i < tokens.size() - 1; i++) {
                Token t = tokens.get(i);
                depth += t.type() == Type.SYMBOL ? (t.text().equals("(") ? 1 : t.text().equals(")") ? -1 : 0) : 0;
                if (depth == 0) {
                    return tokens; // the first parenthesis closes before the end: (a) UNION (b)
                }
            }
            tokens = tokens.subList(1, tokens.size() - 1);
        }
        return tokens;
    }

    /** The items of the last ORDER BY at parenthesis depth 0, or null. */
    private static List<String> orderBy(List<Token> tokens) {
        int depth = 0;
        int start = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.SYMBOL) {
                depth += t.text().equals("(") ? 1 : t.text().equals(")") ? -1 : 0;
            } else if (depth == 0 && t.type() == Type.WORD && t.upper().equals("ORDER") && i + 1 < tokens.size()
                    && tokens.get(i + 1).upper().equals("BY")) {
                start = i + 2;
            } else if (depth == 0 && t.type() == Type.WORD && (t.upper().equals("UNION") || t.upper().equals("EXCEPT")
                    || t.upper().equals("INTERSECT") || t.upper().equals("MINUS"))) {
                start = -1;
            }
        }
        if (start < 0) {
            return null;
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        depth = 0;
        for (int i = start; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.type() == Type.SYMBOL && t.text().equals("(")) {
                depth++;
            } else if (t.type() == Type.SYMBOL && t.text().equals(")")) {
                depth--;
            }
            if (depth == 0 && t.type() == Type.WORD && ORDER_BY_END.contains(t.upper())) {
                break;
            }
            if (depth == 0 && t.type() == Type.SYMBOL && t.text().equals(",")) {
                items.add(item.toString());
                item.setLength(0);
                continue;
            }
            if (depth == 0 && t.type() == Type.WORD && (t.upper().equals("ASC") || t.upper().equals("DESC"))) {
                continue;
            }
            if (depth == 0 && t.type() == Type.WORD && t.upper().equals("NULLS")) {
                i++; // FIRST or LAST
                continue;
            }
            item.append(t.text());
        }
        if (item.length() > 0) {
            items.add(item.toString());
        }
        return items;
    }
}
