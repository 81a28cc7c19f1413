package dev.chorus.coordinator.translate;

import dev.chorus.coordinator.sql.SqlLexer;
import dev.chorus.coordinator.sql.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lexical steps around jOOQ's parser. Before parsing, every {@code ?} becomes a named parameter {@code :P0},
 * {@code :P1} ... in source order, because jOOQ renumbers unnamed parameters by their position in the rendered
 * text, which changes between dialects ({@code LIMIT ? OFFSET ?} becomes {@code OFFSET ? ROWS FETCH NEXT ? ROWS
 * ONLY}). After rendering, every {@code :name} becomes {@code ?} again and its name says where its value comes
 * from. Also before parsing, spellings jOOQ's parser does not know are replaced by ones it does.
 */
final class Placeholders {
    /** The prefix of the name given to the application's k-th placeholder. */
    static final String CLIENT_PREFIX = "P";

    /** The name CONCAT( is parsed under, as an unknown function, so that it stays apart from ||. */
    static final String CONCAT_FUNCTION = "CHORUS_CONCAT";

    /** Spellings jOOQ 3.19 parses as column names, mapped to equivalent ones it parses as functions. */
    private static final Map<String, String> SPELLINGS = Map.of("LOCALTIMESTAMP", "CURRENT_TIMESTAMP", "LOCALTIME", "CURRENT_TIME");

    private Placeholders() {
    }

    /** The SQL with each {@code ?} replaced by {@code :P<k>} and the parser's unknown spellings replaced. */
    static String name(String sql) {
        List<Token> tokens = SqlLexer.tokenize(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int at = 0;
        int k = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String replacement = null;
            if (t.type() == SqlLexer.Type.PARAM) {
                replacement = ":" + CLIENT_PREFIX + k++;
            } else if (t.isWord("CONCAT") && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol('(')) {
                // jOOQ parses CONCAT(...) and || into the same node; H2's CONCAT ignores NULLs, || does not.
                replacement = CONCAT_FUNCTION;
            } else if (t.type() == SqlLexer.Type.WORD && SPELLINGS.containsKey(t.upper())
                    && (i == 0 || !tokens.get(i - 1).isSymbol('.'))) {
                replacement = SPELLINGS.get(t.upper());
            }
            if (replacement != null) {
                out.append(sql, at, t.start()).append(replacement);
                at = t.end();
            }
        }
        return out.append(sql, at, sql.length()).toString();
    }

    /**
     * Rendered SQL with its named parameters turned back into {@code ?}.
     *
     * @param sql   the text to send
     * @param names the parameter names in the order of the {@code ?} in {@code sql}
     */
    record Unnamed(String sql, List<String> names) {
    }

    static Unnamed unname(String rendered) {
        List<Token> tokens = SqlLexer.tokenize(rendered);
        StringBuilder out = new StringBuilder(rendered.length());
        List<String> names = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isSymbol(':') && i + 1 < tokens.size() && tokens.get(i + 1).type() == SqlLexer.Type.WORD
                    && tokens.get(i + 1).start() == t.end() && (i == 0 || !tokens.get(i - 1).isSymbol(':'))) {
                Token name = tokens.get(i + 1);
                names.add(name.text());
                out.append(rendered, at, t.start()).append('?');
                at = name.end();
                i++;
            } else if (t.type() == SqlLexer.Type.PARAM) {
                names.add(null); // a parameter jOOQ added without a name: not ours
            }
        }
        return new Unnamed(out.append(rendered, at, rendered.length()).toString(), names);
    }

    /**
     * The text of an error jOOQ rendered instead of SQL it cannot produce for a dialect ({@code [ ... ]} outside
     * string literals and quoted names), or null when there is none.
     */
    static String renderError(String rendered) {
        for (Token t : SqlLexer.tokenize(rendered)) {
            if (t.isSymbol('[') && t.end() < rendered.length() && rendered.charAt(t.end()) == ' ') {
                int close = rendered.indexOf(" ]", t.end());
                return rendered.substring(t.end(), close < 0 ? rendered.length() : close).trim();
            }
        }
        return null;
    }
}
