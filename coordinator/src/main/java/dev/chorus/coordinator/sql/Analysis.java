package dev.chorus.coordinator.sql;

import java.util.List;

/**
 * What the coordinator knows about one SQL text before it sends it anywhere.
 *
 * @param kind           what the statement does
 * @param firstKeyword   the statement's first keyword, upper case (empty for an empty text)
 * @param parameterCount the number of {@code ?} placeholders
 * @param orderBy        the top-level ORDER BY items without ASC/DESC/NULLS, as written; null when the
 *                       statement has no top-level ORDER BY (its rows are then compared as a multiset)
 * @param sql            the text to send to the replicas: the application's, without a terminating semicolon
 */
public record Analysis(StatementKind kind, String firstKeyword, int parameterCount, List<String> orderBy, String sql) {
    public Analysis {
        orderBy = orderBy == null ? null : List.copyOf(orderBy);
    }

    public boolean ordered() {
        return orderBy != null;
    }
}
