package dev.chorus.coordinator.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into tokens: words, quoted identifiers, string literals, {@code ?} placeholders and single-character
 * symbols. It understands quoting and comments (which it drops), not grammar. Shared by {@link SqlAnalyzer} and the
 * translator, which uses it to name placeholders before parsing and to find them again after rendering.
 */
public final class SqlLexer {
    /** What a token is. */
    public enum Type { WORD, QUOTED_IDENTIFIER, STRING, PARAM, SYMBOL }

    /**
     * One token.
     *
     * @param type  what it is
     * @param text  the text as written (with its quotes)
     * @param upper the text in upper case (for words; the text itself otherwise)
     * @param start the offset of its first character in the SQL text
     */
    public record Token(Type type, String text, String upper, int start) {
        public int end() {
            return start + text.length();
        }

        public boolean isWord(String upperCase) {
            return type == Type.WORD && upper.equals(upperCase);
        }

        public boolean isSymbol(char c) {
            return type == Type.SYMBOL && text.charAt(0) == c;
        }
    }

    private SqlLexer() {
    }

    public static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                String text = sql.substring(i, Math.min(j + 1, n));
                out.add(new Token(c == '\'' ? Type.STRING : Type.QUOTED_IDENTIFIER, text, text, i));
                i = j + 1;
            } else if (c == '?') {
                out.add(new Token(Type.PARAM, "?", "?", i));
                i++;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || "_$.".indexOf(sql.charAt(j)) >= 0)) {
                    j++;
                }
                String text = sql.substring(i, j);
                out.add(new Token(Type.WORD, text, text.toUpperCase(Locale.ROOT), i));
                i = j;
            } else {
                out.add(new Token(Type.SYMBOL, String.valueOf(c), String.valueOf(c), i));
                i++;
            }
        }
        return out;
    }
}
